/* SPDX-License-Identifier: MIT */
/*
 * Xen feature flags reported by XENVER_get_features, as described by Xen's
 * public header <xen/features.h>. Each is a bit number in the feature bitmap.
 */
#ifndef _XEN_INTERFACE_FEATURES_H
#define _XEN_INTERFACE_FEATURES_H

/* Page tables may be written directly, without write protection. */
#define XENFEAT_writable_page_tables		0
/* Descriptor tables may be written directly, without write protection. */
#define XENFEAT_writable_descriptor_tables	1
/* Xen translates guest physical to machine addresses (no PV p2m needed). */
#define XENFEAT_auto_translated_physmap		2
/* The guest kernel runs in ring 0. */
#define XENFEAT_supervisor_mode_kernel		3
/* PAE page directories need not live below 4GB. */
#define XENFEAT_pae_pgdir_above_4gb		4
/* x86: MMU_PT_UPDATE_PRESERVE_AD is supported. */
#define XENFEAT_mmu_pt_update_preserve_ad	5
/* x86: MMUEXT_CLEAR_PAGE and MMUEXT_COPY_PAGE are supported. */
#define XENFEAT_highmem_assist			6
/* Grant mappings honour the guest's available PTE bits. */
#define XENFEAT_gnttab_map_avail_bits		7
/* x86: HVM event delivery through an IDT vector is supported. */
#define XENFEAT_hvm_callback_vector		8
/* x86: the pvclock time source is safe to use in HVM guests. */
#define XENFEAT_hvm_safe_pvclock		9
/* x86: HVM guests may use PIRQs (physical interrupts as event channels). */
#define XENFEAT_hvm_pirqs			10
/* The guest may run as dom0. */
#define XENFEAT_dom0				11
/* 12 was XENFEAT_grant_map_identity, now retired. */
/* XENMEMF_vnode may be passed to memory ops. */
#define XENFEAT_memory_op_vnode_supported	13
/* arm: the SMCCC calling convention is supported. */
#define XENFEAT_ARM_SMCCC_supported		14
/* x86 PVH: the ACPI RSDP may be placed at any address. */
#define XENFEAT_linux_rsdp_unrestricted		15
/* The domain's memory is not / is mapped 1:1 to machine memory. */
#define XENFEAT_not_direct_mapped		16
#define XENFEAT_direct_mapped			17

/* Number of 32-bit words in the feature bitmap. */
#define XENFEAT_NR_SUBMAPS	1

#endif /* _XEN_INTERFACE_FEATURES_H */
