/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Included at the end of arch/x86/kernel/head_64.S: the home of Xen's entry
 * points and ELF notes once the guest core exists.  Nothing is assembled
 * while CONFIG_XEN cannot be set.
 */
