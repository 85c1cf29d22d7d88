/* SPDX-License-Identifier: MIT */
/*
 * The PVH boot ABI: what Xen hands a guest entered at its
 * XEN_ELFNOTE_PHYS32_ENTRY point (in %ebx), as described by Xen's public
 * header <xen/arch-x86/hvm/start_info.h>.
 */
#ifndef _XEN_INTERFACE_HVM_START_INFO_H
#define _XEN_INTERFACE_HVM_START_INFO_H

#include <linux/types.h>

#define XEN_HVM_START_MAGIC_VALUE	0x336ec578	/* "xEn3", 0x80 set in 'E' */

/* Memory map entry types: the same numbers as the E820 types. */
#define XEN_HVM_MEMMAP_TYPE_RAM		1
#define XEN_HVM_MEMMAP_TYPE_RESERVED	2
#define XEN_HVM_MEMMAP_TYPE_ACPI	3
#define XEN_HVM_MEMMAP_TYPE_NVS		4
#define XEN_HVM_MEMMAP_TYPE_UNUSABLE	5
#define XEN_HVM_MEMMAP_TYPE_DISABLED	6
#define XEN_HVM_MEMMAP_TYPE_PMEM	7

struct hvm_start_info {
	uint32_t magic;			/* XEN_HVM_START_MAGIC_VALUE */
	uint32_t version;		/* 0, or 1 with the memory map fields */
	uint32_t flags;			/* SIF_* */
	uint32_t nr_modules;
	uint64_t modlist_paddr;		/* array of hvm_modlist_entry */
	uint64_t cmdline_paddr;		/* NUL-terminated command line */
	uint64_t rsdp_paddr;		/* ACPI RSDP */
	/* Version 1 and later. */
	uint64_t memmap_paddr;		/* array of hvm_memmap_table_entry */
	uint32_t memmap_entries;	/* 0: no memory map given */
	uint32_t reserved;
};

struct hvm_modlist_entry {
	uint64_t paddr;
	uint64_t size;
	uint64_t cmdline_paddr;
	uint64_t reserved;
};

struct hvm_memmap_table_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;			/* XEN_HVM_MEMMAP_TYPE_* */
	uint32_t reserved;
};

#endif /* _XEN_INTERFACE_HVM_START_INFO_H */
