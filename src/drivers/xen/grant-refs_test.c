// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the grant reference allocator: the toolstack's reserved
 * entries, running out and growing, freeing and reuse, and the refs a
 * buggy caller may hand back.  No hypervisor is involved.
 */

#include <kunit/test.h>
#include <linux/bitmap.h>
#include <linux/errno.h>
#include <linux/limits.h>
#include <linux/module.h>
#include <linux/stddef.h>

#include "grant-refs.h"

/* Each test's allocator; destroyed by the suite's exit even after a failed assertion. */
static int grefs_test_init(struct kunit *test)
{
	test->priv = kunit_kzalloc(test, sizeof(struct gnttab_refs), GFP_KERNEL);
	return test->priv ? 0 : -ENOMEM;
}

static void grefs_test_exit(struct kunit *test)
{
	gnttab_refs_destroy(test->priv);
}

/* The test's allocator, set up for @max_frames and grown to @frames. */
static struct gnttab_refs *grefs_setup(struct kunit *test, unsigned int max_frames,
				       unsigned int frames)
{
	struct gnttab_refs *refs = test->priv;
	unsigned int i;

	KUNIT_ASSERT_EQ(test, gnttab_refs_init(refs, max_frames), 0);
	for (i = 0; i < frames; i++)
		KUNIT_ASSERT_EQ(test, gnttab_refs_grow(refs), 0);
	return refs;
}

/*
 * Allocate until -ENOSPC; each ref must be in [@lo, @hi) and new.  Marks
 * them in @seen (bits up to @hi) and returns how many there were.
 */
static unsigned int grefs_drain(struct kunit *test, struct gnttab_refs *refs,
				unsigned long *seen, unsigned int lo, unsigned int hi)
{
	unsigned int n = 0;
	int ref;

	for (;;) {
		ref = gnttab_refs_alloc(refs);
		if (ref == -ENOSPC)
			break;
		KUNIT_ASSERT_GE(test, ref, lo);
		KUNIT_ASSERT_LT(test, ref, hi);
		KUNIT_ASSERT_FALSE_MSG(test, test_bit(ref, seen), "ref %d handed out twice", ref);
		__set_bit(ref, seen);
		KUNIT_ASSERT_TRUE(test, gnttab_refs_in_use(refs, ref));
		/* Refs beyond what the range holds: stop before looping forever. */
		n++;
		KUNIT_ASSERT_LE(test, n, hi - lo);
	}
	KUNIT_EXPECT_EQ(test, gnttab_refs_nr_free(refs), 0);
	return n;
}

static unsigned long *grefs_seen(struct kunit *test, unsigned int bits)
{
	unsigned long *seen;

	seen = kunit_kcalloc(test, BITS_TO_LONGS(bits), sizeof(long), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, seen);
	return seen;
}

static void grefs_test_init_limits(struct kunit *test)
{
	struct gnttab_refs *refs = test->priv;

	KUNIT_EXPECT_EQ(test, gnttab_refs_init(refs, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, gnttab_refs_init(refs, INT_MAX / GNTTAB_REFS_PER_FRAME + 1),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, gnttab_refs_init(refs, UINT_MAX), -EINVAL);
}

/* Before the first frame there is nothing to hand out. */
static void grefs_test_empty(struct kunit *test)
{
	struct gnttab_refs *refs = grefs_setup(test, 1, 0);

	KUNIT_EXPECT_EQ(test, gnttab_refs_capacity(refs), 0);
	KUNIT_EXPECT_EQ(test, gnttab_refs_nr_free(refs), 0);
	KUNIT_EXPECT_EQ(test, gnttab_refs_alloc(refs), -ENOSPC);
	KUNIT_EXPECT_EQ(test, gnttab_refs_free(refs, GNTTAB_NR_RESERVED_ENTRIES), -ERANGE);
}

/* Refs 0-7 belong to the toolstack (console, xenstore...). */
static void grefs_test_reserved(struct kunit *test)
{
	struct gnttab_refs *refs = grefs_setup(test, 1, 1);
	unsigned long *seen = grefs_seen(test, GNTTAB_REFS_PER_FRAME);
	grant_ref_t ref;

	KUNIT_EXPECT_EQ(test, gnttab_refs_nr_free(refs),
			GNTTAB_REFS_PER_FRAME - GNTTAB_NR_RESERVED_ENTRIES);
	KUNIT_EXPECT_EQ(test, grefs_drain(test, refs, seen, GNTTAB_NR_RESERVED_ENTRIES,
					  GNTTAB_REFS_PER_FRAME),
			GNTTAB_REFS_PER_FRAME - GNTTAB_NR_RESERVED_ENTRIES);

	for (ref = 0; ref < GNTTAB_NR_RESERVED_ENTRIES; ref++) {
		KUNIT_EXPECT_FALSE(test, gnttab_refs_in_use(refs, ref));
		KUNIT_EXPECT_EQ(test, gnttab_refs_free(refs, ref), -ERANGE);
	}
	/* Rejected frees must not have made any of them allocatable. */
	KUNIT_EXPECT_EQ(test, gnttab_refs_nr_free(refs), 0);
	KUNIT_EXPECT_EQ(test, gnttab_refs_alloc(refs), -ENOSPC);
}

/* Running out, growing by a frame, and handing out exactly the new refs. */
static void grefs_test_exhaust_grow(struct kunit *test)
{
	struct gnttab_refs *refs = grefs_setup(test, 3, 1);
	unsigned long *seen = grefs_seen(test, 2 * GNTTAB_REFS_PER_FRAME);

	grefs_drain(test, refs, seen, GNTTAB_NR_RESERVED_ENTRIES, GNTTAB_REFS_PER_FRAME);
	KUNIT_EXPECT_EQ(test, gnttab_refs_alloc(refs), -ENOSPC);

	KUNIT_ASSERT_EQ(test, gnttab_refs_grow(refs), 0);
	KUNIT_EXPECT_EQ(test, gnttab_refs_capacity(refs), 2 * GNTTAB_REFS_PER_FRAME);
	KUNIT_EXPECT_EQ(test, gnttab_refs_nr_free(refs), GNTTAB_REFS_PER_FRAME);
	KUNIT_EXPECT_EQ(test, grefs_drain(test, refs, seen, GNTTAB_REFS_PER_FRAME,
					  2 * GNTTAB_REFS_PER_FRAME),
			GNTTAB_REFS_PER_FRAME);
}

/* A freed ref comes back, and the count follows. */
static void grefs_test_free_reuse(struct kunit *test)
{
	struct gnttab_refs *refs = grefs_setup(test, 1, 1);
	unsigned long *seen = grefs_seen(test, GNTTAB_REFS_PER_FRAME);
	const grant_ref_t a = 100, b = GNTTAB_REFS_PER_FRAME - 1;

	grefs_drain(test, refs, seen, GNTTAB_NR_RESERVED_ENTRIES, GNTTAB_REFS_PER_FRAME);

	KUNIT_EXPECT_EQ(test, gnttab_refs_free(refs, a), 0);
	KUNIT_EXPECT_FALSE(test, gnttab_refs_in_use(refs, a));
	KUNIT_EXPECT_EQ(test, gnttab_refs_nr_free(refs), 1);
	KUNIT_EXPECT_EQ(test, gnttab_refs_alloc(refs), a);
	KUNIT_EXPECT_EQ(test, gnttab_refs_alloc(refs), -ENOSPC);

	KUNIT_EXPECT_EQ(test, gnttab_refs_free(refs, b), 0);
	KUNIT_EXPECT_EQ(test, gnttab_refs_free(refs, a), 0);
	KUNIT_EXPECT_EQ(test, gnttab_refs_nr_free(refs), 2);
	/* Both come back, each once, in whatever order. */
	bitmap_zero(seen, GNTTAB_REFS_PER_FRAME);
	KUNIT_EXPECT_EQ(test, grefs_drain(test, refs, seen, GNTTAB_NR_RESERVED_ENTRIES,
					  GNTTAB_REFS_PER_FRAME), 2);
	KUNIT_EXPECT_TRUE(test, test_bit(a, seen));
	KUNIT_EXPECT_TRUE(test, test_bit(b, seen));
}

/* While other refs are free, the one just freed is not handed out again. */
static void grefs_test_no_quick_reuse(struct kunit *test)
{
	struct gnttab_refs *refs = grefs_setup(test, 1, 1);
	unsigned int i;
	int ref, next;

	ref = gnttab_refs_alloc(refs);
	KUNIT_ASSERT_GE(test, ref, GNTTAB_NR_RESERVED_ENTRIES);
	for (i = 0; i < 2 * GNTTAB_REFS_PER_FRAME; i++) {
		KUNIT_ASSERT_EQ(test, gnttab_refs_free(refs, ref), 0);
		next = gnttab_refs_alloc(refs);
		KUNIT_ASSERT_GE(test, next, GNTTAB_NR_RESERVED_ENTRIES);
		KUNIT_ASSERT_NE(test, next, ref);
		ref = next;
	}
}

static void grefs_test_double_free(struct kunit *test)
{
	struct gnttab_refs *refs = grefs_setup(test, 1, 1);
	unsigned long *seen = grefs_seen(test, GNTTAB_REFS_PER_FRAME);
	unsigned int nr_free;
	int ref;

	ref = gnttab_refs_alloc(refs);
	KUNIT_ASSERT_GE(test, ref, GNTTAB_NR_RESERVED_ENTRIES);
	KUNIT_EXPECT_EQ(test, gnttab_refs_free(refs, ref), 0);
	nr_free = gnttab_refs_nr_free(refs);
	KUNIT_EXPECT_EQ(test, gnttab_refs_free(refs, ref), -EINVAL);
	KUNIT_EXPECT_EQ(test, gnttab_refs_nr_free(refs), nr_free);

	/* A ref never handed out cannot be freed either. */
	KUNIT_EXPECT_EQ(test, gnttab_refs_free(refs, ref + 1), -EINVAL);

	/* The table still hands out every ref exactly once. */
	KUNIT_EXPECT_EQ(test, grefs_drain(test, refs, seen, GNTTAB_NR_RESERVED_ENTRIES,
					  GNTTAB_REFS_PER_FRAME),
			GNTTAB_REFS_PER_FRAME - GNTTAB_NR_RESERVED_ENTRIES);
}

static void grefs_test_out_of_range(struct kunit *test)
{
	struct gnttab_refs *refs = grefs_setup(test, 2, 1);
	const grant_ref_t bad[] = {
		GNTTAB_REFS_PER_FRAME,		/* first ref of a frame not added yet */
		2 * GNTTAB_REFS_PER_FRAME,	/* beyond max_frames */
		INT_MAX, U32_MAX,
	};
	unsigned int i, nr_free = gnttab_refs_nr_free(refs);

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		KUNIT_EXPECT_EQ(test, gnttab_refs_free(refs, bad[i]), -ERANGE);
		KUNIT_EXPECT_FALSE(test, gnttab_refs_in_use(refs, bad[i]));
	}
	KUNIT_EXPECT_EQ(test, gnttab_refs_nr_free(refs), nr_free);

	/* Once the frame is added its refs are free, not in use. */
	KUNIT_ASSERT_EQ(test, gnttab_refs_grow(refs), 0);
	KUNIT_EXPECT_FALSE(test, gnttab_refs_in_use(refs, GNTTAB_REFS_PER_FRAME));
	KUNIT_EXPECT_EQ(test, gnttab_refs_free(refs, GNTTAB_REFS_PER_FRAME), -EINVAL);
}

/* Growing stops at max_frames, and every ref up to there is handed out once. */
static void grefs_test_grow_to_max(struct kunit *test)
{
	const unsigned int max_frames = 4, nr = max_frames * GNTTAB_REFS_PER_FRAME;
	struct gnttab_refs *refs = grefs_setup(test, max_frames, max_frames);
	unsigned long *seen = grefs_seen(test, nr);

	KUNIT_EXPECT_EQ(test, gnttab_refs_grow(refs), -ENOSPC);
	KUNIT_EXPECT_EQ(test, gnttab_refs_capacity(refs), nr);
	KUNIT_EXPECT_EQ(test, gnttab_refs_nr_free(refs), nr - GNTTAB_NR_RESERVED_ENTRIES);
	KUNIT_EXPECT_EQ(test, grefs_drain(test, refs, seen, GNTTAB_NR_RESERVED_ENTRIES, nr),
			nr - GNTTAB_NR_RESERVED_ENTRIES);
	KUNIT_EXPECT_EQ(test, gnttab_refs_grow(refs), -ENOSPC);
	KUNIT_EXPECT_EQ(test, gnttab_refs_alloc(refs), -ENOSPC);
}

static struct kunit_case grefs_test_cases[] = {
	KUNIT_CASE(grefs_test_init_limits),
	KUNIT_CASE(grefs_test_empty),
	KUNIT_CASE(grefs_test_reserved),
	KUNIT_CASE(grefs_test_exhaust_grow),
	KUNIT_CASE(grefs_test_free_reuse),
	KUNIT_CASE(grefs_test_no_quick_reuse),
	KUNIT_CASE(grefs_test_double_free),
	KUNIT_CASE(grefs_test_out_of_range),
	KUNIT_CASE(grefs_test_grow_to_max),
	{}
};

static struct kunit_suite grefs_test_suite = {
	.name = "xen-grant-refs",
	.init = grefs_test_init,
	.exit = grefs_test_exit,
	.test_cases = grefs_test_cases,
};

kunit_test_suite(grefs_test_suite);

MODULE_DESCRIPTION("KUnit tests for the Xen grant reference allocator");
MODULE_LICENSE("GPL");
