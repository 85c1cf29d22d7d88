// SPDX-License-Identifier: GPL-2.0
/*
 * PCI interrupt routing through Xen.
 *
 * arch/x86/Kconfig builds this file whenever PCI and XEN are both set.
 * Only a PV domain needs it: there MSI and legacy interrupts reach the
 * guest as event channels (pirqs), set up by the PV and dom0 code.  An HVM
 * or PVH guest keeps the emulated IO-APIC and MSI, so for those modes
 * there is nothing to do here yet; the PV support fills this file.
 */
