/* SPDX-License-Identifier: MIT */
/*
 * x86_64 part of the Xen guest ABI, as described by Xen's public headers
 * <xen/arch-x86/xen.h> and <xen/arch-x86/xen-x86_64.h>.
 */
#ifndef _ASM_X86_XEN_INTERFACE_H
#define _ASM_X86_XEN_INTERFACE_H

/*
 * Guest handles: the way a hypercall argument refers to guest memory.
 * On x86 a handle is a plain guest virtual address, so it is kept as an
 * ordinary pointer (same size and alignment as Xen's { type *p; } wrapper).
 * Read-only handles get a const_ prefix, e.g. GUEST_HANDLE(const_void).
 */
#define __DEFINE_GUEST_HANDLE(name, type_t)	typedef type_t *__guest_handle_ ## name
#define DEFINE_GUEST_HANDLE_STRUCT(name)	__DEFINE_GUEST_HANDLE(name, struct name)
#define DEFINE_GUEST_HANDLE(name)		__DEFINE_GUEST_HANDLE(name, name)
#define __GUEST_HANDLE(name)			__guest_handle_ ## name
#define GUEST_HANDLE(name)			__GUEST_HANDLE(name)

#define set_xen_guest_handle(hnd, val)		((hnd) = (val))

/* Legacy limit: vCPUs whose vcpu_info lives in the shared_info page. */
#define XEN_LEGACY_MAX_VCPUS	32
#define MAX_VIRT_CPUS		XEN_LEGACY_MAX_VCPUS

/* Machine frame number <-> %cr3 value of a PV guest. */
#define xen_pfn_to_cr3(pfn)	((unsigned long)(pfn) << 12)
#define xen_cr3_to_pfn(cr3)	((unsigned long)(cr3) >> 12)

#ifndef __ASSEMBLY__
#include <linux/types.h>

/* Word sized values in the ABI: 64 bits on x86_64. */
typedef unsigned long xen_ulong_t;
/* Page frame number: a guest (pseudo-)physical or machine frame. */
typedef unsigned long xen_pfn_t;

#define PRI_xen_ulong	"lx"
#define PRI_xen_pfn	"lx"

/* Handles for the basic types, used by many hypercall argument structs. */
DEFINE_GUEST_HANDLE(char);
__DEFINE_GUEST_HANDLE(const_char, const char);
__DEFINE_GUEST_HANDLE(uchar, unsigned char);
DEFINE_GUEST_HANDLE(int);
__DEFINE_GUEST_HANDLE(uint, unsigned int);
DEFINE_GUEST_HANDLE(void);
__DEFINE_GUEST_HANDLE(const_void, const void);
DEFINE_GUEST_HANDLE(uint64_t);
DEFINE_GUEST_HANDLE(xen_pfn_t);
DEFINE_GUEST_HANDLE(xen_ulong_t);

/* Per-vCPU architectural state inside struct vcpu_info (16 bytes). */
struct arch_vcpu_info {
	unsigned long cr2;	/* faulting address, for PV page faults */
	unsigned long pad;
};

/* Architectural part of struct shared_info. */
struct arch_shared_info {
	/* Number of valid entries in the PV guest's p2m table. */
	unsigned long max_pfn;
	/* MFN of the top of the 3-level p2m frame list tree (0: none, ~0: invalid). */
	xen_pfn_t pfn_to_mfn_frame_list_list;
	unsigned long nmi_reason;
	/* Linear p2m list: address space (%cr3 format), address, and generation. */
	unsigned long p2m_cr3;
	unsigned long p2m_vaddr;
	unsigned long p2m_generation;	/* odd while the guest updates the list */
};

/* Callback (entry point) address registered with Xen. */
typedef unsigned long xen_callback_t;

#endif /* !__ASSEMBLY__ */

#endif /* _ASM_X86_XEN_INTERFACE_H */
