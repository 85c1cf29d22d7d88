/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hooks the x86 core calls into the Xen guest code.  Included by every user
 * of <asm/hypervisor.h>, so it must stay cheap and safe with CONFIG_XEN=n.
 */
#ifndef _ASM_X86_XEN_HYPERVISOR_H
#define _ASM_X86_XEN_HYPERVISOR_H

#include <linux/types.h>
#include <asm/xen/cpuid.h>	/* XEN_SIGNATURE, for KVM's Xen emulation */

struct pci_dev;

#if defined(CONFIG_XEN_DOM0) && defined(CONFIG_PCI_MSI)
bool xen_initdom_restore_msi(struct pci_dev *dev);
#else
/* Anywhere but dom0 the generic PCI code rewrites the MSI messages itself. */
static inline bool xen_initdom_restore_msi(struct pci_dev *dev)
{
	return true;
}
#endif

#ifdef CONFIG_XEN_DOM0
void xen_sanitize_proc_cap_bits(u32 *cap);
#else
/* Only dom0 hands the processors' power management to Xen. */
static inline void xen_sanitize_proc_cap_bits(u32 *cap)
{
}
#endif

#ifdef CONFIG_PVH
struct boot_params;

/* Used by the PVH entry in head.S only. */
extern struct boot_params pvh_boot_params;
void pvh_fill_boot_params(u32 start_info_pa);
#endif

#endif /* _ASM_X86_XEN_HYPERVISOR_H */
