/* SPDX-License-Identifier: MIT */
/*
 * The virtual block device ring ("vbd"), as described by Xen's public
 * header <xen/io/blkif.h>.
 *
 * The frontend puts struct blkif_request entries on the ring; the backend
 * answers each with a struct blkif_response carrying the request's id.
 * Data moves through pages the frontend grants: each segment names one
 * granted page and the sectors in it to transfer.  Sector quantities count
 * 512 bytes unless the frontend announced "feature-large-sector-size",
 * in which case they count the backend's "sector-size".
 *
 * Layouts are those of the x86_64 ABI ("x86_64-abi"), checked below.
 */
#ifndef _XEN_INTERFACE_IO_BLKIF_H
#define _XEN_INTERFACE_IO_BLKIF_H

#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <linux/types.h>
#include <xen/interface/grant_table.h>
#include <xen/interface/io/ring.h>

typedef uint16_t blkif_vdev_t;
typedef uint64_t blkif_sector_t;

/* Request operations. */
#define BLKIF_OP_READ			0
#define BLKIF_OP_WRITE			1
/* Earlier writes complete before it, later ones start after ("feature-barrier"). */
#define BLKIF_OP_WRITE_BARRIER		2
/* Write the backing device's volatile cache to stable storage ("feature-flush-cache"). */
#define BLKIF_OP_FLUSH_DISKCACHE	3
#define BLKIF_OP_RESERVED_1		4
/* struct blkif_request_discard: the range may be forgotten ("feature-discard"). */
#define BLKIF_OP_DISCARD		5
/* struct blkif_request_indirect: segments in granted pages ("feature-max-indirect-segments"). */
#define BLKIF_OP_INDIRECT		6

/* Segments a request carries in the ring entry itself. */
#define BLKIF_MAX_SEGMENTS_PER_REQUEST		11
/* Pages of segments an indirect request can name. */
#define BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST	8

struct blkif_request_segment {
	grant_ref_t gref;	/* the granted page */
	uint8_t first_sect;	/* first sector in the page to transfer */
	uint8_t last_sect;	/* last one, inclusive */
};

struct blkif_request {
	uint8_t operation;	/* BLKIF_OP_* */
	uint8_t nr_segments;
	blkif_vdev_t handle;
	uint64_t id;		/* the frontend's, echoed in the response */
	blkif_sector_t sector_number;	/* where on the disk the transfer starts */
	struct blkif_request_segment seg[BLKIF_MAX_SEGMENTS_PER_REQUEST];
};

/* BLKIF_OP_DISCARD, written over a struct blkif_request entry. */
struct blkif_request_discard {
	uint8_t operation;	/* BLKIF_OP_DISCARD */
	uint8_t flag;		/* BLKIF_DISCARD_* */
	blkif_vdev_t handle;
	uint64_t id;
	blkif_sector_t sector_number;
	uint64_t nr_sectors;
};

/* Erase the range beyond recovery; only if the backend sets "discard-secure". */
#define BLKIF_DISCARD_SECURE	0x1

/* BLKIF_OP_INDIRECT, written over a struct blkif_request entry. */
struct blkif_request_indirect {
	uint8_t operation;	/* BLKIF_OP_INDIRECT */
	uint8_t indirect_op;	/* BLKIF_OP_READ or BLKIF_OP_WRITE */
	uint16_t nr_segments;
	uint64_t id;
	blkif_sector_t sector_number;
	blkif_vdev_t handle;
	/* Pages holding arrays of struct blkif_request_segment. */
	grant_ref_t indirect_grefs[BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST];
};

struct blkif_response {
	uint64_t id;		/* the request's */
	uint8_t operation;	/* the request's */
	int16_t status;		/* BLKIF_RSP_* */
};

#define BLKIF_RSP_EOPNOTSUPP	-2	/* optional operation not supported */
#define BLKIF_RSP_ERROR		-1
#define BLKIF_RSP_OKAY		0

XEN_DEFINE_SRING(blkif, struct blkif_request, struct blkif_response);

/* Bits of the backend's "info" node. */
#define VDISK_CDROM		0x1
#define VDISK_REMOVABLE		0x2
#define VDISK_READONLY		0x4

#ifdef CONFIG_X86_64
static_assert(sizeof(struct blkif_request_segment) == 8);
static_assert(offsetof(struct blkif_request, id) == 8);
static_assert(offsetof(struct blkif_request, seg) == 24);
static_assert(sizeof(struct blkif_request) == 112);
static_assert(sizeof(struct blkif_request_discard) == 32);
static_assert(offsetof(struct blkif_request_indirect, handle) == 24);
static_assert(sizeof(struct blkif_request_indirect) == 64);
static_assert(offsetof(struct blkif_response, status) == 10);
static_assert(sizeof(struct blkif_response) == 16);
static_assert(offsetof(struct blkif_sring, ring) == 64);
static_assert(XEN_SRING_ENTRIES(4096, sizeof(union blkif_sring_entry)) == 32);
#endif

#endif /* _XEN_INTERFACE_IO_BLKIF_H */
