/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The IDT entry of the event channel upcall vector, in front of the
 * kernel's own entry code for it (asm_sysvec_xen_hvm_callback).
 *
 * Xen injects the vector as an event, which the CPU delivers even with
 * interrupts off.  In the lab (Xen 4.17 on QEMU's emulated SVM, a guest
 * with two vCPUs, about one boot in twenty) we saw it delivered twice: the
 * second time at the first instruction of the handler, before it ran,
 * with IF clear.  When the first delivery came from user mode, the second
 * finds the user's GS base in a kernel-mode frame and the kernel dies on
 * its first per-CPU access.
 *
 * No interrupt can architecturally arrive at this entry's first
 * instruction (the gate has just cleared IF), so a frame that says it
 * interrupted us there is that repeated delivery: drop it, going back to
 * the stack pointer it saved, and handle the first one.  The events behind
 * both are handled in that one pass.
 */
#include <linux/linkage.h>
#include <asm/unwind_hints.h>

	.pushsection .entry.text, "ax"

/* struct pt_regs iret frame: ip, cs, flags, sp, ss */
#define UPCALL_FRAME_SP	24

SYM_CODE_START(xen_hvm_upcall_entry)
	UNWIND_HINT_IRET_REGS
	cmpq	$xen_hvm_upcall_entry, (%rsp)
	jne	1f
	movq	UPCALL_FRAME_SP(%rsp), %rsp
1:
	UNWIND_HINT_IRET_REGS
	jmp	asm_sysvec_xen_hvm_callback
SYM_CODE_END(xen_hvm_upcall_entry)

	.popsection
