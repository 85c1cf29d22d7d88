/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Included at the end of arch/x86/kernel/head_64.S: the ELF notes Xen's
 * domain builders read, and the PV guest's entry point and hypercall page.
 *
 * A PV guest is loaded by the toolstack (dom0: by Xen) at the virtual
 * addresses of its ELF image.  The builder maps pseudo-physical frame N
 * at XEN_ELFNOTE_VIRT_BASE + N pages, for the image and the bootstrap
 * data after it (start_info, the console and xenstore rings, the initial
 * page tables, a stack), and enters XEN_ELFNOTE_ENTRY in 64-bit mode with
 * %rsi pointing at struct start_info, in ring 3 (the guest kernel's ring)
 * with event delivery masked.  It fills the page XEN_ELFNOTE_HYPERCALL_PAGE
 * names with one stub per hypercall.
 */
#ifdef CONFIG_XEN
#include <linux/elfnote.h>
#include <asm/page_types.h>
#include <xen/interface/elfnote.h>

	ELFNOTE(Xen, XEN_ELFNOTE_GUEST_OS, .asciz "linux")
	ELFNOTE(Xen, XEN_ELFNOTE_XEN_VERSION, .asciz "xen-3.0")
	ELFNOTE(Xen, XEN_ELFNOTE_LOADER, .asciz "generic")

#ifdef CONFIG_XEN_PV
#include <asm/xen/interface.h>
#include <xen/interface/xen.h>

	__INIT
/*
 * The PV entry.  Events are masked and there is no IDT yet, so nothing can
 * interrupt us; every fault would kill the domain.  Take the kernel's
 * boot stack, point the kernel's %gs base at the boot CPU's per-CPU data
 * (the stack protector reads its canary there), and go to C.
 */
SYM_CODE_START(startup_xen)
	UNWIND_HINT_END_OF_STACK
	ANNOTATE_NOENDBR
	cld
	movb	$1, xen_hypercall_use_page(%rip)
	movq	%rsi, %rbx			/* start_info, kept by the stubs */
	leaq	__top_init_kernel_stack(%rip), %rsp

	movl	$SEGBASE_GS_KERNEL, %edi
	leaq	INIT_PER_CPU_VAR(fixed_percpu_data)(%rip), %rsi
	call	hypercall_page + __HYPERVISOR_set_segment_base * 32

	movq	%rbx, %rdi
	call	xen_pv_start
	ud2
SYM_CODE_END(startup_xen)
	__FINIT

/*
 * Xen writes its hypercall stubs here when it builds the domain.  Until
 * then (and in a kernel that does not run as a PV guest) every byte traps.
 */
	.pushsection .text
	.balign PAGE_SIZE, 0xcc		/* int3 padding: no jump over it */
SYM_CODE_START_NOALIGN(hypercall_page)
	ANNOTATE_NOENDBR
	UNWIND_HINT_UNDEFINED
	.skip	PAGE_SIZE, 0xcc
SYM_CODE_END(hypercall_page)
	.popsection

	ELFNOTE(Xen, XEN_ELFNOTE_ENTRY, _ASM_PTR startup_xen)
	ELFNOTE(Xen, XEN_ELFNOTE_HYPERCALL_PAGE, _ASM_PTR hypercall_page)
	ELFNOTE(Xen, XEN_ELFNOTE_VIRT_BASE, _ASM_PTR __START_KERNEL_map)
	ELFNOTE(Xen, XEN_ELFNOTE_PADDR_OFFSET, _ASM_PTR 0)
	/* Page table writes go through hypercalls or Xen's emulation of them. */
	ELFNOTE(Xen, XEN_ELFNOTE_FEATURES, .asciz "!writable_page_tables")
#endif /* CONFIG_XEN_PV */
#endif /* CONFIG_XEN */
