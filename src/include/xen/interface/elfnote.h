/* SPDX-License-Identifier: MIT */
/*
 * ELF note types Xen's domain builder reads from a guest kernel image
 * (name "Xen"), as described by Xen's public header <xen/elfnote.h>.
 */
#ifndef _XEN_INTERFACE_ELFNOTE_H
#define _XEN_INTERFACE_ELFNOTE_H

#define XEN_ELFNOTE_INFO		0
#define XEN_ELFNOTE_ENTRY		1	/* PV entry point, virtual address */
#define XEN_ELFNOTE_HYPERCALL_PAGE	2
#define XEN_ELFNOTE_VIRT_BASE		3
#define XEN_ELFNOTE_PADDR_OFFSET	4
#define XEN_ELFNOTE_XEN_VERSION		5	/* "xen-3.0" */
#define XEN_ELFNOTE_GUEST_OS		6	/* "linux" */
#define XEN_ELFNOTE_GUEST_VERSION	7
#define XEN_ELFNOTE_LOADER		8	/* "generic" */
#define XEN_ELFNOTE_PAE_MODE		9
#define XEN_ELFNOTE_FEATURES		10
#define XEN_ELFNOTE_BSD_SYMTAB		11
#define XEN_ELFNOTE_HV_START_LOW	12
#define XEN_ELFNOTE_L1_MFN_VALID	13
#define XEN_ELFNOTE_SUSPEND_CANCEL	14
#define XEN_ELFNOTE_INIT_P2M		15
#define XEN_ELFNOTE_MOD_START_PFN	16
#define XEN_ELFNOTE_SUPPORTED_FEATURES	17
/* PVH entry: 32-bit physical address, entered in flat protected mode. */
#define XEN_ELFNOTE_PHYS32_ENTRY	18

#endif /* _XEN_INTERFACE_ELFNOTE_H */
