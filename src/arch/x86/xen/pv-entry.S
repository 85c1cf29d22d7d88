/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How a PV guest enters and leaves the kernel.
 *
 * Xen delivers exceptions, events and system calls to the addresses the
 * guest registered, on the kernel stack, with the frame an interrupt gate
 * would push (%rip, %cs, %rflags, %rsp, %ss, and an error code where the
 * CPU pushes one) plus the guest's %rcx and %r11 on top: Xen needed those
 * two registers for its own SYSRET-style return into the guest.  So each
 * entry here pops %rcx and %r11 and continues in the native entry code,
 * which from then on cannot tell Xen from hardware.
 *
 * The way back is HYPERVISOR_iret: the guest kernel runs in ring 3 and its
 * "interrupt flag" is the vCPU's event mask, which only Xen can restore
 * together with the frame.
 */
#include <linux/init.h>
#include <linux/linkage.h>
#include <linux/objtool.h>
#include <asm/asm-offsets.h>
#include <asm/segment.h>
#include <asm/unwind_hints.h>
#include <asm/xen/interface.h>
#include <xen/interface/xen.h>

#include "../entry/calling.h"

/* Restore the two registers Xen saved on top of every frame it delivers. */
.macro xen_pv_pop_rcx_r11
	popq	%rcx
	popq	%r11
.endm

/* A Xen entry for the native entry \target. */
.macro xen_pv_trap name, target
SYM_CODE_START(xen_asm_\name)
	UNWIND_HINT_UNDEFINED
	ENDBR
	xen_pv_pop_rcx_r11
	jmp	\target
SYM_CODE_END(xen_asm_\name)
.endm

/* The native handler of each vector, or the Xen variant where IST matters. */
xen_pv_trap exc_divide_error, asm_exc_divide_error
xen_pv_trap xenpv_exc_debug, asm_xenpv_exc_debug
xen_pv_trap xenpv_exc_nmi, asm_xenpv_exc_nmi
xen_pv_trap exc_int3, asm_exc_int3
xen_pv_trap exc_overflow, asm_exc_overflow
xen_pv_trap exc_bounds, asm_exc_bounds
xen_pv_trap exc_invalid_op, asm_exc_invalid_op
xen_pv_trap exc_device_not_available, asm_exc_device_not_available
xen_pv_trap xenpv_exc_double_fault, asm_xenpv_exc_double_fault
xen_pv_trap exc_coproc_segment_overrun, asm_exc_coproc_segment_overrun
xen_pv_trap exc_invalid_tss, asm_exc_invalid_tss
xen_pv_trap exc_segment_not_present, asm_exc_segment_not_present
xen_pv_trap exc_stack_segment, asm_exc_stack_segment
xen_pv_trap exc_general_protection, asm_exc_general_protection
xen_pv_trap exc_page_fault, asm_exc_page_fault
xen_pv_trap exc_spurious_interrupt_bug, asm_exc_spurious_interrupt_bug
xen_pv_trap exc_coprocessor_error, asm_exc_coprocessor_error
xen_pv_trap exc_alignment_check, asm_exc_alignment_check
#ifdef CONFIG_X86_MCE
xen_pv_trap xenpv_exc_machine_check, asm_xenpv_exc_machine_check
#endif
xen_pv_trap exc_simd_coprocessor_error, asm_exc_simd_coprocessor_error
#ifdef CONFIG_IA32_EMULATION
xen_pv_trap int80_emulation, asm_int80_emulation
#endif
xen_pv_trap exc_xen_unknown_trap, asm_exc_xen_unknown_trap
xen_pv_trap exc_xen_hypervisor_callback, asm_exc_xen_hypervisor_callback

/*
 * Faults before the IDT exists, for early_idt_handler_array's users:
 * the same stubs, one per vector, XEN_EARLY_IDT_HANDLER_SIZE bytes each.
 * xen_pv_early_stub emits the stub for vector early_vector and counts on.
 */
.macro xen_pv_early_stub
	UNWIND_HINT_UNDEFINED
	ENDBR
	xen_pv_pop_rcx_r11
	jmp	early_idt_handler_array + early_vector * EARLY_IDT_HANDLER_SIZE
	early_vector = early_vector + 1
	.fill	xen_early_idt_handler_array + early_vector * XEN_EARLY_IDT_HANDLER_SIZE - ., 1, 0xcc
.endm

	__INIT
SYM_CODE_START(xen_early_idt_handler_array)
	early_vector = 0
	.rept NUM_EXCEPTION_VECTORS
	xen_pv_early_stub
	.endr
SYM_CODE_END(xen_early_idt_handler_array)
	__FINIT

/*
 * SYSCALL from 64-bit user space.  Xen leaves %rcx and %r11 on the stack
 * above a frame with Xen's own user selectors; the native entry wants the
 * user's %rip in %rcx, %rflags in %r11 and our selectors in the frame.
 */
SYM_CODE_START(xen_entry_SYSCALL_64)
	UNWIND_HINT_UNDEFINED
	ENDBR
	xen_pv_pop_rcx_r11
	movq	$__USER_CS, CS - RIP(%rsp)
	movq	$__USER_DS, SS - RIP(%rsp)
	jmp	entry_SYSCALL_64_after_hwframe
SYM_CODE_END(xen_entry_SYSCALL_64)

/*
 * SYSCALL and SYSENTER from 32-bit user space are not offered: a PV guest
 * without them gets #UD in user space, which is what compat code without
 * the vDSO's fast path copes with.  Only int $0x80 (above) reaches us.
 */

/*
 * Return from an exception or interrupt to kernel or user mode: the stack
 * holds the native iret frame (%rip first) and every register its final
 * value.  HYPERVISOR_iret takes struct iret_context: %rax, %r11, %rcx and
 * a flags word (none here) below that frame.  Xen's stub for it pushes
 * the three registers itself (the lab's Xen 4.17 writes "push %rcx; push
 * %r11; push %rax; mov $23, %eax; syscall"), so only the flags word is
 * ours to push.  Nothing on this stack is used once Xen takes it.
 */
SYM_CODE_START(xen_iret)
	UNWIND_HINT_IRET_REGS
	ANNOTATE_NOENDBR
	pushq	$0
	jmp	hypercall_page + __HYPERVISOR_iret * 32
SYM_CODE_END(xen_iret)

/* The native exit to user space jumps here under X86_FEATURE_XENPV. */
SYM_CODE_START(xenpv_restore_regs_and_return_to_usermode)
	UNWIND_HINT_REGS
	ANNOTATE_NOENDBR
	POP_REGS
	addq	$8, %rsp		/* orig_ax */
	UNWIND_HINT_IRET_REGS
	jmp	xen_iret
SYM_CODE_END(xenpv_restore_regs_and_return_to_usermode)

/*
 * Where a secondary vCPU starts: VCPUOP_initialise points it here, with
 * %rsp on its idle task's stack and events masked.  A vCPU that CPU
 * hotplug brought down starts over here too, through xen_pv_cpu_restart.
 */
SYM_CODE_START(xen_pv_cpu_entry)
	UNWIND_HINT_END_OF_STACK
	ENDBR
	andq	$~15, %rsp
	xorl	%ebp, %ebp
	call	xen_pv_cpu_start
	ud2
SYM_CODE_END(xen_pv_cpu_entry)

/* xen_pv_cpu_restart(sp): drop the current stack, start over at sp. */
SYM_CODE_START(xen_pv_cpu_restart)
	UNWIND_HINT_FUNC
	ANNOTATE_NOENDBR
	movq	%rdi, %rsp
	UNWIND_HINT_END_OF_STACK
	jmp	xen_pv_cpu_entry
SYM_CODE_END(xen_pv_cpu_restart)
