/* SPDX-License-Identifier: MIT */
/*
 * __HYPERVISOR_memory_op sub-operations, as described by Xen's public
 * header <xen/memory.h>.
 */
#ifndef _XEN_INTERFACE_MEMORY_H
#define _XEN_INTERFACE_MEMORY_H

#include <xen/interface/xen.h>

#define XENMEM_increase_reservation	0	/* xen_memory_reservation */
#define XENMEM_decrease_reservation	1	/* xen_memory_reservation */
#define XENMEM_populate_physmap		6	/* xen_memory_reservation */
#define XENMEM_add_to_physmap		7	/* xen_add_to_physmap */
#define XENMEM_memory_map		9	/* xen_memory_map */
#define XENMEM_remove_from_physmap	15	/* xen_remove_from_physmap */

struct xen_memory_reservation {
	/* GFNs to free, or to populate (and then the frames allocated). */
	GUEST_HANDLE(xen_pfn_t) extent_start;
	xen_ulong_t nr_extents;
	unsigned int extent_order;
	unsigned int mem_flags;		/* XENMEMF_* */
	domid_t domid;
};

DEFINE_GUEST_HANDLE_STRUCT(xen_memory_reservation);

/* Spaces a frame can be taken from by XENMEM_add_to_physmap. */
#define XENMAPSPACE_shared_info		0	/* idx 0: the shared_info page */
#define XENMAPSPACE_grant_table		1	/* idx: grant table frame number */
#define XENMAPSPACE_gmfn		2
#define XENMAPSPACE_gmfn_range		3
#define XENMAPIDX_grant_table_status	0x80000000U	/* or'ed into idx: v2 status frame */

/* Make frame @idx of @space appear at guest frame @gpfn. */
struct xen_add_to_physmap {
	domid_t domid;
	uint16_t size;			/* XENMAPSPACE_gmfn_range only */
	unsigned int space;		/* XENMAPSPACE_* */
	xen_ulong_t idx;
	xen_pfn_t gpfn;
};

DEFINE_GUEST_HANDLE_STRUCT(xen_add_to_physmap);

struct xen_remove_from_physmap {
	domid_t domid;
	xen_pfn_t gpfn;
};

DEFINE_GUEST_HANDLE_STRUCT(xen_remove_from_physmap);

/*
 * The guest's memory map, as BIOS E820 entries (20 bytes each: address,
 * size, type).  nr_entries: room in buffer on the way in, entries stored
 * on the way out.
 */
struct xen_memory_map {
	unsigned int nr_entries;
	GUEST_HANDLE(void) buffer;
};

DEFINE_GUEST_HANDLE_STRUCT(xen_memory_map);

#endif /* _XEN_INTERFACE_MEMORY_H */
