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

/*
 * A PV guest's kernel runs in ring 3, on the flat selectors Xen keeps in
 * the reserved top of every GDT.  Exception frames Xen delivers show the
 * kernel's %cs with its RPL cleared, so user_mode() keeps working.
 */
#define FLAT_RING3_CS32		0xe023	/* GDT entry 260 */
#define FLAT_RING3_CS64		0xe033	/* GDT entry 262 */
#define FLAT_RING3_DS32		0xe02b	/* GDT entry 261 */
#define FLAT_RING3_SS64		0xe02b
#define FLAT_KERNEL_CS		FLAT_RING3_CS64
#define FLAT_KERNEL_SS		FLAT_RING3_SS64
#define FLAT_USER_CS32		FLAT_RING3_CS32
#define FLAT_USER_CS		FLAT_RING3_CS64

/* Xen's own part of every PV address space: L4 slots 256 to 271. */
#define HYPERVISOR_VIRT_START	0xFFFF800000000000UL
#define HYPERVISOR_VIRT_END	0xFFFF880000000000UL
/* The read-only machine-to-physical table, one word per machine frame. */
#define MACH2PHYS_VIRT_START	0xFFFF800000000000UL
#define MACH2PHYS_VIRT_END	0xFFFF804000000000UL
#define MACH2PHYS_NR_ENTRIES	((MACH2PHYS_VIRT_END - MACH2PHYS_VIRT_START) >> 3)

/* HYPERVISOR_set_segment_base(which, base) */
#define SEGBASE_FS		0
#define SEGBASE_GS_USER		1
#define SEGBASE_GS_KERNEL	2
#define SEGBASE_GS_USER_SEL	3	/* load the user %gs selector in base[15:0] */

/*
 * HYPERVISOR_iret takes struct iret_context from the top of the stack.
 * With VGCF_in_syscall in its flags Xen returns like SYSRET: %rax, %rip,
 * %rflags and %rsp are restored, %rcx, %r11, %cs and %ss are not.
 */
#define VGCF_in_syscall		0x100

/* HYPERVISOR_callback_op: register the entry points Xen calls. */
#define CALLBACKOP_register	0
#define CALLBACKTYPE_event	0	/* event channel upcall */
#define CALLBACKTYPE_failsafe	1	/* Xen could not restore segments or iret */
#define CALLBACKTYPE_syscall	2	/* SYSCALL from 64-bit user space */
#define CALLBACKTYPE_nmi	4
#define CALLBACKTYPE_syscall32	7	/* SYSCALL from 32-bit user space */
#define CALLBACKTYPE_sysenter	5	/* SYSENTER from 32-bit user space */
#define CALLBACKF_mask_events	0x1	/* enter with events masked */

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

struct callback_register {
	uint16_t type;		/* CALLBACKTYPE_* */
	uint16_t flags;		/* CALLBACKF_* */
	xen_callback_t address;
};

/*
 * One entry of the virtual IDT a PV guest gives HYPERVISOR_set_trap_table;
 * an entry with address 0 ends the table.  flags: bits 0-1 the lowest
 * privilege that may raise the vector with INT (3: user space), bit 2
 * masks events on entry, as an interrupt gate clears IF.
 */
struct trap_info {
	uint8_t vector;
	uint8_t flags;
	uint16_t cs;
	unsigned long address;
};

#define TRAP_INFO_DPL_USER	3
#define TRAP_INFO_MASK_EVENTS	4

/* What HYPERVISOR_iret pops, lowest address first. */
struct iret_context {
	uint64_t rax, r11, rcx, flags, rip, cs, rflags, rsp, ss;
};

/*
 * A vCPU's registers as Xen saves them (x86_64 layout).  Only what
 * VCPUOP_initialise reads is named after its use; the rest keeps its
 * place in the layout.
 */
struct cpu_user_regs {
	uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
	uint64_t rax, rcx, rdx, rsi, rdi;
	uint32_t error_code;		/* private to Xen */
	uint32_t entry_vector;		/* private to Xen */
	uint64_t rip;
	uint16_t cs, _pad0[1];
	uint8_t saved_upcall_mask;
	uint8_t _pad1[3];
	uint64_t rflags;		/* IF is the inverse of the event mask */
	uint64_t rsp;
	uint16_t ss, _pad2[3];
	uint16_t es, _pad3[3];
	uint16_t ds, _pad4[3];
	uint16_t fs, _pad5[3];
	uint16_t gs, _pad6[3];
};

/* vcpu_guest_context.flags */
#define VGCF_i387_valid			0x01
#define VGCF_in_kernel			0x04
#define VGCF_failsafe_disables_events	0x08
#define VGCF_syscall_disables_events	0x10
#define VGCF_online			0x20

/*
 * The state VCPUOP_initialise starts a PV vCPU in.  The GDT is given by
 * machine frames; ctrlreg[3] is the kernel's top-level table and, on
 * x86_64, ctrlreg[1] the user one, both as xen_pfn_to_cr3() values.
 */
struct vcpu_guest_context {
	struct { char x[512]; } fpu_ctxt;	/* FXSAVE area */
	unsigned long flags;			/* VGCF_* */
	struct cpu_user_regs user_regs;
	struct trap_info trap_ctxt[256];	/* the trap table, by vector */
	unsigned long ldt_base, ldt_ents;
	unsigned long gdt_frames[16], gdt_ents;
	unsigned long kernel_ss, kernel_sp;	/* stack on entry from user mode */
	unsigned long ctrlreg[8];
	unsigned long debugreg[8];
	unsigned long event_callback_eip;
	unsigned long failsafe_callback_eip;
	unsigned long syscall_callback_eip;
	unsigned long vm_assist;		/* VMASST_TYPE_* bitmap */
	uint64_t fs_base;
	uint64_t gs_base_kernel;
	uint64_t gs_base_user;
};

#endif /* !__ASSEMBLY__ */

#endif /* _ASM_X86_XEN_INTERFACE_H */
