/* SPDX-License-Identifier: MIT */
/*
 * Grant table ABI (__HYPERVISOR_grant_table_op and the shared grant
 * entries), as described by Xen's public header <xen/grant_table.h>.
 */
#ifndef _XEN_INTERFACE_GRANT_TABLE_H
#define _XEN_INTERFACE_GRANT_TABLE_H

#include <linux/bits.h>
#include <xen/interface/xen.h>

#ifndef __ASSEMBLY__

/* Index of an entry in a domain's grant table. */
typedef uint32_t grant_ref_t;

/* Xen's handle for one mapping made with GNTTABOP_map_grant_ref. */
typedef uint32_t grant_handle_t;

/*
 * Version 1 grant entry, in frames shared between the granting domain and
 * Xen.  The guest fills in domid and frame, then (after a write barrier)
 * flags; Xen sets GTF_reading/GTF_writing in flags while @domid maps it.
 */
struct grant_entry_v1 {
	uint16_t flags;		/* GTF_* */
	domid_t domid;		/* the domain being granted access */
	uint32_t frame;		/* GFN @domid may access */
};

#endif /* !__ASSEMBLY__ */

/*
 * The first entries are kept across grant table version changes and may
 * be filled in by the toolstack when it builds the domain.
 */
#define GNTTAB_NR_RESERVED_ENTRIES	8
#define GNTTAB_RESERVED_CONSOLE		0
#define GNTTAB_RESERVED_XENSTORE	1

/* Entry type, in the low two bits of flags. */
#define GTF_invalid		0U	/* grants nothing */
#define GTF_permit_access	1U	/* @domid may map/access @frame */
#define GTF_accept_transfer	2U	/* @domid may transfer a page to us */
#define GTF_transitive		3U	/* access to another domain's grant */
#define GTF_type_mask		3U

/* Subflags of GTF_permit_access and GTF_transitive. */
#define _GTF_readonly		2
#define GTF_readonly		BIT(_GTF_readonly)	/* [guest] no writes */
#define _GTF_reading		3
#define GTF_reading		BIT(_GTF_reading)	/* [Xen] mapped for reading */
#define _GTF_writing		4
#define GTF_writing		BIT(_GTF_writing)	/* [Xen] mapped for writing */

/* Subflags of GTF_permit_access only: x86 cache attributes, sub-page grant. */
#define _GTF_PWT		5
#define GTF_PWT			BIT(_GTF_PWT)
#define _GTF_PCD		6
#define GTF_PCD			BIT(_GTF_PCD)
#define _GTF_PAT		7
#define GTF_PAT			BIT(_GTF_PAT)
#define _GTF_sub_page		8
#define GTF_sub_page		BIT(_GTF_sub_page)

/* Subflags of GTF_accept_transfer, set by Xen. */
#define _GTF_transfer_committed	2
#define GTF_transfer_committed	BIT(_GTF_transfer_committed)
#define _GTF_transfer_completed	3
#define GTF_transfer_completed	BIT(_GTF_transfer_completed)

/* HYPERVISOR_grant_table_op(cmd, args, count): args is an array of struct gnttab_<cmd>. */
#define GNTTABOP_map_grant_ref		0
#define GNTTABOP_unmap_grant_ref	1
#define GNTTABOP_setup_table		2
#define GNTTABOP_dump_table		3
#define GNTTABOP_transfer		4
#define GNTTABOP_copy			5
#define GNTTABOP_query_size		6
#define GNTTABOP_unmap_and_replace	7
#define GNTTABOP_set_version		8
#define GNTTABOP_get_status_frames	9
#define GNTTABOP_get_version		10
#define GNTTABOP_swap_grant_ref		11
#define GNTTABOP_cache_flush		12

/* gnttab_map_grant_ref.flags */
#define _GNTMAP_device_map	0
#define GNTMAP_device_map	BIT(_GNTMAP_device_map)	/* for I/O devices */
#define _GNTMAP_host_map	1
#define GNTMAP_host_map		BIT(_GNTMAP_host_map)	/* for host CPUs */
#define _GNTMAP_readonly	2
#define GNTMAP_readonly		BIT(_GNTMAP_readonly)
#define _GNTMAP_application_map	3
#define GNTMAP_application_map	BIT(_GNTMAP_application_map)	/* user space too */
#define _GNTMAP_contains_pte	4
#define GNTMAP_contains_pte	BIT(_GNTMAP_contains_pte)	/* host_addr is a PTE's address */

/* Status codes in the status field of the structs below; all errors are negative. */
#define GNTST_okay		(0)
#define GNTST_general_error	(-1)
#define GNTST_bad_domain	(-2)
#define GNTST_bad_gntref	(-3)
#define GNTST_bad_handle	(-4)
#define GNTST_bad_virt_addr	(-5)
#define GNTST_bad_dev_addr	(-6)
#define GNTST_no_device_space	(-7)
#define GNTST_permission_denied	(-8)
#define GNTST_bad_page		(-9)
#define GNTST_bad_copy_arg	(-10)
#define GNTST_address_too_big	(-11)
#define GNTST_eagain		(-12)
#define GNTST_no_space		(-13)

#ifndef __ASSEMBLY__

/*
 * GNTTABOP_map_grant_ref: map grant @ref of domain @dom at @host_addr
 * (GNTMAP_host_map) and/or for devices (GNTMAP_device_map, bus address
 * returned in @dev_bus_addr).  On success @handle identifies the mapping.
 */
struct gnttab_map_grant_ref {
	/* IN */
	uint64_t host_addr;
	uint32_t flags;			/* GNTMAP_* */
	grant_ref_t ref;
	domid_t dom;
	/* OUT */
	int16_t status;			/* GNTST_* */
	grant_handle_t handle;
	uint64_t dev_bus_addr;
};

DEFINE_GUEST_HANDLE_STRUCT(gnttab_map_grant_ref);

/*
 * GNTTABOP_unmap_grant_ref: destroy the mappings tracked by @handle.  A
 * zero @host_addr or @dev_bus_addr is ignored; a non-zero one must be a
 * mapping made under @handle.
 */
struct gnttab_unmap_grant_ref {
	/* IN */
	uint64_t host_addr;
	uint64_t dev_bus_addr;
	grant_handle_t handle;
	/* OUT */
	int16_t status;			/* GNTST_* */
};

DEFINE_GUEST_HANDLE_STRUCT(gnttab_unmap_grant_ref);

/*
 * GNTTABOP_setup_table: make @dom's table at least @nr_frames frames and
 * write their frame numbers to @frame_list (PV guests map them this way).
 */
struct gnttab_setup_table {
	/* IN */
	domid_t dom;
	uint32_t nr_frames;
	/* OUT */
	int16_t status;			/* GNTST_* */
	/* where Xen writes the first nr_frames frame numbers */
	GUEST_HANDLE(xen_pfn_t) frame_list;
};

DEFINE_GUEST_HANDLE_STRUCT(gnttab_setup_table);

/* GNTTABOP_query_size: current and maximum number of frames of @dom's table. */
struct gnttab_query_size {
	/* IN */
	domid_t dom;
	/* OUT */
	uint32_t nr_frames;
	uint32_t max_nr_frames;
	int16_t status;			/* GNTST_* */
};

DEFINE_GUEST_HANDLE_STRUCT(gnttab_query_size);

/*
 * GNTTABOP_set_version: switch the calling domain's table to @version
 * (1 or 2) while no grant is in use; Xen writes back the version in force.
 */
struct gnttab_set_version {
	/* IN/OUT */
	uint32_t version;
};

DEFINE_GUEST_HANDLE_STRUCT(gnttab_set_version);

#endif /* !__ASSEMBLY__ */

#endif /* _XEN_INTERFACE_GRANT_TABLE_H */
