/* SPDX-License-Identifier: GPL-2.0 */
/* Between the files of the PV guest: enlighten_pv.c, mmu_pv.c, pv-entry.S. */
#ifndef _X86_XEN_PV_INTERNAL_H
#define _X86_XEN_PV_INTERNAL_H

#include <linux/types.h>
#include <asm/pgtable_types.h>
#include <asm/ptrace.h>
#include <xen/interface/xen.h>
#include <xen/xen-guest.h>

/* Raw console output before printk has a console (enlighten_pv.c). */
void __init xen_pv_early_puts(const char *s);
void __init xen_pv_early_hex(const char *what, unsigned long value);
/* Crashes the domain: does not return, though the compiler is not told. */
void __init xen_pv_early_fail(const char *why, long err);

/* The pseudo-physical to machine translation (mmu_pv.c). */
#define XEN_INVALID_MFN	(~0UL)
u64 xen_virt_to_machine(const void *va);

void xen_pv_set_page_ro(void *va, bool ro);
unsigned long xen_pv_cpu_boot_cr3(unsigned int cpu);

void __init xen_pv_mmu_early_init(struct start_info *si);
void __init xen_pv_mmu_switch_pagetables(struct start_info *si);
void __init xen_pv_mmu_init_ops(void);
char *__init xen_pv_memory_setup(void);

/* What a secondary vCPU needs from the boot code (enlighten_pv.c). */
void xen_pv_set_iopl(void);
void xen_pv_protect_table(const void *table, size_t size, bool ro);
void xen_pv_fill_trap_ctxt(struct trap_info *ctxt);

/*
 * The fake APIC ID of vCPU N is 2N, as Xen gives HVM guests: each vCPU a
 * core of its own, no SMT siblings.  CPUID leaf 1 reports it too.
 */
static inline u32 xen_pv_vcpu_to_apicid(u32 vcpu)
{
	return vcpu * 2;
}

static inline u32 xen_pv_apicid_to_vcpu(u32 apicid)
{
	return apicid / 2;
}

/* SMP (smp_pv.c). */
#ifdef CONFIG_SMP
void __init xen_pv_smp_init(void);
#else
static inline void xen_pv_smp_init(void) { }
#endif

/* Called through PV_CALLEE_SAVE thunks only. */
__visible unsigned long xen_pv_save_fl(void);
__visible void xen_pv_irq_disable(void);
__visible void xen_pv_irq_enable(void);
__visible unsigned long xen_pv_read_cr2(void);
__visible pteval_t xen_pv_pte_val(pte_t pte);
__visible pte_t xen_pv_make_pte(pteval_t val);
__visible pmdval_t xen_pv_pmd_val(pmd_t pmd);
__visible pmd_t xen_pv_make_pmd(pmdval_t val);
__visible pudval_t xen_pv_pud_val(pud_t pud);
__visible pud_t xen_pv_make_pud(pudval_t val);
__visible pgdval_t xen_pv_pgd_val(pgd_t pgd);
__visible pgd_t xen_pv_make_pgd(pgdval_t val);

/* Called from assembly. */
asmlinkage __visible void __init xen_pv_start(struct start_info *si);
__visible void xen_pv_evtchn_do_upcall(struct pt_regs *regs);
asmlinkage __visible void xen_pv_cpu_start(void);

/* pv-entry.S */
void xen_iret(void);
void xen_entry_SYSCALL_64(void);
void xen_pv_cpu_entry(void);
void __noreturn xen_pv_cpu_restart(unsigned long sp);
/* entry_64.S */
void xen_failsafe_callback(void);
extern char early_xen_iret_patch[];

#endif /* _X86_XEN_PV_INTERNAL_H */
