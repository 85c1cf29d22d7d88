// SPDX-License-Identifier: GPL-2.0
/*
 * The PV guest's MMU: pseudo-physical frames, machine frames, and page
 * tables that Xen checks.
 *
 * A PV guest sees its memory as pseudo-physical frames 0..N (PFNs), the
 * numbers the rest of the kernel uses.  Its page tables, though, hold the
 * machine frames (MFNs) the CPU walks, and Xen validates every page-table
 * page: it must not be mapped writable anywhere, and is updated through
 * HYPERVISOR_mmu_update (or writes Xen traps and emulates).  So:
 *
 * - The P2M list, PFN -> MFN, comes from the domain builder (start_info's
 *   mfn_list, one entry per PFN).  Xen keeps the reverse M2P table, MFN ->
 *   PFN, mapped read-only into every PV address space.
 * - The pte/pmd/pud/pgd value pv_ops translate between the kernel's view
 *   (PFNs) and the hardware's (MFNs), for present entries only: a
 *   non-present entry is never walked and keeps what the kernel wrote.
 * - Page-table writes are hypercalls; a page becomes read-only when the
 *   kernel announces it as a page table (alloc_pte and friends) and
 *   writable again when released.
 *
 * Trust: Xen is trusted, and so is the P2M the builder gave us.
 */
#include <linux/init.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/pgalloc.h>
#include <linux/pgtable.h>
#include <asm/e820/api.h>
#include <asm/paravirt.h>
#include <asm/setup.h>
#include <asm/tlbflush.h>
#include <asm/xen/hypercall.h>
#include <xen/interface/memory.h>
#include <xen/xen-guest.h>
#include <xen/xen.h>

#include "pv-internal.h"

/* The P2M list from the domain builder, in the bootstrap mapping. */
static unsigned long *xen_p2m __ro_after_init;
static unsigned long xen_p2m_size __ro_after_init;

static const unsigned long *const xen_m2p =
	(const unsigned long *)MACH2PHYS_VIRT_START;

/**
 * xen_pfn_to_mfn() - the machine frame behind a pseudo-physical frame
 * @pfn: a frame of this domain
 *
 * Return: the MFN, or XEN_INVALID_MFN if @pfn has no memory behind it.
 */
unsigned long xen_pfn_to_mfn(unsigned long pfn)
{
	if (pfn >= xen_p2m_size)
		return XEN_INVALID_MFN;
	return READ_ONCE(xen_p2m[pfn]);
}
EXPORT_SYMBOL_GPL(xen_pfn_to_mfn);

/**
 * xen_mfn_to_pfn() - the pseudo-physical frame a machine frame backs
 * @mfn: a machine frame
 *
 * The answer comes from Xen's M2P table.  It only means something for a
 * frame this domain owns: for another domain's frame it names a frame of
 * that domain, which is why the P2M is checked to lead back to @mfn.
 *
 * Return: the PFN, or ~0UL if @mfn is not one of ours.
 */
unsigned long xen_mfn_to_pfn(unsigned long mfn)
{
	unsigned long pfn;

	if (mfn >= MACH2PHYS_NR_ENTRIES)
		return ~0UL;
	pfn = READ_ONCE(xen_m2p[mfn]);
	if (xen_pfn_to_mfn(pfn) != mfn)
		return ~0UL;
	return pfn;
}
EXPORT_SYMBOL_GPL(xen_mfn_to_pfn);

/* Kernel image and direct map addresses translate with __pa(). */
static bool xen_pv_linear(unsigned long va)
{
	return va >= __START_KERNEL_map ||
	       (va >= PAGE_OFFSET && va < PAGE_OFFSET + (MAXMEM - 1));
}

/**
 * xen_virt_to_machine() - machine address of a mapped kernel address
 * @va: an address in the direct map, the kernel image or the vmalloc area
 *
 * Return: the machine address.
 */
u64 xen_virt_to_machine(const void *va)
{
	unsigned long v = (unsigned long)va;
	phys_addr_t pa;

	pa = xen_pv_linear(v) ? __pa(v) : slow_virt_to_phys((void *)v);
	return ((u64)xen_pfn_to_mfn(PHYS_PFN(pa)) << PAGE_SHIFT) |
	       offset_in_page(v);
}

/*
 * The user half of a pgd: slots below the direct map's; and the user
 * table kept beside a pgd (see "User address spaces" below).
 */
#define XEN_PV_USER_PGD_SLOTS	pgd_index(__PAGE_OFFSET_BASE_L4)

/*
 * init_top_pgt, through either of its mappings: pinned at boot, before
 * struct pages existed, and without a user table (kernel threads only).
 */
static bool xen_pv_is_boot_pgd(const void *pgd)
{
	return PHYS_PFN(__pa(pgd)) == PHYS_PFN(__pa_symbol(init_top_pgt));
}

static pgd_t *xen_pv_user_pgd(const pgd_t *pgd)
{
	if (xen_pv_is_boot_pgd(pgd))
		return NULL;
	return (pgd_t *)page_private(virt_to_page(pgd));
}

/*
 * PTE values.  The conversion keeps every flag and touches the frame
 * field of present entries only.
 */
static u64 xen_pv_to_machine(u64 val)
{
	unsigned long mfn;

	if (!(val & _PAGE_PRESENT))
		return val;
	mfn = xen_pfn_to_mfn((val & PTE_PFN_MASK) >> PAGE_SHIFT);
	/*
	 * A frame outside our memory: leave it, Xen refuses the mapping
	 * unless it may be mapped (dom0 I/O memory is named by machine
	 * address).
	 */
	if (mfn == XEN_INVALID_MFN)
		return val;
	return (val & ~PTE_PFN_MASK) | ((u64)mfn << PAGE_SHIFT);
}

static u64 xen_pv_from_machine(u64 val)
{
	unsigned long pfn;

	if (!(val & _PAGE_PRESENT))
		return val;
	pfn = xen_mfn_to_pfn((val & PTE_PFN_MASK) >> PAGE_SHIFT);
	if (pfn == ~0UL)
		return val;
	return (val & ~PTE_PFN_MASK) | ((u64)pfn << PAGE_SHIFT);
}

__visible pteval_t xen_pv_pte_val(pte_t pte)
{
	return xen_pv_from_machine(pte.pte);
}

PV_CALLEE_SAVE_REGS_THUNK(xen_pv_pte_val);

__visible pte_t xen_pv_make_pte(pteval_t val)
{
	return (pte_t){ .pte = xen_pv_to_machine(val) };
}

PV_CALLEE_SAVE_REGS_THUNK(xen_pv_make_pte);

__visible pmdval_t xen_pv_pmd_val(pmd_t pmd)
{
	return xen_pv_from_machine(pmd.pmd);
}

PV_CALLEE_SAVE_REGS_THUNK(xen_pv_pmd_val);

__visible pmd_t xen_pv_make_pmd(pmdval_t val)
{
	return (pmd_t){ .pmd = xen_pv_to_machine(val) };
}

PV_CALLEE_SAVE_REGS_THUNK(xen_pv_make_pmd);

__visible pudval_t xen_pv_pud_val(pud_t pud)
{
	return xen_pv_from_machine(pud.pud);
}

PV_CALLEE_SAVE_REGS_THUNK(xen_pv_pud_val);

__visible pud_t xen_pv_make_pud(pudval_t val)
{
	return (pud_t){ .pud = xen_pv_to_machine(val) };
}

PV_CALLEE_SAVE_REGS_THUNK(xen_pv_make_pud);

__visible pgdval_t xen_pv_pgd_val(pgd_t pgd)
{
	return xen_pv_from_machine(pgd.pgd);
}

PV_CALLEE_SAVE_REGS_THUNK(xen_pv_pgd_val);

__visible pgd_t xen_pv_make_pgd(pgdval_t val)
{
	return (pgd_t){ .pgd = xen_pv_to_machine(val) };
}

PV_CALLEE_SAVE_REGS_THUNK(xen_pv_make_pgd);

/* One checked page-table write: *@slot = @val (a machine PTE value). */
static void xen_pv_write_entry(void *slot, u64 val)
{
	struct mmu_update u = {
		.ptr = xen_virt_to_machine(slot) | MMU_NORMAL_PT_UPDATE,
		.val = val,
	};
	int ret = HYPERVISOR_mmu_update(&u, 1, NULL, DOMID_SELF);

	WARN_ONCE(ret, "xen: page table write %#llx at %p refused: %d\n",
		  val, slot, ret);
}

static void xen_pv_set_pte(pte_t *ptep, pte_t pte)
{
	xen_pv_write_entry(ptep, pte.pte);
}

static void xen_pv_set_pmd(pmd_t *pmdp, pmd_t pmd)
{
	xen_pv_write_entry(pmdp, pmd.pmd);
}

static void xen_pv_set_pud(pud_t *pudp, pud_t pud)
{
	xen_pv_write_entry(pudp, pud.pud);
}

/* With 4 levels a p4d entry is a pgd slot: user slots go to both tables. */
static void xen_pv_set_p4d(p4d_t *p4dp, p4d_t p4d)
{
	unsigned long slot = offset_in_page(p4dp) / sizeof(*p4dp);
	pgd_t *pgd = (pgd_t *)((unsigned long)p4dp & PAGE_MASK);
	pgd_t *user;

	xen_pv_write_entry(p4dp, native_p4d_val(p4d));
	if (slot >= XEN_PV_USER_PGD_SLOTS)
		return;
	user = xen_pv_user_pgd(pgd);
	if (user)
		xen_pv_write_entry(&user[slot], native_p4d_val(p4d));
}

/* Make the 4 KiB mapping at @v read-only or writable, on every vCPU. */
static void xen_pv_remap(unsigned long v, bool ro, bool must_exist)
{
	unsigned int level;
	pte_t *ptep = lookup_address(v, &level);
	u64 val;
	int ret;

	if (!ptep || !(ptep->pte & _PAGE_PRESENT)) {
		WARN_ONCE(must_exist, "xen: %#lx is not mapped\n", v);
		return;
	}
	if (WARN_ONCE(level != PG_LEVEL_4K, "xen: %#lx is a large page\n", v))
		return;
	val = ro ? ptep->pte & ~_PAGE_RW : ptep->pte | _PAGE_RW;
	if (val == ptep->pte)
		return;
	ret = HYPERVISOR_update_va_mapping(v, val, UVMF_INVLPG | UVMF_ALL);
	WARN_ONCE(ret, "xen: cannot remap %#lx: %d\n", v, ret);
}

/**
 * xen_pv_set_page_ro() - map a kernel page read-only, or writable again
 * @va: the page, mapped by a 4 KiB PTE
 * @ro: true for read-only
 *
 * Page tables and descriptor tables must have no writable mapping while
 * Xen uses them: this changes @va's mapping and, if @va is an alias (the
 * kernel image, vmalloc, the fixmap), the direct map's too.
 */
void xen_pv_set_page_ro(void *va, bool ro)
{
	unsigned long v = (unsigned long)va & PAGE_MASK;
	phys_addr_t pa;

	xen_pv_remap(v, ro, true);
	if (v >= PAGE_OFFSET && v < __START_KERNEL_map && xen_pv_linear(v))
		return;
	pa = xen_pv_linear(v) ? __pa(v) : slow_virt_to_phys((void *)v);
	xen_pv_remap((unsigned long)__va(pa), ro, false);
}

/* ---- Address spaces and TLBs ---- */

/* The %cr3 the kernel last loaded on this CPU, as a physical address. */
static DEFINE_PER_CPU(unsigned long, xen_pv_cr3);

static void xen_pv_mmuext(unsigned int cmd, unsigned long arg)
{
	struct mmuext_op op = { .cmd = cmd, .arg1.mfn = arg };
	int ret = HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);

	WARN_ONCE(ret, "xen: mmuext op %u (%#lx) refused: %d\n", cmd, arg, ret);
}

static unsigned long xen_pv_read_cr3(void)
{
	return this_cpu_read(xen_pv_cr3);
}

/*
 * User address spaces.  An x86_64 PV guest has two top-level tables per
 * address space: the kernel's, which Xen loads in kernel mode, and a user
 * one holding only the user half (slots below pgd_index(PAGE_OFFSET)),
 * which Xen loads when it returns to user mode, so that user space never
 * sees the kernel.  The user table hangs off the kernel one's struct page
 * (page_private), and every write of a user slot goes to both.
 *
 * A top-level table Xen may load must be pinned: validated once as an L4,
 * read-only, and kept validated until unpinned.  The kernel fills a new
 * pgd with plain writes after pgd_alloc(), so both tables are pinned when
 * first loaded and unpinned when freed; PG_pinned records which.  The
 * lower tables are read-only already (alloc_pte and friends).
 */
static int xen_pv_pgd_alloc(struct mm_struct *mm)
{
	unsigned long user = get_zeroed_page(GFP_KERNEL);

	if (!user)
		return -ENOMEM;
	set_page_private(virt_to_page(mm->pgd), user);
	return 0;
}

static void xen_pv_pin_table(void *table, unsigned int cmd, bool pin)
{
	unsigned long mfn = xen_pfn_to_mfn(PHYS_PFN(__pa(table)));

	if (pin) {
		xen_pv_set_page_ro(table, true);
		xen_pv_mmuext(cmd, mfn);
	} else {
		xen_pv_mmuext(MMUEXT_UNPIN_TABLE, mfn);
		xen_pv_set_page_ro(table, false);
	}
}

static void xen_pv_pin_pgd(pgd_t *pgd)
{
	pgd_t *user = xen_pv_user_pgd(pgd);

	if (TestSetPagePinned(virt_to_page(pgd)))
		return;
	xen_pv_pin_table(pgd, MMUEXT_PIN_L4_TABLE, true);
	if (user)
		xen_pv_pin_table(user, MMUEXT_PIN_L4_TABLE, true);
}

static void xen_pv_pgd_free(struct mm_struct *mm, pgd_t *pgd)
{
	pgd_t *user = xen_pv_user_pgd(pgd);

	if (TestClearPagePinned(virt_to_page(pgd))) {
		xen_pv_pin_table(pgd, 0, false);
		if (user)
			xen_pv_pin_table(user, 0, false);
	}
	set_page_private(virt_to_page(pgd), 0);
	free_page((unsigned long)user);
}

static void xen_pv_write_cr3(unsigned long cr3)
{
	unsigned long pfn = PHYS_PFN(cr3 & CR3_ADDR_MASK);
	pgd_t *pgd = __va(PFN_PHYS(pfn));
	pgd_t *user = NULL;
	struct mmuext_op ops[2];
	int ret;

	if (!xen_pv_is_boot_pgd(pgd)) {
		xen_pv_pin_pgd(pgd);
		user = xen_pv_user_pgd(pgd);
	}
	ops[0] = (struct mmuext_op){
		.cmd = MMUEXT_NEW_BASEPTR,
		.arg1.mfn = xen_pfn_to_mfn(pfn),
	};
	/* Kernel threads have no user half: no user table (mfn 0). */
	ops[1] = (struct mmuext_op){
		.cmd = MMUEXT_NEW_USER_BASEPTR,
		.arg1.mfn = user ? xen_pfn_to_mfn(PHYS_PFN(__pa(user))) : 0,
	};
	ret = HYPERVISOR_mmuext_op(ops, 2, NULL, DOMID_SELF);
	WARN_ONCE(ret, "xen: cannot load %%cr3 %#lx: %d\n", cr3, ret);
	this_cpu_write(xen_pv_cr3, cr3);
}

/**
 * xen_pv_cpu_boot_cr3() - the address space a new vCPU starts in
 * @cpu: the CPU about to start
 *
 * A secondary vCPU starts on the kernel's own top-level table, as the
 * boot CPU runs after xen_pv_mmu_switch_pagetables(), with no user table.
 *
 * Return: the table as a %cr3 value for VCPUOP_initialise.
 */
unsigned long xen_pv_cpu_boot_cr3(unsigned int cpu)
{
	unsigned long pfn = PHYS_PFN(__pa_symbol(init_top_pgt));

	per_cpu(xen_pv_cr3, cpu) = PFN_PHYS(pfn);
	return xen_pfn_to_cr3(xen_pfn_to_mfn(pfn));
}

/* Xen records the faulting address of a #PF in vcpu_info. */
__visible unsigned long xen_pv_read_cr2(void)
{
	return this_cpu_read(xen_vcpu_info)->arch.cr2;
}

PV_CALLEE_SAVE_REGS_THUNK(xen_pv_read_cr2);

static void xen_pv_write_cr2(unsigned long cr2)
{
	this_cpu_read(xen_vcpu_info)->arch.cr2 = cr2;
}

static void xen_pv_flush_tlb(void)
{
	xen_pv_mmuext(MMUEXT_TLB_FLUSH_LOCAL, 0);
}

static void xen_pv_flush_tlb_one_user(unsigned long addr)
{
	struct mmuext_op op = {
		.cmd = MMUEXT_INVLPG_LOCAL,
		.arg1.linear_addr = addr & PAGE_MASK,
	};

	WARN_ON_ONCE(HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF));
}

/*
 * Other CPUs' TLBs: Xen flushes every vCPU of the domain that may hold
 * this address space, which covers the CPUs asked for.
 */
static void xen_pv_flush_tlb_multi(const struct cpumask *cpus,
				   const struct flush_tlb_info *info)
{
	struct mmuext_op op = { .cmd = MMUEXT_TLB_FLUSH_ALL };

	if (info->end != TLB_FLUSH_ALL && info->end - info->start == PAGE_SIZE) {
		op.cmd = MMUEXT_INVLPG_ALL;
		op.arg1.linear_addr = info->start;
	}
	WARN_ON_ONCE(HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF));
}

/* ---- Page-table pages ---- */

static void xen_pv_alloc_table(struct mm_struct *mm, unsigned long pfn)
{
	xen_pv_set_page_ro(__va(PFN_PHYS(pfn)), true);
}

static void xen_pv_release_table(unsigned long pfn)
{
	xen_pv_set_page_ro(__va(PFN_PHYS(pfn)), false);
}

/* ---- Boot: from Xen's page tables to the kernel's ---- */

void __init xen_pv_mmu_early_init(struct start_info *si)
{
	xen_p2m = (unsigned long *)si->mfn_list;
	xen_p2m_size = si->nr_pages;
}

/* A bootstrap page: frame N is mapped at __START_KERNEL_map + N pages. */
static void *__init xen_pv_boot_va(unsigned long mfn)
{
	unsigned long pfn = xen_mfn_to_pfn(mfn);

	if (pfn == ~0UL)
		xen_pv_early_fail("a bootstrap frame is not ours", mfn);
	return (void *)(__START_KERNEL_map + PFN_PHYS(pfn));
}

static u64 __init xen_pv_boot_maddr(const void *va)
{
	return (u64)xen_pfn_to_mfn(PHYS_PFN(__pa_symbol(va))) << PAGE_SHIFT;
}

/* Before the switch: the kernel image is still mapped only by Xen's tables. */
static void __init xen_pv_boot_ro(void *va)
{
	u64 pte = xen_pv_boot_maddr(va) | _PAGE_PRESENT | _PAGE_ACCESSED;
	int ret;

	ret = HYPERVISOR_update_va_mapping((unsigned long)va, pte, UVMF_INVLPG);
	if (ret)
		xen_pv_early_fail("cannot make a page table read-only", ret);
}

/*
 * Xen's bootstrap tables map frame N at __START_KERNEL_map + N pages with
 * 4 KiB pages, under one L2 table.  The kernel's tables (head_64.S) are
 * rebuilt around that L2: it serves both the kernel image mapping
 * (level3_kernel_pgt slot 510) and the start of the direct map
 * (level3_ident_pgt slot 0, under PAGE_OFFSET), since both map frame N
 * at offset N pages; the fixmap keeps head_64.S's level2_fixmap_pgt.
 * Then every new table page is made read-only, the new L4 pinned and
 * loaded.  Xen's own L4 and L3 pages stay reserved.
 */
void __init xen_pv_mmu_switch_pagetables(struct start_info *si)
{
	pgd_t *xen_l4 = (pgd_t *)si->pt_base;
	pud_t *xen_l3;
	u64 l2, top;
	unsigned int i;
	struct mmuext_op ops[2];
	int ret;

	xen_l3 = xen_pv_boot_va(native_pgd_val(xen_l4[pgd_index(__START_KERNEL_map)]) >>
				PAGE_SHIFT & (PTE_PFN_MASK >> PAGE_SHIFT));
	l2 = native_pud_val(xen_l3[pud_index(__START_KERNEL_map)]) & PTE_PFN_MASK;

	memset(init_top_pgt, 0, PAGE_SIZE);
	memset(level3_ident_pgt, 0, PAGE_SIZE);
	level3_ident_pgt[0] = native_make_pud(l2 | _KERNPG_TABLE_NOENC);
	level3_kernel_pgt[pud_index(__START_KERNEL_map)] =
		native_make_pud(l2 | _KERNPG_TABLE_NOENC);
	level3_kernel_pgt[pud_index(__START_KERNEL_map) + 1] =
		native_make_pud(xen_pv_boot_maddr(level2_fixmap_pgt) | _PAGE_TABLE_NOENC);
	for (i = 0; i < PTRS_PER_PMD; i++) {
		pmdval_t v = native_pmd_val(level2_fixmap_pgt[i]);

		if (v & _PAGE_PRESENT)
			level2_fixmap_pgt[i] = native_make_pmd(xen_pv_to_machine(v));
	}
	init_top_pgt[pgd_index(PAGE_OFFSET)] =
		native_make_pgd(xen_pv_boot_maddr(level3_ident_pgt) | _KERNPG_TABLE_NOENC);
	init_top_pgt[pgd_index(__START_KERNEL_map)] =
		native_make_pgd(xen_pv_boot_maddr(level3_kernel_pgt) | _PAGE_TABLE_NOENC);

	xen_pv_boot_ro(init_top_pgt);
	xen_pv_boot_ro(level3_ident_pgt);
	xen_pv_boot_ro(level3_kernel_pgt);
	xen_pv_boot_ro(level2_fixmap_pgt);
	for (i = 0; i < FIXMAP_PMD_NUM; i++)
		xen_pv_boot_ro(level1_fixmap_pgt + i * PTRS_PER_PTE);

	top = xen_pv_boot_maddr(init_top_pgt) >> PAGE_SHIFT;
	ops[0] = (struct mmuext_op){ .cmd = MMUEXT_PIN_L4_TABLE, .arg1.mfn = top };
	ops[1] = (struct mmuext_op){ .cmd = MMUEXT_NEW_BASEPTR, .arg1.mfn = top };
	ret = HYPERVISOR_mmuext_op(ops, 2, NULL, DOMID_SELF);
	if (ret)
		xen_pv_early_fail("the kernel's page tables were refused", ret);
	this_cpu_write(xen_pv_cr3, __pa_symbol(init_top_pgt));
}

/* ---- The memory map ---- */

#define XEN_PV_E820_MAX	128

static struct e820_entry xen_pv_e820[XEN_PV_E820_MAX] __initdata;

/*
 * Xen's memory map for the domain, with RAM cut to the frames the P2M
 * covers: the rest is not populated.  Without a map from Xen (a domU
 * whose toolstack set none), all our frames are RAM.
 */
char *__init xen_pv_memory_setup(void)
{
	struct xen_memory_map map = { .nr_entries = XEN_PV_E820_MAX };
	const struct start_info *si = xen_start_info;
	u64 ram_end = PFN_PHYS(xen_p2m_size);
	unsigned long first, last;
	unsigned int i;
	int ret;

	set_xen_guest_handle(map.buffer, xen_pv_e820);
	ret = HYPERVISOR_memory_op(XENMEM_memory_map, &map);
	if (ret || !map.nr_entries || map.nr_entries > XEN_PV_E820_MAX) {
		xen_pv_e820[0] = (struct e820_entry){
			.addr = 0, .size = ram_end, .type = E820_TYPE_RAM,
		};
		map.nr_entries = 1;
	}
	e820_table->nr_entries = 0;
	for (i = 0; i < map.nr_entries; i++) {
		struct e820_entry e = xen_pv_e820[i];

		if (e.type == E820_TYPE_RAM) {
			if (e.addr >= ram_end)
				continue;
			e.size = min(e.size, ram_end - e.addr);
		}
		e820__range_add(e.addr, e.size, e.type);
	}
	e820__update_table(e820_table);

	/*
	 * The bootstrap data after the kernel image: P2M list, start_info,
	 * the xenstore and console rings and Xen's page tables, which keep
	 * mapping the image.  (The initrd is reserved as usual.)
	 */
	first = PHYS_PFN(__pa(si->mfn_list));
	last = PHYS_PFN(__pa(si->pt_base)) + si->nr_pt_frames;
	memblock_reserve(PFN_PHYS(first), PFN_PHYS(last - first));
	return "Xen";
}

/*
 * The MMU pv_ops.  Lazy MMU mode, set_fixmap and the mm hooks keep their
 * native defaults for now.
 */
void __init xen_pv_mmu_init_ops(void)
{
	struct pv_mmu_ops *mmu = &pv_ops.mmu;

	mmu->read_cr2 = PV_CALLEE_SAVE(xen_pv_read_cr2);
	mmu->write_cr2 = xen_pv_write_cr2;
	mmu->read_cr3 = xen_pv_read_cr3;
	mmu->write_cr3 = xen_pv_write_cr3;
	mmu->pgd_alloc = xen_pv_pgd_alloc;
	mmu->pgd_free = xen_pv_pgd_free;

	mmu->flush_tlb_user = xen_pv_flush_tlb;
	mmu->flush_tlb_kernel = xen_pv_flush_tlb;
	mmu->flush_tlb_one_user = xen_pv_flush_tlb_one_user;
	mmu->flush_tlb_multi = xen_pv_flush_tlb_multi;

	/* Page-table pages are read-only while they are page tables. */
	mmu->alloc_pte = xen_pv_alloc_table;
	mmu->release_pte = xen_pv_release_table;
	mmu->alloc_pmd = xen_pv_alloc_table;
	mmu->release_pmd = xen_pv_release_table;
	mmu->alloc_pud = xen_pv_alloc_table;
	mmu->release_pud = xen_pv_release_table;
	mmu->alloc_p4d = xen_pv_alloc_table;
	mmu->release_p4d = xen_pv_release_table;

	/* Entries: written by hypercall, their values translated. */
	mmu->set_pte = xen_pv_set_pte;
	mmu->pte_val = PV_CALLEE_SAVE(xen_pv_pte_val);
	mmu->make_pte = PV_CALLEE_SAVE(xen_pv_make_pte);
	mmu->set_pmd = xen_pv_set_pmd;
	mmu->pmd_val = PV_CALLEE_SAVE(xen_pv_pmd_val);
	mmu->make_pmd = PV_CALLEE_SAVE(xen_pv_make_pmd);
	mmu->set_pud = xen_pv_set_pud;
	mmu->pud_val = PV_CALLEE_SAVE(xen_pv_pud_val);
	mmu->make_pud = PV_CALLEE_SAVE(xen_pv_make_pud);
	mmu->set_p4d = xen_pv_set_p4d;
	mmu->pgd_val = PV_CALLEE_SAVE(xen_pv_pgd_val);
	mmu->make_pgd = PV_CALLEE_SAVE(xen_pv_make_pgd);
}
