/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Typed hypercalls, for every kind of x86_64 guest.
 *
 * A guest in a hardware container (PVH and HVM) traps into Xen with VMCALL
 * on Intel and VMMCALL on AMD: %rax holds the hypercall number and the
 * result, %rdi, %rsi, %rdx, %r10 and %r8 the arguments.  We pick the
 * instruction with one predictable branch on a flag set at detection
 * instead of Xen's hypercall page: the exit to Xen costs a thousand times
 * more than the branch, and nothing has to be written into kernel text.
 *
 * A PV guest runs its kernel in ring 3 and has no such instruction of its
 * own: it calls the stub for the hypercall in the page Xen writes at
 * hypercall_page (named by an ELF note in xen-head.S), 32 bytes a stub,
 * with the same registers.  The stubs save %rcx and %r11 around their
 * SYSCALL; we still let the compiler treat them as clobbered, as the
 * hypercall instructions do.
 */
#ifndef _ASM_X86_XEN_HYPERCALL_H
#define _ASM_X86_XEN_HYPERCALL_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/processor.h>
#include <asm/asm.h>
#include <xen/interface/xen.h>

/* True on AMD-style CPUs (VMMCALL); set by xen_hypercall_setup(). */
extern bool xen_hypercall_use_vmmcall;

#ifdef CONFIG_XEN_PV
/* True in a PV guest: set by the PV entry before any hypercall. */
extern bool xen_hypercall_use_page;
/* Xen's stubs, one per hypercall number, 32 bytes each (xen-head.S). */
extern char hypercall_page[];
#else
#define xen_hypercall_use_page	false
#endif

/*
 * Choose the hypercall instruction for this CPU: Intel's VMX traps VMCALL,
 * AMD's SVM (also Hygon's) VMMCALL.  Inline and CPUID only, because the
 * PVH entry calls it before anything is set up or instrumentable.
 */
static __always_inline void xen_hypercall_setup(void)
{
	u32 eax = 0, ebx, ecx = 0, edx;

	native_cpuid(&eax, &ebx, &ecx, &edx);
	xen_hypercall_use_vmmcall = (ebx == 0x68747541 && edx == 0x69746e65) ||
				    (ebx == 0x6f677948 && edx == 0x6e65476e);
}

static __always_inline long xen_hypercall5(unsigned int nr, unsigned long a1,
					   unsigned long a2, unsigned long a3,
					   unsigned long a4, unsigned long a5)
{
	register unsigned long r10 asm("r10") = a4;
	register unsigned long r8 asm("r8") = a5;
	long ret = nr;

	if (xen_hypercall_use_page)
		asm volatile("call hypercall_page + %c[offset]"
			     : "+a" (ret), "+D" (a1), "+S" (a2), "+d" (a3),
			       "+r" (r10), "+r" (r8), ASM_CALL_CONSTRAINT
			     : [offset] "i" (nr * 32)
			     : "rcx", "r11", "memory");
	else if (xen_hypercall_use_vmmcall)
		asm volatile("vmmcall"
			     : "+a" (ret), "+D" (a1), "+S" (a2), "+d" (a3),
			       "+r" (r10), "+r" (r8)
			     : : "rcx", "r11", "memory");
	else
		asm volatile("vmcall"
			     : "+a" (ret), "+D" (a1), "+S" (a2), "+d" (a3),
			       "+r" (r10), "+r" (r8)
			     : : "rcx", "r11", "memory");
	return ret;
}

#define xen_hypercall(op, a1, a2, a3, a4, a5)				\
	xen_hypercall5(__HYPERVISOR_##op, (unsigned long)(a1),		\
		       (unsigned long)(a2), (unsigned long)(a3),	\
		       (unsigned long)(a4), (unsigned long)(a5))

static inline int HYPERVISOR_sched_op(int cmd, void *arg)
{
	return xen_hypercall(sched_op, cmd, arg, 0, 0, 0);
}

static inline int HYPERVISOR_event_channel_op(int cmd, void *arg)
{
	return xen_hypercall(event_channel_op, cmd, arg, 0, 0, 0);
}

static inline int HYPERVISOR_grant_table_op(unsigned int cmd, void *uop,
					    unsigned int count)
{
	return xen_hypercall(grant_table_op, cmd, uop, count, 0, 0);
}

static inline int HYPERVISOR_memory_op(unsigned int cmd, void *arg)
{
	return xen_hypercall(memory_op, cmd, arg, 0, 0, 0);
}

static inline int HYPERVISOR_vcpu_op(int cmd, unsigned int vcpu, void *arg)
{
	return xen_hypercall(vcpu_op, cmd, vcpu, arg, 0, 0);
}

static inline int HYPERVISOR_hvm_op(int op, void *arg)
{
	return xen_hypercall(hvm_op, op, arg, 0, 0, 0);
}

static inline int HYPERVISOR_xen_version(int cmd, void *arg)
{
	return xen_hypercall(xen_version, cmd, arg, 0, 0, 0);
}

static inline int HYPERVISOR_console_io(int cmd, int count, const char *str)
{
	return xen_hypercall(console_io, cmd, count, str, 0, 0);
}

static inline int HYPERVISOR_vm_assist(unsigned int cmd, unsigned int type)
{
	return xen_hypercall(vm_assist, cmd, type, 0, 0, 0);
}

static inline int HYPERVISOR_physdev_op(int cmd, void *arg)
{
	return xen_hypercall(physdev_op, cmd, arg, 0, 0, 0);
}

#ifdef CONFIG_XEN_PV
struct trap_info;

/* The rest exist for PV guests only. */
static inline int HYPERVISOR_mmu_update(struct mmu_update *req, int count,
					int *done, domid_t domid)
{
	return xen_hypercall(mmu_update, req, count, done, domid, 0);
}

static inline int HYPERVISOR_mmuext_op(struct mmuext_op *op, int count,
				       int *done, domid_t domid)
{
	return xen_hypercall(mmuext_op, op, count, done, domid, 0);
}

static inline int HYPERVISOR_update_va_mapping(unsigned long va, u64 pte,
					       unsigned long flags)
{
	return xen_hypercall(update_va_mapping, va, pte, flags, 0, 0);
}

static inline int HYPERVISOR_set_trap_table(const struct trap_info *table)
{
	return xen_hypercall(set_trap_table, table, 0, 0, 0, 0);
}

static inline int HYPERVISOR_set_gdt(const unsigned long *frames,
				     unsigned int entries)
{
	return xen_hypercall(set_gdt, frames, entries, 0, 0, 0);
}

static inline int HYPERVISOR_stack_switch(unsigned long ss, unsigned long sp)
{
	return xen_hypercall(stack_switch, ss, sp, 0, 0, 0);
}

static inline int HYPERVISOR_set_segment_base(int which, unsigned long base)
{
	return xen_hypercall(set_segment_base, which, base, 0, 0, 0);
}

static inline int HYPERVISOR_callback_op(int cmd, const void *arg)
{
	return xen_hypercall(callback_op, cmd, arg, 0, 0, 0);
}

static inline int HYPERVISOR_fpu_taskswitch(int set)
{
	return xen_hypercall(fpu_taskswitch, set, 0, 0, 0, 0);
}

static inline int HYPERVISOR_update_descriptor(u64 maddr, u64 desc)
{
	return xen_hypercall(update_descriptor, maddr, desc, 0, 0, 0);
}

static inline int HYPERVISOR_set_debugreg(int reg, unsigned long value)
{
	return xen_hypercall(set_debugreg, reg, value, 0, 0, 0);
}

static inline unsigned long HYPERVISOR_get_debugreg(int reg)
{
	return xen_hypercall(get_debugreg, reg, 0, 0, 0, 0);
}

static inline int HYPERVISOR_multicall(struct multicall_entry *calls,
				       unsigned int nr)
{
	return xen_hypercall(multicall, calls, nr, 0, 0, 0);
}

static inline int HYPERVISOR_set_timer_op(u64 deadline)
{
	return xen_hypercall(set_timer_op, deadline, 0, 0, 0, 0);
}
#endif /* CONFIG_XEN_PV */

#endif /* _ASM_X86_XEN_HYPERCALL_H */
