// SPDX-License-Identifier: GPL-2.0
/*
 * Turn the PVH start of day (struct hvm_start_info) into the boot_params a
 * 64-bit boot loader would have given startup_64.
 *
 * Runs from head.S before startup_64: at physical addresses on the boot
 * page tables, with no BSS (it is cleared later), per-CPU data, printk or
 * exception handling.  So everything here is plain loads and stores, and
 * whatever must survive lives in initialised data.
 */
#include <linux/init.h>
#include <linux/processor.h>
#include <linux/string.h>
#include <asm/bootparam.h>
#include <asm/e820/types.h>
#include <asm/setup.h>
#include <asm/xen/cpuid.h>
#include <asm/xen/hypercall.h>
#include <asm/xen/hypervisor.h>
#include <xen/interface/hvm/start_info.h>
#include <xen/interface/memory.h>
#include <xen/xen.h>

/* Read by head.S: the boot_params handed to startup_64. */
struct boot_params pvh_boot_params __initdata;

/* Boot loader type ID for Xen (Documentation/x86/boot.rst), version 0. */
#define PVH_LOADER_XEN		0x90

static bool __init pvh_under_xen(void)
{
	return IS_ENABLED(CONFIG_XEN_PVH) &&
	       hypervisor_cpuid_base("XenVMMXenVMM", 2);
}

/* Memory map from hvm_start_info (version 1 and later). */
static void __init pvh_copy_memmap(const struct hvm_start_info *si,
				   struct boot_params *bp)
{
	const struct hvm_memmap_table_entry *map;
	unsigned int i, n = si->memmap_entries;

	map = (const struct hvm_memmap_table_entry *)(unsigned long)si->memmap_paddr;
	if (n > E820_MAX_ENTRIES_ZEROPAGE)
		n = E820_MAX_ENTRIES_ZEROPAGE;
	for (i = 0; i < n; i++) {
		bp->e820_table[i].addr = map[i].addr;
		bp->e820_table[i].size = map[i].size;
		bp->e820_table[i].type = map[i].type;
	}
	bp->e820_entries = n;
}

/* Version 0 start info has no map: ask Xen for it (E820 layout as-is). */
static void __init pvh_xen_memmap(struct boot_params *bp)
{
	struct xen_memory_map map = {
		.nr_entries = E820_MAX_ENTRIES_ZEROPAGE,
	};

	set_xen_guest_handle(map.buffer, bp->e820_table);
	if (HYPERVISOR_memory_op(XENMEM_memory_map, &map) == 0 &&
	    map.nr_entries <= E820_MAX_ENTRIES_ZEROPAGE)
		bp->e820_entries = map.nr_entries;
}

/**
 * pvh_fill_boot_params() - boot_params from the PVH start info
 * @start_info_pa: physical address of struct hvm_start_info (from %ebx)
 *
 * Called only from head.S.  Without a valid start info there is nothing
 * to boot with and no way to report it yet: stop here.
 */
void __init pvh_fill_boot_params(u32 start_info_pa)
{
	const struct hvm_start_info *si = (void *)(unsigned long)start_info_pa;
	struct boot_params *bp = &pvh_boot_params;
	bool xen = pvh_under_xen();

	if (si->magic != XEN_HVM_START_MAGIC_VALUE) {
		for (;;)
			asm volatile("hlt");
	}

	memset(bp, 0, sizeof(*bp));
	bp->hdr.boot_flag = 0xAA55;
	bp->hdr.header = 0x53726448;	/* "HdrS" */
	bp->hdr.version = 0x020c;
	bp->hdr.type_of_loader = PVH_LOADER_XEN;
	bp->hdr.cmd_line_ptr = lower_32_bits(si->cmdline_paddr);
	bp->ext_cmd_line_ptr = upper_32_bits(si->cmdline_paddr);
	bp->acpi_rsdp_addr = si->rsdp_paddr;

	/* The first module is the initrd, as Xen's toolstack passes it. */
	if (si->nr_modules) {
		const struct hvm_modlist_entry *mod =
			(const void *)(unsigned long)si->modlist_paddr;

		bp->hdr.ramdisk_image = lower_32_bits(mod->paddr);
		bp->ext_ramdisk_image = upper_32_bits(mod->paddr);
		bp->hdr.ramdisk_size = lower_32_bits(mod->size);
		bp->ext_ramdisk_size = upper_32_bits(mod->size);
	}

	if (xen)
		xen_hypercall_setup();
	if (si->version >= 1 && si->memmap_entries)
		pvh_copy_memmap(si, bp);
	else if (xen)
		pvh_xen_memmap(bp);

	/*
	 * Under Xen there is no BIOS, RTC or legacy PIC; the Xen subarch
	 * tells the platform code so.  Other hypervisors' PVH boot keeps a PC.
	 */
	if (xen) {
		bp->hdr.hardware_subarch = X86_SUBARCH_XEN;
#ifdef CONFIG_XEN_PVH
		xen_guest_type = XEN_GUEST_HVM;
		xen_guest_is_pvh = true;
#endif
	}
}
