// SPDX-License-Identifier: GPL-2.0
/*
 * Grant tables, version 1.
 *
 * The table's frames belong to Xen.  A guest in a hardware container
 * (HVM, PVH) has Xen place each one in its physical address space over a
 * page it allocated, then reaches the entries through the direct map.  A
 * PV guest asks Xen for the frames' machine numbers and maps each over
 * the direct-map address of such a page.  Either way the page is given
 * up for good.  The table starts with a few frames and grows by one
 * whenever the allocator runs out, up to what Xen allows.
 *
 * A grant cannot be revoked while the peer maps it.  Ending such a grant
 * parks its ref and page on a list retried every second, so that a page
 * is never freed while another domain may still read or write it.
 */

#define pr_fmt(fmt) "xen-grant: " fmt

#include <linux/bug.h>
#include <linux/build_bug.h>
#include <linux/export.h>
#include <linux/init.h>
#include <linux/jiffies.h>
#include <linux/list.h>
#include <linux/lockdep.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/printk.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <asm/xen/hypercall.h>
#include <xen/grant_table.h>
#include <xen/interface/grant_table.h>
#include <xen/interface/memory.h>
#include <xen/xen.h>

#include "grant-refs.h"

/* One Linux page holds one grant frame. */
static_assert(PAGE_SIZE == SZ_4K);
/* Layouts fixed by Xen's ABI (x86_64), checked where the build sees them. */
static_assert(sizeof(struct grant_entry_v1) == 8);
static_assert(offsetof(struct grant_entry_v1, domid) == 2);
static_assert(offsetof(struct grant_entry_v1, frame) == 4);
static_assert(GNTTAB_REFS_PER_FRAME == 512);
static_assert(sizeof(struct gnttab_map_grant_ref) == 32);
static_assert(offsetof(struct gnttab_map_grant_ref, handle) == 20);
static_assert(sizeof(struct gnttab_unmap_grant_ref) == 24);
static_assert(sizeof(struct gnttab_setup_table) == 24);
static_assert(offsetof(struct gnttab_setup_table, frame_list) == 16);
static_assert(sizeof(struct gnttab_query_size) == 16);
static_assert(offsetof(struct gnttab_query_size, status) == 12);
static_assert(sizeof(struct gnttab_set_version) == 4);

/*
 * Frames mapped at boot: enough for the console, xenstore and a few
 * devices.  The cap bounds the pages we give up to the table (and the
 * allocator's bitmap) whatever maximum Xen reports.
 */
#define GNTTAB_INITIAL_FRAMES	4
#define GNTTAB_MAX_FRAMES	256
/*
 * A PV guest learns all frames at once from GNTTABOP_setup_table, into a
 * list on the stack: that caps its table at 64 frames (32768 grants).
 */
#define GNTTAB_PV_SETUP_BATCH	64

/* How often parked grants are retried, and after how long we complain. */
#define GNTTAB_RETRY_INTERVAL	HZ
#define GNTTAB_WARN_AFTER	(60 * HZ)

/* A grant whose end waits for the peer to unmap it. */
struct gnttab_parked {
	struct list_head node;
	grant_ref_t ref;
	domid_t domid;
	bool warned;
	struct page *page;	/* freed when the grant ends; may be NULL */
	unsigned long since;	/* jiffies */
};

static DEFINE_SPINLOCK(gnttab_lock);
/* These are protected by gnttab_lock. */
static struct gnttab_refs gnttab_refs;
static struct grant_entry_v1 **gnttab_frames;	/* direct-map address of each frame */
static unsigned int gnttab_max_frames;		/* 0: no grant table */
static LIST_HEAD(gnttab_parked_list);

static void gnttab_retry_parked(struct work_struct *work);
static DECLARE_DELAYED_WORK(gnttab_retry_work, gnttab_retry_parked);

/* The entry of a ref gnttab_refs_in_use() has vouched for. */
static struct grant_entry_v1 *gnttab_entry(grant_ref_t ref)
{
	return &gnttab_frames[ref / GNTTAB_REFS_PER_FRAME][ref % GNTTAB_REFS_PER_FRAME];
}

#ifdef CONFIG_XEN_PV
/*
 * A PV guest: GNTTABOP_setup_table grows the table to @idx + 1 frames and
 * names their machine frames; frame @idx is mapped over @page's direct
 * map address.  The list lives on the stack: callers hold a spinlock.
 */
static int gnttab_map_frame_pv(struct page *page, unsigned int idx)
{
	xen_pfn_t frames[GNTTAB_PV_SETUP_BATCH];
	struct gnttab_setup_table setup = {
		.dom = DOMID_SELF,
		.nr_frames = idx + 1,
	};
	u64 pte;
	int rc;

	if (idx >= ARRAY_SIZE(frames))
		return -ENOSPC;
	set_xen_guest_handle(setup.frame_list, frames);
	rc = HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &setup, 1);
	if (!rc && setup.status != GNTST_okay)
		rc = -EIO;
	if (rc)
		return rc;
	pte = ((u64)frames[idx] << PAGE_SHIFT) | pgprot_val(PAGE_KERNEL);
	return HYPERVISOR_update_va_mapping((unsigned long)page_address(page),
					    pte, UVMF_INVLPG | UVMF_ALL);
}
#else
static int gnttab_map_frame_pv(struct page *page, unsigned int idx)
{
	return -ENODEV;
}
#endif

/* An HVM or PVH guest: Xen puts frame @idx where @page's RAM was. */
static int gnttab_map_frame_hvm(struct page *page, unsigned int idx)
{
	struct xen_add_to_physmap xatp = {
		.domid = DOMID_SELF,
		.space = XENMAPSPACE_grant_table,
		.idx = idx,
		.gpfn = page_to_pfn(page),
	};

	return HYPERVISOR_memory_op(XENMEM_add_to_physmap, &xatp);
}

/*
 * Have Xen put the next frame of the table over @page, which this takes
 * over; the caller has checked that the table may grow.  If Xen refuses,
 * the page may already have lost the RAM behind it, so it is never given
 * back, and growth stops so that this happens once.
 */
static int gnttab_add_frame(struct page *page)
{
	unsigned int idx = gnttab_refs.nr_frames;
	int rc;

	lockdep_assert_held(&gnttab_lock);
	if (xen_pv_domain())
		rc = gnttab_map_frame_pv(page, idx);
	else
		rc = gnttab_map_frame_hvm(page, idx);
	if (rc) {
		pr_err("Xen did not map grant frame %u: %d; the table stays at %u frames\n",
		       idx, rc, idx);
		gnttab_max_frames = idx;
		return rc;
	}
	gnttab_frames[idx] = page_address(page);
	return gnttab_refs_grow(&gnttab_refs);
}

/* The table is full: add a frame and take a ref from it. */
static int gnttab_grow_and_alloc(void)
{
	struct page *page;
	int rc;

	lockdep_assert_held(&gnttab_lock);
	if (!gnttab_max_frames)
		return -ENODEV;
	if (gnttab_refs.nr_frames >= gnttab_max_frames)
		return -ENOSPC;
	/* Once per frame at most, so an atomic allocation is fine. */
	page = alloc_page(GFP_ATOMIC);
	if (!page)
		return -ENOMEM;
	rc = gnttab_add_frame(page);
	return rc ? rc : gnttab_refs_alloc(&gnttab_refs);
}

/**
 * gnttab_grant_access() - let a domain map one of our pages
 * @domid: the domain to grant access to
 * @gfn: the page, as xen_page_to_gfn() gives it
 * @readonly: the domain may only read the page
 *
 * The grant lasts until gnttab_end_access() or a successful
 * gnttab_try_end_access().  The table grows by a frame if it is full.
 *
 * Context: any; does not sleep.
 * Return: the grant reference, -ENODEV without a grant table, -EINVAL if
 * @gfn does not fit a version 1 entry, -ENOSPC if the table is at its
 * largest and full, or -ENOMEM.
 */
int gnttab_grant_access(domid_t domid, unsigned long gfn, bool readonly)
{
	struct grant_entry_v1 *entry;
	unsigned long flags;
	int ref;

	if (gfn > U32_MAX)
		return -EINVAL;

	spin_lock_irqsave(&gnttab_lock, flags);
	ref = gnttab_refs_alloc(&gnttab_refs);
	if (ref == -ENOSPC)
		ref = gnttab_grow_and_alloc();
	entry = ref >= 0 ? gnttab_entry(ref) : NULL;
	spin_unlock_irqrestore(&gnttab_lock, flags);
	if (!entry)
		return ref;

	WRITE_ONCE(entry->domid, domid);
	WRITE_ONCE(entry->frame, gfn);
	/* Xen must see whom and what the grant is for before it sees it valid. */
	wmb();
	WRITE_ONCE(entry->flags, GTF_permit_access | (readonly ? GTF_readonly : 0));
	return ref;
}
EXPORT_SYMBOL_GPL(gnttab_grant_access);

/*
 * Invalidate @entry unless the peer maps it.  Xen sets GTF_reading or
 * GTF_writing when a mapping is made, possibly between our read and the
 * cmpxchg: then the cmpxchg fails and we look at the new flags.
 */
static bool gnttab_revoke(struct grant_entry_v1 *entry)
{
	u16 flags = READ_ONCE(entry->flags);

	do {
		if (flags & (GTF_reading | GTF_writing))
			return false;
	} while (!try_cmpxchg(&entry->flags, &flags, 0));
	return true;
}

/* End @ref's grant and free the ref: 0, -EBUSY if still mapped, -EINVAL if not granted. */
static int gnttab_end_locked(grant_ref_t ref)
{
	lockdep_assert_held(&gnttab_lock);
	if (!gnttab_refs_in_use(&gnttab_refs, ref))
		return -EINVAL;
	if (!gnttab_revoke(gnttab_entry(ref)))
		return -EBUSY;
	return gnttab_refs_free(&gnttab_refs, ref);
}

static int gnttab_end(grant_ref_t ref)
{
	unsigned long flags;
	int rc;

	spin_lock_irqsave(&gnttab_lock, flags);
	rc = gnttab_end_locked(ref);
	spin_unlock_irqrestore(&gnttab_lock, flags);
	WARN_ONCE(rc == -EINVAL, "xen-grant: ending access through ref %u, which is not granted\n",
		  ref);
	return rc;
}

/**
 * gnttab_try_end_access() - revoke a grant unless the peer still maps it
 * @ref: a reference returned by gnttab_grant_access()
 *
 * On success the reference is freed and the page is ours again.  On
 * failure nothing changes: the caller must keep the page and the
 * reference, and try again later or hand both to gnttab_end_access().
 *
 * Context: any; does not sleep.
 * Return: true if access ended, false if the peer still maps the page or
 * @ref is not a granted reference.
 */
bool gnttab_try_end_access(grant_ref_t ref)
{
	return !gnttab_end(ref);
}
EXPORT_SYMBOL_GPL(gnttab_try_end_access);

/* Keep @ref and @page until the peer unmaps the page. */
static void gnttab_park(grant_ref_t ref, struct page *page)
{
	struct gnttab_parked *parked;
	unsigned long flags;

	parked = kmalloc(sizeof(*parked), GFP_ATOMIC);
	if (!parked) {
		/* Keeping both forever is safe; freeing either is not. */
		pr_warn_ratelimited("no memory to track ref %u, leaking it and its page\n",
				    ref);
		return;
	}
	parked->ref = ref;
	parked->page = page;
	parked->since = jiffies;
	parked->warned = false;

	spin_lock_irqsave(&gnttab_lock, flags);
	parked->domid = READ_ONCE(gnttab_entry(ref)->domid);
	list_add_tail(&parked->node, &gnttab_parked_list);
	spin_unlock_irqrestore(&gnttab_lock, flags);
	schedule_delayed_work(&gnttab_retry_work, GNTTAB_RETRY_INTERVAL);
}

static void gnttab_retry_parked(struct work_struct *work)
{
	struct gnttab_parked *parked, *next;
	unsigned long flags;
	LIST_HEAD(done);
	bool again;
	int rc;

	spin_lock_irqsave(&gnttab_lock, flags);
	list_for_each_entry_safe(parked, next, &gnttab_parked_list, node) {
		rc = gnttab_end_locked(parked->ref);
		if (rc != -EBUSY) {
			/* Ended by someone else (-EINVAL): the page may be in use. */
			if (WARN_ON_ONCE(rc))
				parked->page = NULL;
			list_move(&parked->node, &done);
		} else if (!parked->warned &&
			   time_after(jiffies, parked->since + GNTTAB_WARN_AFTER)) {
			parked->warned = true;
			pr_warn_ratelimited("domain %u still maps ref %u after %u s\n",
					    parked->domid, parked->ref,
					    jiffies_to_msecs(jiffies - parked->since) / 1000);
		}
	}
	again = !list_empty(&gnttab_parked_list);
	spin_unlock_irqrestore(&gnttab_lock, flags);

	list_for_each_entry_safe(parked, next, &done, node) {
		if (parked->page)
			put_page(parked->page);
		kfree(parked);
	}
	if (again)
		schedule_delayed_work(&gnttab_retry_work, GNTTAB_RETRY_INTERVAL);
}

/**
 * gnttab_end_access() - revoke a grant and free the page, now or later
 * @ref: a reference returned by gnttab_grant_access()
 * @page: the granted page, or NULL to keep it
 *
 * If the peer has unmapped the page, the grant ends, @ref is freed and the
 * caller's reference to @page is dropped at once.  Otherwise both are kept
 * and retried every second until the peer lets go.  Either way the caller
 * must not use @ref or @page again.  A @ref that is not granted is
 * refused with a warning.
 *
 * Context: any; does not sleep.
 */
void gnttab_end_access(grant_ref_t ref, struct page *page)
{
	int rc = gnttab_end(ref);

	if (rc == -EBUSY)
		gnttab_park(ref, page);
	else if (!rc && page)
		put_page(page);
}
EXPORT_SYMBOL_GPL(gnttab_end_access);

/*
 * Ask for version 1 entries: a kexec'd kernel may find version 2 in force,
 * whose entries we would misread.  Every Xen that runs a PVH or HVM guest
 * with PV drivers today (4.1 and later) has GNTTABOP_set_version.
 */
static int __init gnttab_set_v1(void)
{
	struct gnttab_set_version set = { .version = 1 };
	int rc;

	rc = HYPERVISOR_grant_table_op(GNTTABOP_set_version, &set, 1);
	if (rc)
		return rc;
	return set.version == 1 ? 0 : -EOPNOTSUPP;
}

static int __init gnttab_init(void)
{
	struct gnttab_query_size query = { .dom = DOMID_SELF };
	unsigned int max_frames, i;
	struct page *page;
	int rc, status;

	if (!xen_domain())
		return 0;

	rc = gnttab_set_v1();
	if (rc) {
		pr_err("cannot use version 1 grant entries: %d\n", rc);
		return rc;
	}

	rc = HYPERVISOR_grant_table_op(GNTTABOP_query_size, &query, 1);
	status = query.status;
	max_frames = min_t(u32, query.max_nr_frames,
			   xen_pv_domain() ? GNTTAB_PV_SETUP_BATCH : GNTTAB_MAX_FRAMES);
	if (rc || status != GNTST_okay || !max_frames) {
		pr_err("GNTTABOP_query_size: %d, status %d, %u frames at most\n",
		       rc, status, max_frames);
		return -ENODEV;
	}

	gnttab_frames = kcalloc(max_frames, sizeof(*gnttab_frames), GFP_KERNEL);
	if (!gnttab_frames)
		return -ENOMEM;
	rc = gnttab_refs_init(&gnttab_refs, max_frames);
	if (rc)
		goto err_frames;

	gnttab_max_frames = max_frames;
	for (i = 0; i < min_t(unsigned int, max_frames, GNTTAB_INITIAL_FRAMES); i++) {
		page = alloc_page(GFP_KERNEL);
		if (!page)
			break;
		spin_lock_irq(&gnttab_lock);
		rc = gnttab_add_frame(page);
		spin_unlock_irq(&gnttab_lock);
		if (rc)
			break;
	}
	/* Fewer frames than planned will do; the table grows when needed. */
	if (!gnttab_refs.nr_frames) {
		pr_err("no grant frame mapped\n");
		rc = -ENODEV;
		goto err_refs;
	}
	pr_info("%u of at most %u frames, version 1\n", gnttab_refs.nr_frames, max_frames);
	return 0;

err_refs:
	gnttab_max_frames = 0;
	gnttab_refs_destroy(&gnttab_refs);
err_frames:
	kfree(gnttab_frames);
	gnttab_frames = NULL;
	return rc;
}
arch_initcall(gnttab_init);
