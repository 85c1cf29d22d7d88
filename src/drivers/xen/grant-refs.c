// SPDX-License-Identifier: GPL-2.0
/*
 * Grant reference allocator (see grant-refs.h).
 *
 * A bitmap rather than a free list: a double free or a stray ref costs one
 * bit test to reject instead of corrupting the list.  The search resumes
 * after the last ref handed out, so a ref just freed is reused as late as
 * possible: a peer holding on to a stale ref is less likely to find it
 * granting someone else's page.
 */

#include <linux/bitmap.h>
#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/limits.h>
#include <linux/minmax.h>
#include <linux/string.h>

#include "grant-refs.h"

/**
 * gnttab_refs_init() - set up an allocator covering no frames yet
 * @refs: the allocator
 * @max_frames: the most frames gnttab_refs_grow() may add
 *
 * Context: process context, may sleep.
 * Return: 0, -EINVAL if @max_frames is 0 or too large for refs to fit an
 * int, or -ENOMEM.
 */
int gnttab_refs_init(struct gnttab_refs *refs, unsigned int max_frames)
{
	unsigned long *map;

	if (!max_frames || max_frames > INT_MAX / GNTTAB_REFS_PER_FRAME)
		return -EINVAL;
	map = bitmap_zalloc(max_frames * GNTTAB_REFS_PER_FRAME, GFP_KERNEL);
	if (!map)
		return -ENOMEM;
	*refs = (struct gnttab_refs) {
		.free_map = map,
		.max_frames = max_frames,
		.next = GNTTAB_NR_RESERVED_ENTRIES,
	};
	return 0;
}

/**
 * gnttab_refs_destroy() - free what gnttab_refs_init() allocated
 * @refs: the allocator; may also be all zeroes
 */
void gnttab_refs_destroy(struct gnttab_refs *refs)
{
	bitmap_free(refs->free_map);
	memset(refs, 0, sizeof(*refs));
}

/**
 * gnttab_refs_grow() - add the refs of one more frame
 * @refs: the allocator
 *
 * Return: 0, or -ENOSPC if the allocator already covers max_frames.
 */
int gnttab_refs_grow(struct gnttab_refs *refs)
{
	unsigned int start, end;

	if (refs->nr_frames >= refs->max_frames)
		return -ENOSPC;
	start = max_t(unsigned int, gnttab_refs_capacity(refs),
		      GNTTAB_NR_RESERVED_ENTRIES);
	refs->nr_frames++;
	end = gnttab_refs_capacity(refs);
	bitmap_set(refs->free_map, start, end - start);
	refs->nr_free += end - start;
	return 0;
}

/**
 * gnttab_refs_alloc() - take a free ref
 * @refs: the allocator
 *
 * Return: the ref, or -ENOSPC if none is free (the caller may grow the
 * table and try again).
 */
int gnttab_refs_alloc(struct gnttab_refs *refs)
{
	unsigned int end = gnttab_refs_capacity(refs);
	unsigned long ref;

	if (!refs->nr_free)
		return -ENOSPC;
	ref = find_next_bit(refs->free_map, end, refs->next);
	if (ref >= end)
		ref = find_first_bit(refs->free_map, end);
	if (ref >= end)
		return -ENOSPC;
	__clear_bit(ref, refs->free_map);
	refs->nr_free--;
	refs->next = ref + 1;
	return ref;
}

/**
 * gnttab_refs_free() - give back a ref taken with gnttab_refs_alloc()
 * @refs: the allocator
 * @ref: the ref
 *
 * Nothing changes on error.
 *
 * Return: 0, -ERANGE if @ref is reserved or beyond the table, or -EINVAL
 * if it is free already.
 */
int gnttab_refs_free(struct gnttab_refs *refs, grant_ref_t ref)
{
	if (ref < GNTTAB_NR_RESERVED_ENTRIES || ref >= gnttab_refs_capacity(refs))
		return -ERANGE;
	if (__test_and_set_bit(ref, refs->free_map))
		return -EINVAL;
	refs->nr_free++;
	return 0;
}

/**
 * gnttab_refs_in_use() - whether @ref was handed out and not freed since
 * @refs: the allocator
 * @ref: any value; reserved and out of range ones are never in use
 */
bool gnttab_refs_in_use(const struct gnttab_refs *refs, grant_ref_t ref)
{
	return ref >= GNTTAB_NR_RESERVED_ENTRIES &&
	       ref < gnttab_refs_capacity(refs) &&
	       !test_bit(ref, refs->free_map);
}
