/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Typed hypercalls for a guest in a hardware container (PVH and HVM).
 *
 * Such a guest traps into Xen with VMCALL on Intel and VMMCALL on AMD:
 * %rax holds the hypercall number and the result, %rdi, %rsi, %rdx, %r10
 * and %r8 the arguments.  We pick the instruction with one predictable
 * branch on a flag set at detection instead of Xen's hypercall page: the
 * exit to Xen costs a thousand times more than the branch, and nothing
 * has to be written into kernel text.
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

	if (xen_hypercall_use_vmmcall)
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

#endif /* _ASM_X86_XEN_HYPERCALL_H */
