/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PVH entry point: where Xen (or another hypervisor's direct boot) starts
 * the kernel, named by the XEN_ELFNOTE_PHYS32_ENTRY note below.
 *
 * We arrive in 32-bit protected mode with paging off, flat segments, no
 * stack, and %ebx holding the physical address of struct hvm_start_info.
 * The image sits at its link-time physical address, so each symbol's
 * physical address is its virtual one minus __START_KERNEL_map.
 *
 * The way to the normal boot path: our own GDT and stack, long mode with
 * head_64.S's init_top_pgt (identity map of the first 1 GiB plus the kernel
 * map), pvh_fill_boot_params() to turn hvm_start_info into a boot_params,
 * then startup_64, exactly as a 64-bit boot loader would hand over.
 */
#include <linux/elfnote.h>
#include <linux/init.h>
#include <linux/linkage.h>
#include <asm/msr-index.h>
#include <asm/page_types.h>
#include <asm/processor-flags.h>
#include <xen/interface/elfnote.h>

#define PA(sym)		((sym) - __START_KERNEL_map)

#define PVH_CS		0x08	/* 64-bit code */
#define PVH_DS		0x10	/* flat data */

	__HEAD
	.code32
SYM_CODE_START_LOCAL(pvh_start_xen)
	cld
	lgdt	PA(pvh_gdt_desc)
	movl	$PVH_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	$PA(pvh_stack_end), %esp
	movl	%ebx, PA(pvh_start_info_pa)

	/* Long mode: PAE, the boot page tables, EFER.LME, then paging. */
	movl	%cr4, %eax
	orl	$X86_CR4_PAE, %eax
	movl	%eax, %cr4
	movl	$PA(init_top_pgt), %eax
	movl	%eax, %cr3
	movl	$MSR_EFER, %ecx
	rdmsr
	btsl	$_EFER_LME, %eax
	wrmsr
	movl	$(X86_CR0_PG | X86_CR0_PE), %eax
	movl	%eax, %cr0
	ljmpl	$PVH_CS, $PA(.Lpvh_64)

	.code64
.Lpvh_64:
	/*
	 * Still at physical addresses, which the identity map covers; the
	 * C code's absolute references hit the kernel map, also present.
	 */
	movl	PA(pvh_start_info_pa), %edi
	call	pvh_fill_boot_params

	movl	$PA(pvh_boot_params), %esi
	jmp	startup_64
SYM_CODE_END(pvh_start_xen)

	.section ".init.data", "aw"
	.balign 8
SYM_DATA_START_LOCAL(pvh_gdt)
	.quad	0
	.quad	0x00af9a000000ffff	/* PVH_CS: present, ring 0, 64-bit code */
	.quad	0x00cf92000000ffff	/* PVH_DS: present, ring 0, 4 GiB data */
SYM_DATA_END_LABEL(pvh_gdt, SYM_L_LOCAL, pvh_gdt_end)

SYM_DATA_START_LOCAL(pvh_gdt_desc)
	.word	pvh_gdt_end - pvh_gdt - 1
	.long	PA(pvh_gdt)
SYM_DATA_END(pvh_gdt_desc)

SYM_DATA_LOCAL(pvh_start_info_pa, .long 0)

	/* Only for pvh_fill_boot_params(); startup_64 sets its own stack. */
	.balign	16
SYM_DATA_START_LOCAL(pvh_stack)
	.fill	2048, 1, 0
SYM_DATA_END_LABEL(pvh_stack, SYM_L_LOCAL, pvh_stack_end)

	/* Xen's other notes are in arch/x86/xen/xen-head.S. */
	ELFNOTE(Xen, XEN_ELFNOTE_PHYS32_ENTRY, .long PA(pvh_start_xen))
