/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Grant reference allocator: which entries of a grant table may be handed
 * out.  It makes no hypercalls and has no globals or locks, so the grant
 * table code owns one instance (and serialises calls to it) while the
 * KUnit tests own others.
 */
#ifndef _XEN_GRANT_REFS_H
#define _XEN_GRANT_REFS_H

#include <linux/sizes.h>
#include <linux/types.h>
#include <xen/interface/grant_table.h>

/* Version 1 entries in one grant table frame (a 4 KiB Xen page). */
#define GNTTAB_REFS_PER_FRAME	((unsigned int)(SZ_4K / sizeof(struct grant_entry_v1)))

/*
 * The table covers refs 0 .. nr_frames * GNTTAB_REFS_PER_FRAME - 1; refs
 * below GNTTAB_NR_RESERVED_ENTRIES belong to the toolstack and are never
 * free.  A set bit in @free_map marks a ref that may be handed out.
 */
struct gnttab_refs {
	unsigned long *free_map;	/* sized for max_frames */
	unsigned int nr_frames;
	unsigned int max_frames;
	unsigned int nr_free;
	unsigned int next;		/* where the next search starts */
};

int gnttab_refs_init(struct gnttab_refs *refs, unsigned int max_frames);
void gnttab_refs_destroy(struct gnttab_refs *refs);
int gnttab_refs_grow(struct gnttab_refs *refs);
int gnttab_refs_alloc(struct gnttab_refs *refs);
int gnttab_refs_free(struct gnttab_refs *refs, grant_ref_t ref);
bool gnttab_refs_in_use(const struct gnttab_refs *refs, grant_ref_t ref);

static inline unsigned int gnttab_refs_nr_free(const struct gnttab_refs *refs)
{
	return refs->nr_free;
}

/* Refs the table covers, reserved ones included. */
static inline unsigned int gnttab_refs_capacity(const struct gnttab_refs *refs)
{
	return refs->nr_frames * GNTTAB_REFS_PER_FRAME;
}

#endif /* _XEN_GRANT_REFS_H */
