// SPDX-License-Identifier: GPL-2.0
/*
 * Xen virtual block device frontend: the backend's disks as /dev/xvd*.
 *
 * A vbd is device/vbd/<id> in xenstore; its "virtual-device" number names
 * the disk (xen-vbd-interface(7)).  When the backend waits for us we share
 * rings (struct blkif_sring, one per blk-mq hardware queue, each of one
 * or more pages) and an event channel per ring; once it is connected we
 * read the disk's size and features and add the disk.  A request takes
 * one ring entry and grants the backend its data pages: up to 11 listed
 * in the entry itself, or, when the backend takes indirect requests, up
 * to 256 listed in a granted page of segments.
 *
 * The backend is not trusted.  Each response is copied out of the ring
 * once and checked against our record of the request in flight.  One
 * that cannot be right breaks the ring: all I/O fails, the error goes to
 * xenstore and the device closes for good.  A data page the backend
 * still maps after answering is never handed back to the block layer: its
 * request is held until the backend lets go.  Anything that waits for the
 * backend runs in a work item, never in xenwatch.
 *
 * A backend that closes without having broken anything may come back
 * (blkback unbound and bound again, a restarted driver domain): the disk
 * stays, its queue stops, the requests the backend has not answered go
 * back to the block layer's requeue list, and once it has closed we say
 * Initialising; when it waits for us again the requests go out on new
 * rings.  Only the removal of the vbd from xenstore (xl block-detach)
 * takes the disk away.
 *
 * With persistent grants (feature-persistent on both sides) the backend
 * keeps what we grant mapped, so no page of the block layer's is ever
 * granted: each ring has a pool of pages granted for the connection, and
 * data is copied into them for writes and out of them for reads.
 *
 * Not here yet: suspend/resume, and the hd/sd virtual-device forms of HVM
 * emulated disks, which need the emulated devices unplugged first.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitmap.h>
#include <linux/bitops.h>
#include <linux/blk-mq.h>
#include <linux/blkdev.h>
#include <linux/cpumask.h>
#include <linux/err.h>
#include <linux/gfp.h>
#include <linux/interrupt.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/log2.h>
#include <linux/major.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <xen/events.h>
#include <xen/grant_table.h>
#include <xen/interface/io/blkif.h>
#include <xen/interface/io/protocols.h>
#include <xen/xen.h>
#include <xen/xenbus.h>

/* Minors per disk: the whole disk, then partitions 1-15. */
#define BLKFRONT_MINORS		16U

/* virtual-device encodings, xen-vbd-interface(7). */
#define VBD_EXT			BIT(28)		/* 1 << 28 | disk << 8 | part */
#define VBD_RESERVED		(2U << 28)	/* and above */
#define VBD_HD0_MAJOR		3		/* the hd and sd forms name */
#define VBD_HD2_MAJOR		22		/* emulated disks of HVM guests */
#define VBD_SD_MAJOR		8

/*
 * What we ask for at most, whatever the backend offers: a ring per CPU up
 * to 4, rings of 4 pages (128 requests each) and 1 MiB requests.  More
 * buys little and costs grant references, which a domain has ~32000 of.
 */
#define BLKFRONT_MAX_QUEUES		4U
#define BLKFRONT_MAX_RING_ORDER		2U
#define BLKFRONT_MAX_INDIRECT_SEGS	256U
#define BLKFRONT_SEGS_PER_PAGE		(PAGE_SIZE / sizeof(struct blkif_request_segment))
/* So that an indirect request needs exactly one page of segments. */
static_assert(BLKFRONT_MAX_INDIRECT_SEGS <= BLKFRONT_SEGS_PER_PAGE);
static_assert(BLKFRONT_MAX_INDIRECT_SEGS > BLKIF_MAX_SEGMENTS_PER_REQUEST);
/* Grants of one request: its data pages and its page of segments. */
#define BLKFRONT_MAX_GREFS		(BLKFRONT_MAX_INDIRECT_SEGS + 1)

/*
 * Pages each ring may keep granted for persistent use: 4 MiB, about what
 * blkback keeps mapped per ring (its max_persistent_grants, 1056).  At
 * least one largest request must fit.
 */
#define BLKFRONT_MAX_PGRANTS		1024U
static_assert(BLKFRONT_MAX_PGRANTS >= BLKFRONT_MAX_GREFS);

static bool blkfront_persistent = true;
module_param_named(persistent, blkfront_persistent, bool, 0444);
MODULE_PARM_DESC(persistent, "Use persistent grants when the backend offers them (default: yes)");

/* The byte size of a disk must fit in loff_t. */
#define BLKFRONT_MAX_CAPACITY	((u64)LLONG_MAX >> SECTOR_SHIFT)

/* How often held requests are looked at again. */
#define BLKFRONT_HELD_RETRY	HZ

/* How long a closing backend has to answer the requests it has. */
#define BLKFRONT_DRAIN_WAIT	(10 * HZ)

/* Our part of each request, allocated by blk-mq behind it. */
struct blkfront_cmd {
	blk_status_t status;
	bool requeue;			/* give it back instead of completing */
	struct request *next_done;	/* the completions of one pass */
	u8 operation;			/* on the ring: the response must match */
	u8 data_op;			/* READ or WRITE inside an indirect one */
	unsigned int nsegs;		/* of data, in sg[] */
	unsigned int nr_grefs;
	DECLARE_BITMAP(granted, BLKFRONT_MAX_GREFS);	/* not ended yet */
	grant_ref_t grefs[BLKFRONT_MAX_GREFS];
	/* Or, with persistent grants, the ring's pages it uses. */
	unsigned int nr_pgrants;
	struct blkfront_pgrant *pgrants[BLKFRONT_MAX_GREFS];
	struct page *segs_page;		/* for indirect requests, or NULL */
	struct scatterlist sg[];	/* info->max_segs of them */
};

/* A page granted to the backend for as long as the ring is connected. */
struct blkfront_pgrant {
	struct list_head node;		/* in its ring's pgrants_free */
	struct page *page;
	grant_ref_t ref;
};

/* A shared ring and its event channel: one per hardware queue. */
struct blkfront_ring {
	struct blkfront_info *info;
	spinlock_t lock;		/* all below, and the shared pages */
	struct xen_front_ring front;
	struct blkif_sring *sring;	/* NULL: not connected */
	unsigned int nr_pages;
	grant_ref_t refs[1U << BLKFRONT_MAX_RING_ORDER];
	evtchn_port_t evtchn;
	int irq;
	/* Requests in flight by tag; a request's id on the ring is its tag. */
	struct request **inflight;
	unsigned int depth;		/* entries of inflight[] */
	bool broken;			/* for good: all I/O fails */
	const char *broken_why;		/* to report; NULL: nothing to report */
	s64 broken_what;
	struct delayed_work held_work;
	/* Persistent grants: pages not in use, and how many there are. */
	struct list_head pgrants_free;
	unsigned int nr_pgrants;
	char name[DISK_NAME_LEN + 8];	/* of its interrupt: xvda-0 */
};

struct blkfront_info {
	struct xenbus_device *xdev;
	struct list_head node;		/* in blkfront_devices */
	unsigned int vdevice;
	unsigned int first_minor, minors;
	char name[DISK_NAME_LEN];

	/* Runs the connection; the one writer of what follows. */
	struct work_struct work;
	struct blkfront_ring *rings;	/* nr_rings, for the life of the vbd */
	unsigned int nr_rings;
	unsigned int ring_order;	/* of the current connection */
	unsigned int max_segs;		/* per request, fixed with the disk */
	struct gendisk *disk;		/* NULL: not added yet */
	struct blk_mq_tag_set tag_set;
	bool dead;			/* gave up: no reconnecting */
	bool stopped;			/* queue quiesced, backend away */
	bool removing;			/* remove() runs: the work item stops */
	unsigned int stale_resets;	/* since the last connection */
	wait_queue_head_t drain_wq;	/* responses came in */

	/* What the backend says of the disk. */
	u64 sectors;			/* of 512 bytes */
	unsigned int vdisk_info;	/* VDISK_* */
	unsigned int sector_size, physical_sector_size;
	unsigned int discard_granularity, discard_alignment;
	unsigned int indirect_segs;	/* 0: no indirect requests */
	bool persistent;		/* both sides use persistent grants */
	u8 flush_op;			/* 0 or the BLKIF_OP_* for REQ_OP_FLUSH */
	bool discard, secure_discard;
};

/* The vbds we drive, so that two never share minors. */
static LIST_HEAD(blkfront_devices);
static DEFINE_MUTEX(blkfront_devices_lock);

static struct blkfront_cmd *blkfront_cmd(struct request *rq)
{
	return blk_mq_rq_to_pdu(rq);
}

/* Naming */

/*
 * Name the disk and choose its minors from its virtual-device number:
 * xvd<letters> with 16 minors for a whole disk, xvd<letters><part> with
 * one for a lone partition.  -ENODEV for the hd and sd forms, which HVM
 * guests also see as emulated disks: driving both would corrupt them.
 */
static int blkfront_name(struct blkfront_info *info)
{
	unsigned int v = info->vdevice, disk, part;
	char letters[8], *p = letters + sizeof(letters) - 1;

	if (v >= VBD_RESERVED) {
		return -EINVAL;
	} else if (v & VBD_EXT) {
		disk = (v >> 8) & 0xfffff;
		part = v & 0xff;
	} else if (v >> 8 == XENVBD_MAJOR) {
		disk = (v >> 4) & 0xf;
		part = v & 0xf;
	} else if (v >> 8 == VBD_HD0_MAJOR || v >> 8 == VBD_HD2_MAJOR ||
		   v >> 8 == VBD_SD_MAJOR) {
		return -ENODEV;
	} else {
		return -EINVAL;
	}
	if (part >= BLKFRONT_MINORS || disk >= (MINORMASK + 1) / BLKFRONT_MINORS)
		return -ERANGE;
	info->first_minor = disk * BLKFRONT_MINORS + part;
	info->minors = part ? 1 : BLKFRONT_MINORS;

	/* a-z, then aa-zz, aaa...: disk 26 is "aa", 536 "tq". */
	*p = '\0';
	for (;;) {
		*--p = 'a' + disk % 26;
		if (disk < 26)
			break;
		disk = disk / 26 - 1;
	}
	if (part)
		snprintf(info->name, sizeof(info->name), "xvd%s%u", p, part);
	else
		snprintf(info->name, sizeof(info->name), "xvd%s", p);
	return 0;
}

/* Two vbds naming the same minors (xvda and xvda1): refuse the second. */
static int blkfront_claim_minors(struct blkfront_info *info)
{
	struct blkfront_info *other;
	int err = 0;

	mutex_lock(&blkfront_devices_lock);
	list_for_each_entry(other, &blkfront_devices, node) {
		if (info->first_minor < other->first_minor + other->minors &&
		    other->first_minor < info->first_minor + info->minors) {
			err = -EBUSY;
			break;
		}
	}
	if (!err)
		list_add(&info->node, &blkfront_devices);
	mutex_unlock(&blkfront_devices_lock);
	return err;
}

/* Persistent grants */

/*
 * A page of @ring's pool, granted to the backend until the ring goes;
 * NULL when the pool is at its size and all in use (or memory is short):
 * the request waits for others to complete.  Ring lock held.
 */
static struct blkfront_pgrant *blkfront_pgrant_get(struct blkfront_ring *ring)
{
	struct blkfront_pgrant *pg;
	int ref = -ENOMEM;

	pg = list_first_entry_or_null(&ring->pgrants_free, struct blkfront_pgrant,
				      node);
	if (pg) {
		list_del(&pg->node);
		return pg;
	}
	if (ring->nr_pgrants >= BLKFRONT_MAX_PGRANTS)
		return NULL;
	pg = kmalloc(sizeof(*pg), GFP_ATOMIC);
	if (!pg)
		return NULL;
	/* Zeroed: the backend sees nothing of ours but request data. */
	pg->page = alloc_page(GFP_ATOMIC | __GFP_ZERO);
	if (pg->page)
		ref = gnttab_grant_access(ring->info->xdev->otherend_id,
					  xen_page_to_gfn(pg->page), false);
	if (ref < 0) {
		if (pg->page)
			__free_page(pg->page);
		kfree(pg);
		return NULL;
	}
	pg->ref = ref;
	ring->nr_pgrants++;
	return pg;
}

/* Back to the pool with the pages @cmd used.  Ring lock held. */
static void blkfront_pgrants_put(struct blkfront_ring *ring,
				 struct blkfront_cmd *cmd)
{
	while (cmd->nr_pgrants)
		list_add(&cmd->pgrants[--cmd->nr_pgrants]->node,
			 &ring->pgrants_free);
}

/*
 * The ring is gone, every request taken back: end the pool's grants.
 * Each page is freed now, or once the backend unmaps it.
 */
static void blkfront_pgrants_free(struct blkfront_ring *ring)
{
	struct blkfront_pgrant *pg, *next;
	unsigned int n = 0;
	LIST_HEAD(pool);

	spin_lock_irq(&ring->lock);
	list_splice_init(&ring->pgrants_free, &pool);
	spin_unlock_irq(&ring->lock);
	list_for_each_entry_safe(pg, next, &pool, node) {
		gnttab_end_access(pg->ref, pg->page);
		kfree(pg);
		n++;
	}
	WARN_ON_ONCE(n != ring->nr_pgrants);
	ring->nr_pgrants = 0;
}

/* A read through the pool is done: copy it to the block layer's pages. */
static void blkfront_pgrants_copy_in(struct blkfront_cmd *cmd)
{
	struct scatterlist *sg;
	int i;

	for_each_sg(cmd->sg, sg, cmd->nsegs, i)
		memcpy_to_page(sg_page(sg), sg->offset,
			       page_address(cmd->pgrants[i]->page) + sg->offset,
			       sg->length);
}

/* Request completion, the broken state and taking requests back */

/*
 * Forget @rq, in flight on @ring, and queue it for blkfront_finish():
 * completed with @sts, or given back to the block layer (@requeue).
 */
static void blkfront_retire(struct blkfront_ring *ring, struct request *rq,
			    blk_status_t sts, bool requeue,
			    struct request **done)
{
	struct blkfront_cmd *cmd = blkfront_cmd(rq);

	ring->inflight[rq->tag] = NULL;
	blkfront_pgrants_put(ring, cmd);
	cmd->status = sts;
	cmd->requeue = requeue;
	cmd->next_done = *done;
	*done = rq;
}

/* Complete or requeue the requests of a pass; no ring lock held. */
static void blkfront_finish(struct request *done)
{
	struct request *rq;

	if (!done)
		return;
	/*
	 * A queue stopped on a full ring goes again.  Before completing: once
	 * the last request completes, the queue may be torn down.
	 */
	blk_mq_start_stopped_hw_queues(done->q, true);
	while ((rq = done)) {
		done = blkfront_cmd(rq)->next_done;
		if (blkfront_cmd(rq)->requeue)
			blk_mq_requeue_request(rq, true);
		else
			blk_mq_complete_request(rq);
	}
}

/* End the grants of @rq still in force; false if the backend maps one. */
static bool blkfront_end_grants(struct request *rq)
{
	struct blkfront_cmd *cmd = blkfront_cmd(rq);
	unsigned int i;

	for_each_set_bit(i, cmd->granted, cmd->nr_grefs) {
		if (gnttab_try_end_access(cmd->grefs[i]))
			__clear_bit(i, cmd->granted);
	}
	return bitmap_empty(cmd->granted, cmd->nr_grefs);
}

/*
 * Take back every request in flight on @ring: on a broken ring they
 * fail, else they go back to the block layer to be sent again once the
 * backend is back.  One whose page the backend still maps is held:
 * handing it back would give the block layer a page another domain can
 * still write or read.  Held requests are tried again every second until
 * the backend lets go.  Ring lock held.
 */
static unsigned int blkfront_take_back(struct blkfront_ring *ring,
				       struct request **done)
{
	unsigned int tag, held = 0;
	struct request *rq;

	for (tag = 0; tag < ring->depth; tag++) {
		rq = ring->inflight[tag];
		if (!rq)
			continue;
		if (blkfront_end_grants(rq))
			blkfront_retire(ring, rq, BLK_STS_IOERR, !ring->broken, done);
		else
			held++;
	}
	if (held)
		queue_delayed_work(system_wq, &ring->held_work,
				   BLKFRONT_HELD_RETRY);
	return held;
}

static void blkfront_held_workfn(struct work_struct *work)
{
	struct blkfront_ring *ring =
		container_of(to_delayed_work(work), struct blkfront_ring, held_work);
	struct request *done = NULL;

	unsigned int held;

	spin_lock_irq(&ring->lock);
	held = blkfront_take_back(ring, &done);
	spin_unlock_irq(&ring->lock);
	blkfront_finish(done);
	/* The last one let go: a reconnection may have waited for it. */
	if (!held)
		queue_work(system_long_wq, &ring->info->work);
}

/*
 * Stop using @ring for good: the backend broke the protocol (@why, with
 * the offending value), or the vbd goes away (@why NULL).  Ring lock held.
 */
static void blkfront_break(struct blkfront_ring *ring, const char *why,
			   s64 what, struct request **done)
{
	unsigned int held;

	if (!ring->broken && why) {
		ring->broken_why = why;
		ring->broken_what = what;
		/* xenbus_dev_fatal() sleeps: report from the work item. */
		queue_work(system_long_wq, &ring->info->work);
	}
	ring->broken = true;
	held = blkfront_take_back(ring, done);
	if (held)
		dev_warn(&ring->info->xdev->dev,
			 "%s: the backend still maps pages of %u requests; holding them\n",
			 ring->name, held);
}

/* Request submission */

/* The ring operation (and discard flag) for @rq. */
static blk_status_t blkfront_operation(struct blkfront_info *info,
				       struct request *rq, u8 *op, u8 *flag)
{
	*flag = 0;
	switch (req_op(rq)) {
	case REQ_OP_READ:
		*op = BLKIF_OP_READ;
		return BLK_STS_OK;
	case REQ_OP_WRITE:
		*op = BLKIF_OP_WRITE;
		return BLK_STS_OK;
	case REQ_OP_FLUSH:
		/* flush_op 0: the backend refused flushes (blkfront_refused()). */
		*op = READ_ONCE(info->flush_op);
		return BLK_STS_OK;
	case REQ_OP_SECURE_ERASE:
		if (!READ_ONCE(info->secure_discard))
			return BLK_STS_NOTSUPP;
		*flag = BLKIF_DISCARD_SECURE;
		fallthrough;
	case REQ_OP_DISCARD:
		*op = BLKIF_OP_DISCARD;
		return READ_ONCE(info->discard) ? BLK_STS_OK : BLK_STS_NOTSUPP;
	default:
		return BLK_STS_NOTSUPP;
	}
}

/* Grant @page to the backend for @cmd: the reference, or a negative errno. */
static int blkfront_grant(struct blkfront_info *info, struct blkfront_cmd *cmd,
			  struct page *page, bool readonly)
{
	int ref;

	ref = gnttab_grant_access(info->xdev->otherend_id,
				  xen_page_to_gfn(page), readonly);
	if (ref < 0)
		return ref;
	cmd->grefs[cmd->nr_grefs] = ref;
	__set_bit(cmd->nr_grefs, cmd->granted);
	cmd->nr_grefs++;
	return ref;
}

/*
 * Grant @rq's pages and write its request at req_prod_pvt: the segments
 * in the entry itself, or, past 11 of them, in the request's page of
 * segments.  Ring lock held, an entry free.  On failure the grants made
 * so far end, unless the backend already maps one (it can guess grant
 * references): then the ring breaks and @rq stays held, which counts as
 * taken.
 */
static blk_status_t blkfront_write_request(struct blkfront_ring *ring,
					   struct request *rq, u8 op, u8 flag,
					   int nsegs, struct request **done)
{
	struct blkfront_info *info = ring->info;
	struct blkfront_cmd *cmd = blkfront_cmd(rq);
	bool indirect = nsegs > BLKIF_MAX_SEGMENTS_PER_REQUEST;
	bool to_disk = rq_data_dir(rq) == WRITE;
	union {
		struct blkif_request rw;
		struct blkif_request_discard discard;
		struct blkif_request_indirect indirect;
	} req = {};
	struct blkif_request_segment *seg;
	struct blkfront_pgrant *pg;
	struct scatterlist *sg;
	blk_status_t sts;
	int i, ref;

	if (WARN_ON_ONCE(rq->tag >= ring->depth || ring->inflight[rq->tag]))
		return BLK_STS_IOERR;
	cmd->nsegs = nsegs;
	cmd->nr_grefs = 0;
	cmd->nr_pgrants = 0;
	bitmap_zero(cmd->granted, BLKFRONT_MAX_GREFS);
	cmd->operation = op;
	cmd->data_op = op;

	if (op == BLKIF_OP_DISCARD) {
		req.discard.operation = op;
		req.discard.flag = flag;
		req.discard.handle = (blkif_vdev_t)info->vdevice;
		req.discard.id = rq->tag;
		req.discard.sector_number = blk_rq_pos(rq);
		req.discard.nr_sectors = blk_rq_sectors(rq);
	} else if (indirect) {
		cmd->operation = BLKIF_OP_INDIRECT;
		req.indirect.operation = BLKIF_OP_INDIRECT;
		req.indirect.indirect_op = op;
		req.indirect.nr_segments = nsegs;
		req.indirect.id = rq->tag;
		req.indirect.sector_number = blk_rq_pos(rq);
		req.indirect.handle = (blkif_vdev_t)info->vdevice;
	} else {
		req.rw.operation = op;
		req.rw.nr_segments = nsegs;
		req.rw.handle = (blkif_vdev_t)info->vdevice;
		req.rw.id = rq->tag;
		req.rw.sector_number = blk_rq_pos(rq);
	}
	seg = indirect ? page_address(cmd->segs_page) : req.rw.seg;
	for_each_sg(cmd->sg, sg, nsegs, i) {
		unsigned int off = sg->offset, len = sg->length;

		/* The queue limits keep segments in a page, sector-aligned. */
		if (WARN_ON_ONCE(!len || off + len > PAGE_SIZE ||
				 (off | len) & (SECTOR_SIZE - 1))) {
			sts = BLK_STS_IOERR;
			goto undo;
		}
		if (info->persistent) {
			pg = blkfront_pgrant_get(ring);
			if (!pg)
				goto no_pgrant;
			cmd->pgrants[cmd->nr_pgrants++] = pg;
			if (to_disk)
				memcpy_from_page(page_address(pg->page) + off,
						 sg_page(sg), off, len);
			ref = pg->ref;
		} else {
			ref = blkfront_grant(info, cmd, sg_page(sg), to_disk);
			if (ref < 0)
				goto no_grant;
		}
		seg[i].gref = ref;
		seg[i].first_sect = off >> SECTOR_SHIFT;
		seg[i].last_sect = (off + len - 1) >> SECTOR_SHIFT;
	}
	if (indirect) {
		/* The backend reads the whole page: nothing stale after the list. */
		memset(&seg[nsegs], 0, PAGE_SIZE - nsegs * sizeof(*seg));
		if (info->persistent) {
			/* A page the backend may keep mapped: one of the pool. */
			pg = blkfront_pgrant_get(ring);
			if (!pg)
				goto no_pgrant;
			cmd->pgrants[cmd->nr_pgrants++] = pg;
			copy_page(page_address(pg->page), seg);
			ref = pg->ref;
		} else {
			ref = blkfront_grant(info, cmd, cmd->segs_page, true);
			if (ref < 0)
				goto no_grant;
		}
		req.indirect.indirect_grefs[0] = ref;
	}

	/* The whole entry: no stale bytes of an earlier request remain. */
	memcpy(&ring->sring->ring[xen_front_ring_slot(&ring->front,
						      ring->front.req_prod_pvt)].req,
	       &req.rw, sizeof(req.rw));
	ring->front.req_prod_pvt++;
	ring->inflight[rq->tag] = rq;
	return BLK_STS_OK;

no_pgrant:
	/* The pool is in use: retry once requests complete. */
	ref = -ENOSPC;
no_grant:
	/* A full table: retry once requests complete and free grants. */
	sts = ref == -ENOSPC || ref == -ENOMEM ? BLK_STS_RESOURCE : BLK_STS_IOERR;
undo:
	blkfront_pgrants_put(ring, cmd);
	if (blkfront_end_grants(rq))
		return sts;
	ring->inflight[rq->tag] = rq;
	blkfront_break(ring, "backend mapped a page before we sent its request, id",
		       rq->tag, done);
	return BLK_STS_OK;
}

static blk_status_t blkfront_queue_rq(struct blk_mq_hw_ctx *hctx,
				      const struct blk_mq_queue_data *bd)
{
	struct blkfront_ring *ring = hctx->driver_data;
	struct blkfront_info *info = ring->info;
	struct request *rq = bd->rq;
	struct request *done = NULL;
	unsigned long flags;
	blk_status_t sts;
	int nsegs = 0;
	u8 op, flag;

	sts = blkfront_operation(info, rq, &op, &flag);
	if (sts)
		return sts;
	if (req_op(rq) == REQ_OP_FLUSH && !op) {
		/* A flush on a disk with no cache to flush (any more). */
		blk_mq_start_request(rq);
		blk_mq_end_request(rq, BLK_STS_OK);
		return BLK_STS_OK;
	}
	if (op == BLKIF_OP_READ || op == BLKIF_OP_WRITE) {
		nsegs = blk_rq_map_sg(rq->q, rq, blkfront_cmd(rq)->sg);
		if (WARN_ON_ONCE(nsegs <= 0 || nsegs > info->max_segs))
			return BLK_STS_IOERR;
	}
	blk_mq_start_request(rq);

	spin_lock_irqsave(&ring->lock, flags);
	if (ring->broken || !ring->sring) {
		/* Gone, or (on a queue quiesced meanwhile) never sent. */
		sts = BLK_STS_IOERR;
	} else if (!xen_front_ring_free(&ring->front)) {
		/* blkfront_finish() restarts it when responses free entries. */
		blk_mq_stop_hw_queue(hctx);
		sts = BLK_STS_DEV_RESOURCE;
	} else {
		sts = blkfront_write_request(ring, rq, op, flag, nsegs, &done);
		if (!sts && !ring->broken && xen_front_ring_push(&ring->front))
			xen_evtchn_notify(ring->evtchn);
	}
	spin_unlock_irqrestore(&ring->lock, flags);
	blkfront_finish(done);
	return sts;
}

static void blkfront_complete_rq(struct request *rq)
{
	blk_mq_end_request(rq, blkfront_cmd(rq)->status);
}

static int blkfront_init_hctx(struct blk_mq_hw_ctx *hctx, void *data,
			      unsigned int index)
{
	struct blkfront_info *info = data;

	if (WARN_ON_ONCE(index >= info->nr_rings))
		return -EINVAL;
	hctx->driver_data = &info->rings[index];
	return 0;
}

/* Each request gets its page of segments when indirect requests are on. */
static int blkfront_init_request(struct blk_mq_tag_set *set,
				 struct request *rq, unsigned int hctx_idx,
				 unsigned int numa_node)
{
	struct blkfront_info *info = set->driver_data;
	struct blkfront_cmd *cmd = blkfront_cmd(rq);

	sg_init_table(cmd->sg, info->max_segs);
	cmd->segs_page = NULL;
	if (info->max_segs <= BLKIF_MAX_SEGMENTS_PER_REQUEST)
		return 0;
	cmd->segs_page = alloc_pages_node(numa_node, GFP_KERNEL | __GFP_ZERO, 0);
	return cmd->segs_page ? 0 : -ENOMEM;
}

/* Requests are freed with the tag set, all retired: no grant is left. */
static void blkfront_exit_request(struct blk_mq_tag_set *set,
				  struct request *rq, unsigned int hctx_idx)
{
	struct blkfront_cmd *cmd = blkfront_cmd(rq);

	if (cmd->segs_page)
		__free_page(cmd->segs_page);
	cmd->segs_page = NULL;
}

static const struct blk_mq_ops blkfront_mq_ops = {
	.queue_rq = blkfront_queue_rq, .complete = blkfront_complete_rq,
	/* A hardware queue is a ring; a request has its page of segments. */
	.init_hctx = blkfront_init_hctx,
	.init_request = blkfront_init_request, .exit_request = blkfront_exit_request,
};

/* Response handling */

/*
 * The backend refused optional operation @op, which it may do at any
 * time: stop sending it.  From now on blkfront_operation() fails such
 * requests at once; the queue limits that keep the block layer from
 * making more are updated by the work item, as that update sleeps.  A
 * refused flush succeeds, as flushes do on a disk without a write cache,
 * which is what the disk now is to the block layer; failing it would fail
 * the write a journal hung on it.
 */
static blk_status_t blkfront_refused(struct blkfront_info *info, u8 op)
{
	blk_status_t sts = BLK_STS_NOTSUPP;

	if (op == BLKIF_OP_DISCARD) {
		WRITE_ONCE(info->discard, false);
		WRITE_ONCE(info->secure_discard, false);
	} else if (op == BLKIF_OP_FLUSH_DISKCACHE || op == BLKIF_OP_WRITE_BARRIER) {
		WRITE_ONCE(info->flush_op, 0);
		sts = BLK_STS_OK;
	} else {
		/* Reads and writes are not optional. */
		return BLK_STS_IOERR;
	}
	dev_warn(&info->xdev->dev, "%s: the backend refused operation %u; not sending it again\n",
		 info->name, op);
	queue_work(system_long_wq, &info->work);
	return sts;
}

/* Act on one response, already copied out of the ring.  Ring lock held. */
static void blkfront_take_response(struct blkfront_ring *ring,
				   const struct blkif_response *rsp,
				   struct request **done)
{
	struct blkfront_cmd *cmd;
	struct request *rq;
	blk_status_t sts;

	if (rsp->id >= ring->depth || !ring->inflight[rsp->id]) {
		blkfront_break(ring, "response for no request in flight, id",
			       rsp->id, done);
		return;
	}
	rq = ring->inflight[rsp->id];
	cmd = blkfront_cmd(rq);
	/* An indirect request's response may name the operation inside. */
	if (rsp->operation != cmd->operation && rsp->operation != cmd->data_op) {
		blkfront_break(ring, "response of another operation than its request, id",
			       rsp->id, done);
		return;
	}
	switch (rsp->status) {
	case BLKIF_RSP_OKAY:
		sts = BLK_STS_OK;
		break;
	case BLKIF_RSP_ERROR:
		sts = BLK_STS_IOERR;
		break;
	case BLKIF_RSP_EOPNOTSUPP:
		sts = blkfront_refused(ring->info, cmd->data_op);
		break;
	default:
		blkfront_break(ring, "response with an unknown status", rsp->status,
			       done);
		return;
	}
	if (!blkfront_end_grants(rq)) {
		blkfront_break(ring, "backend still maps pages of a request it answered, id",
			       rsp->id, done);
		return;
	}
	if (cmd->nr_pgrants && cmd->data_op == BLKIF_OP_READ && sts == BLK_STS_OK)
		blkfront_pgrants_copy_in(cmd);
	blkfront_retire(ring, rq, sts, false, done);
}

/* Take every response the backend has produced.  Ring lock held. */
static void blkfront_take_responses(struct blkfront_ring *ring,
				    struct request **done)
{
	const struct blkif_response *src;
	struct blkif_response rsp;
	RING_IDX prod;

	do {
		if (!xen_front_ring_rsp_prod(&ring->front, &prod)) {
			blkfront_break(ring, "impossible response index", prod,
				       done);
			return;
		}
		while (ring->front.rsp_cons != prod) {
			src = &ring->sring->ring[xen_front_ring_slot(&ring->front,
								     ring->front.rsp_cons)].rsp;
			/* One copy: the backend can rewrite the entry meanwhile. */
			rsp.id = READ_ONCE(src->id);
			rsp.operation = READ_ONCE(src->operation);
			rsp.status = READ_ONCE(src->status);
			ring->front.rsp_cons++;
			blkfront_take_response(ring, &rsp, done);
			if (ring->broken)
				return;
		}
	} while (xen_front_ring_final_check(&ring->front));
}

static irqreturn_t blkfront_interrupt(int irq, void *dev_id)
{
	struct blkfront_ring *ring = dev_id;
	struct request *done = NULL;
	unsigned long flags;
	bool broken, any;

	spin_lock_irqsave(&ring->lock, flags);
	if (!ring->broken && ring->sring)
		blkfront_take_responses(ring, &done);
	broken = ring->broken;
	spin_unlock_irqrestore(&ring->lock, flags);

	any = done;
	blkfront_finish(done);
	/* Someone may wait for a closing backend to answer what it has. */
	if (any)
		wake_up(&ring->info->drain_wq);
	/* A ring we gave up on gets no more interrupts: its port stays masked. */
	if (!broken)
		xen_irq_lateeoi(irq);
	return IRQ_HANDLED;
}

/* Ring setup and teardown */

/*
 * Stop using @ring's pages and event channel: the backend has closed, or
 * the vbd goes.  Requests still in flight must have been taken back.
 */
static void blkfront_ring_free(struct blkfront_ring *ring)
{
	struct blkif_sring *sring;
	unsigned int i, nr_pages;

	if (ring->irq)
		xen_evtchn_unbind(ring->irq, ring);
	ring->irq = 0;

	spin_lock_irq(&ring->lock);
	sring = ring->sring;
	nr_pages = ring->nr_pages;
	ring->sring = NULL;
	ring->nr_pages = 0;
	memset(&ring->front, 0, sizeof(ring->front));
	spin_unlock_irq(&ring->lock);

	blkfront_pgrants_free(ring);
	/* Each page is freed now, or once the backend unmaps it. */
	for (i = 0; sring && i < nr_pages; i++)
		gnttab_end_access(ring->refs[i],
				  virt_to_page((void *)sring + i * PAGE_SIZE));
}

static void blkfront_rings_free(struct blkfront_info *info)
{
	unsigned int i;

	for (i = 0; i < info->nr_rings; i++)
		blkfront_ring_free(&info->rings[i]);
}

/*
 * Share 2^@order zeroed pages with the backend as @ring and bind an event
 * channel for it.  alloc_pages_exact() gives pages that are freed one by
 * one, as gnttab_end_access() does when the backend lets go of each.
 */
static int blkfront_ring_setup(struct blkfront_ring *ring, unsigned int order)
{
	unsigned int nr_pages = 1U << order, i, j, nr_ents;
	domid_t backend = ring->info->xdev->otherend_id;
	struct blkif_sring *sring;
	evtchn_port_t port;
	struct page *page;
	int ref, irq, err;

	nr_ents = XEN_SRING_ENTRIES(nr_pages * PAGE_SIZE,
				    sizeof(union blkif_sring_entry));
	/* Zeroed: the backend sees nothing of ours but requests. */
	sring = alloc_pages_exact(nr_pages * PAGE_SIZE, GFP_KERNEL | __GFP_ZERO);
	if (!sring)
		return -ENOMEM;
	for (i = 0; i < nr_pages; i++) {
		page = virt_to_page((void *)sring + i * PAGE_SIZE);
		ref = gnttab_grant_access(backend, xen_page_to_gfn(page), false);
		if (ref < 0) {
			err = ref;
			goto err_pages;
		}
		ring->refs[i] = ref;
	}
	err = xen_evtchn_alloc_unbound(backend, &port);
	if (err)
		goto err_pages;

	spin_lock_irq(&ring->lock);
	ring->sring = sring;
	ring->nr_pages = nr_pages;
	ring->evtchn = port;
	xen_front_ring_init(&ring->front, &sring->hdr, nr_ents);
	spin_unlock_irq(&ring->lock);

	irq = xen_evtchn_bind_port_lateeoi(port, blkfront_interrupt, 0,
					   ring->name, ring);
	if (irq < 0) {
		xen_evtchn_close(port);
		blkfront_ring_free(ring);
		return irq;
	}
	ring->irq = irq;
	return 0;

err_pages:
	/* Granted pages are freed once unmapped, the others now. */
	for (j = 0; j < nr_pages; j++) {
		page = virt_to_page((void *)sring + j * PAGE_SIZE);
		if (j < i)
			gnttab_end_access(ring->refs[j], page);
		else
			__free_page(page);
	}
	return err;
}

/* Write one ring's keys under @dir: our directory, or its queue-N. */
static int blkfront_publish_ring(u32 txn, const char *dir,
				 const struct blkfront_ring *ring,
				 unsigned int order)
{
	char node[sizeof("ring-ref") + 10];
	unsigned int i;
	int err = 0;

	/* A single page is "ring-ref", several "ring-ref<i>", never both. */
	err = order ? xenstore_rm(txn, dir, "ring-ref") :
		      xenstore_printf(txn, dir, "ring-ref", "%u", ring->refs[0]);
	for (i = 0; (!err || err == -ENOENT) && i < 1U << BLKFRONT_MAX_RING_ORDER; i++) {
		snprintf(node, sizeof(node), "ring-ref%u", i);
		if (i < ring->nr_pages && order)
			err = xenstore_printf(txn, dir, node, "%u", ring->refs[i]);
		else
			err = xenstore_rm(txn, dir, node);
	}
	if (err == -ENOENT)
		err = 0;
	if (!err)
		err = xenstore_printf(txn, dir, "event-channel", "%u",
				      ring->evtchn);
	return err;
}

/* Everything the backend needs to connect, in one transaction. */
static int blkfront_publish_txn(u32 txn, void *ctx)
{
	struct blkfront_info *info = ctx;
	const char *dir = info->xdev->nodename;
	unsigned int order = info->ring_order, i;
	char *qdir;
	int err;

	if (order) {
		err = xenstore_printf(txn, dir, "ring-page-order", "%u", order);
	} else {
		/* Left from an earlier connection, it would still count. */
		err = xenstore_rm(txn, dir, "ring-page-order");
		if (err == -ENOENT)
			err = 0;
	}
	if (!err && info->nr_rings > 1)
		err = xenstore_printf(txn, dir, "multi-queue-num-queues", "%u",
				      info->nr_rings);
	for (i = 0; !err && i < info->nr_rings; i++) {
		if (info->nr_rings == 1) {
			err = blkfront_publish_ring(txn, dir, &info->rings[i], order);
			break;
		}
		qdir = kasprintf(GFP_KERNEL, "%s/queue-%u", dir, i);
		if (!qdir)
			return -ENOMEM;
		err = blkfront_publish_ring(txn, qdir, &info->rings[i], order);
		kfree(qdir);
	}
	if (!err)
		err = xenstore_write(txn, dir, "protocol", XEN_IO_PROTO_ABI_NATIVE);
	if (!err)
		err = xenstore_printf(txn, dir, "feature-persistent", "%u",
				      blkfront_persistent);
	return err;
}

/* Give up on the vbd: the reason to dmesg and xenstore, and Closing. */
static __printf(3, 4) void blkfront_fatal(struct blkfront_info *info, int err,
					  const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	info->dead = true;
	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	xenbus_dev_fatal(info->xdev, err, "%s: %pV", info->name, &vaf);
	va_end(args);
}

/* The rings, and their record of requests, for the life of the vbd. */
static int blkfront_rings_alloc(struct blkfront_info *info,
				unsigned int nr_rings, unsigned int order)
{
	unsigned int depth, i;
	struct blkfront_ring *ring;

	depth = XEN_SRING_ENTRIES(PAGE_SIZE << order,
				  sizeof(union blkif_sring_entry));
	info->rings = kcalloc(nr_rings, sizeof(*info->rings), GFP_KERNEL);
	if (!info->rings)
		return -ENOMEM;
	for (i = 0; i < nr_rings; i++) {
		ring = &info->rings[i];
		ring->info = info;
		spin_lock_init(&ring->lock);
		INIT_DELAYED_WORK(&ring->held_work, blkfront_held_workfn);
		INIT_LIST_HEAD(&ring->pgrants_free);
		if (nr_rings == 1)
			strscpy(ring->name, info->name, sizeof(ring->name));
		else
			snprintf(ring->name, sizeof(ring->name), "%s-%u",
				 info->name, i);
		ring->inflight = kcalloc(depth, sizeof(*ring->inflight),
					 GFP_KERNEL);
		if (!ring->inflight)
			goto err;
		ring->depth = depth;
	}
	info->nr_rings = nr_rings;
	return 0;

err:
	while (i--)
		kfree(info->rings[i].inflight);
	kfree(info->rings);
	info->rings = NULL;
	return -ENOMEM;
}

/* Requests the backend still maps pages of, on all rings. */
static unsigned int blkfront_held(struct blkfront_info *info)
{
	unsigned int i, tag, held = 0;
	struct blkfront_ring *ring;

	for (i = 0; i < info->nr_rings; i++) {
		ring = &info->rings[i];
		spin_lock_irq(&ring->lock);
		for (tag = 0; tag < ring->depth; tag++)
			held += !!ring->inflight[tag];
		spin_unlock_irq(&ring->lock);
	}
	return held;
}

static bool blkfront_rings_up(struct blkfront_info *info)
{
	return info->rings && info->rings[0].sring;
}

/*
 * The backend waits for our rings: share them and say where they are.
 * The first time decides how many rings there are, for good; a backend
 * that comes back must take as many.  Each connection takes the largest
 * ring size both sides allow.
 */
static void blkfront_connect_rings(struct blkfront_info *info)
{
	struct xenbus_device *xdev = info->xdev;
	unsigned int max_queues, order, held, i;
	int err;

	max_queues = xenbus_read_otherend_uint(xdev, "multi-queue-max-queues", 1);
	order = min(xenbus_read_otherend_uint(xdev, "max-ring-page-order", 0),
		    BLKFRONT_MAX_RING_ORDER);
	if (!info->rings) {
		err = blkfront_rings_alloc(info,
					   clamp(min(max_queues, num_online_cpus()),
						 1U, BLKFRONT_MAX_QUEUES),
					   order);
		if (err) {
			blkfront_fatal(info, err, "allocating the rings");
			return;
		}
	} else if (max_queues < info->nr_rings) {
		blkfront_fatal(info, -EPROTO,
			       "the backend came back with %u queues, we have %u",
			       max_queues, info->nr_rings);
		return;
	}
	/* Their tags are taken: wait until the old backend lets go. */
	held = blkfront_held(info);
	if (held) {
		dev_warn(&xdev->dev, "%s: waiting for the backend to unmap pages of %u requests\n",
			 info->name, held);
		return;
	}

	info->ring_order = order;
	for (i = 0; i < info->nr_rings; i++) {
		err = blkfront_ring_setup(&info->rings[i], order);
		if (err)
			goto fail;
	}
	err = xenstore_transact(blkfront_publish_txn, info);
	if (!err)
		err = xenbus_switch_state(xdev, XenbusStateInitialised);
	if (!err)
		return;
fail:
	blkfront_rings_free(info);
	blkfront_fatal(info, err, "sharing the rings");
}

/* Gendisk setup */

/*
 * The disk's size and features.  We do not announce
 * feature-large-sector-size, so "sectors" and every sector on the ring
 * count 512 bytes; "sector-size" only sets the logical block size.
 */
static int blkfront_read_backend(struct blkfront_info *info)
{
	struct xenbus_device *xdev = info->xdev;
	unsigned int ss, pss, gran, align;
	const char *node;
	int err;

	node = "sectors";
	err = xenstore_read_u64(XS_NO_TXN, xdev->otherend, node, &info->sectors);
	if (!err && info->sectors > BLKFRONT_MAX_CAPACITY)
		err = -ERANGE;
	if (!err) {
		node = "info";
		err = xenstore_read_uint(XS_NO_TXN, xdev->otherend, node,
					 &info->vdisk_info);
	}
	if (!err) {
		node = "sector-size";
		err = xenstore_read_uint(XS_NO_TXN, xdev->otherend, node, &ss);
	}
	if (!err && (!is_power_of_2(ss) || ss < SECTOR_SIZE || ss > PAGE_SIZE))
		err = -EINVAL;
	if (err) {
		blkfront_fatal(info, err, "reading the backend's %s", node);
		return err;
	}
	info->sector_size = ss;

	pss = xenbus_read_otherend_uint(xdev, "physical-sector-size", ss);
	info->physical_sector_size = is_power_of_2(pss) && pss >= ss ? pss : ss;

	info->indirect_segs = xenbus_read_otherend_uint(xdev, "feature-max-indirect-segments", 0);
	info->persistent = blkfront_persistent &&
			   xenbus_read_otherend_uint(xdev, "feature-persistent", 0);
	if (xenbus_read_otherend_uint(xdev, "feature-flush-cache", 0))
		info->flush_op = BLKIF_OP_FLUSH_DISKCACHE;
	else if (xenbus_read_otherend_uint(xdev, "feature-barrier", 0))
		info->flush_op = BLKIF_OP_WRITE_BARRIER;
	else
		info->flush_op = 0;

	info->discard = xenbus_read_otherend_uint(xdev, "feature-discard", 0);
	info->secure_discard = false;
	if (!info->discard)
		return 0;
	info->secure_discard = xenbus_read_otherend_uint(xdev, "discard-secure", 0);
	/* Discard in whole logical blocks, whatever the backend says. */
	gran = xenbus_read_otherend_uint(xdev, "discard-granularity", ss);
	/* The block layer rounds with it: it must be a power of two. */
	info->discard_granularity = is_power_of_2(gran) && gran >= ss ? gran : ss;
	align = xenbus_read_otherend_uint(xdev, "discard-alignment", 0) %
		info->discard_granularity;
	info->discard_alignment = align % ss ? 0 : align;
	return 0;
}

/* The queue limits that follow the backend's features, into @lim. */
static void blkfront_feature_limits(const struct blkfront_info *info,
				    struct queue_limits *lim)
{
	unsigned int discard_sectors = READ_ONCE(info->discard) ?
				       UINT_MAX >> SECTOR_SHIFT : 0;

	/* No FUA: the block layer turns FUA writes into write + flush. */
	if (READ_ONCE(info->flush_op))
		lim->features |= BLK_FEAT_WRITE_CACHE;
	else
		lim->features &= ~BLK_FEAT_WRITE_CACHE;
	lim->max_hw_discard_sectors = discard_sectors;
	lim->max_secure_erase_sectors = READ_ONCE(info->secure_discard) ?
					discard_sectors : 0;
	if (discard_sectors) {
		lim->discard_granularity = info->discard_granularity;
		lim->discard_alignment = info->discard_alignment;
	}
}

/*
 * Bring the disk's queue limits in line with the backend's features, at
 * a reconnection or after it refused an operation.  Sleeps.
 */
static void blkfront_apply_features(struct blkfront_info *info)
{
	struct request_queue *q = info->disk->queue;
	struct queue_limits lim;
	int err;

	lim = queue_limits_start_update(q);
	blkfront_feature_limits(info, &lim);
	err = queue_limits_commit_update(q, &lim);
	if (err)
		dev_warn(&info->xdev->dev, "%s: queue limits for the backend's features refused (%d); the old ones stay\n",
			 info->name, err);
	set_disk_ro(info->disk, info->vdisk_info & VDISK_READONLY);
}

static void blkfront_say_connected(struct blkfront_info *info, bool again)
{
	dev_info(&info->xdev->dev, "%s: %s%llu sectors of %u bytes%s%s%s%s%s; %u queue(s), rings of %u page(s), %u segments per request%s, persistent grants: %s\n",
		 info->name, again ? "back: " : "", info->sectors,
		 info->sector_size,
		 info->flush_op == BLKIF_OP_FLUSH_DISKCACHE ? ", flush" :
		 info->flush_op == BLKIF_OP_WRITE_BARRIER ? ", barrier" : "",
		 info->discard ? ", discard" : "",
		 info->secure_discard ? " (secure)" : "",
		 info->vdisk_info & VDISK_READONLY ? ", read-only" : "",
		 info->vdisk_info & VDISK_CDROM ? ", cdrom" :
		 info->vdisk_info & VDISK_REMOVABLE ? ", removable" : "",
		 info->nr_rings, 1U << info->ring_order, info->max_segs,
		 info->max_segs > BLKIF_MAX_SEGMENTS_PER_REQUEST ? " (indirect)" : "",
		 info->persistent ? "yes" : "no");
}

static const struct block_device_operations blkfront_fops = {
	.owner		= THIS_MODULE,
};

static int blkfront_disk_add(struct blkfront_info *info)
{
	struct blk_mq_tag_set *set = &info->tag_set;
	struct queue_limits lim = {
		.logical_block_size = info->sector_size,
		.physical_block_size = info->physical_sector_size,
		.max_segment_size = PAGE_SIZE,
		.seg_boundary_mask = PAGE_SIZE - 1,
		.dma_alignment = SECTOR_SIZE - 1,
	};
	struct gendisk *disk;
	int err;

	/* Request size is fixed with the disk: a page per segment. */
	info->max_segs = info->indirect_segs > BLKIF_MAX_SEGMENTS_PER_REQUEST ?
			 min(info->indirect_segs, BLKFRONT_MAX_INDIRECT_SEGS) :
			 BLKIF_MAX_SEGMENTS_PER_REQUEST;
	lim.max_segments = info->max_segs;
	/* A segment is a run of 512-byte sectors within one granted page. */
	lim.max_hw_sectors = info->max_segs * (PAGE_SIZE >> SECTOR_SHIFT);
	blkfront_feature_limits(info, &lim);

	memset(set, 0, sizeof(*set));
	set->ops = &blkfront_mq_ops;
	set->nr_hw_queues = info->nr_rings;
	set->queue_depth = info->rings[0].depth;
	set->numa_node = NUMA_NO_NODE;
	set->cmd_size = struct_size((struct blkfront_cmd *)NULL, sg, info->max_segs);
	set->flags = BLK_MQ_F_SHOULD_MERGE;
	set->driver_data = info;
	err = blk_mq_alloc_tag_set(set);
	if (err)
		return err;
	disk = blk_mq_alloc_disk(set, &lim, info);
	if (IS_ERR(disk)) {
		err = PTR_ERR(disk);
		goto err_set;
	}
	info->disk = disk;
	set_disk_ro(disk, info->vdisk_info & VDISK_READONLY);

	disk->major = XENVBD_MAJOR;
	disk->first_minor = info->first_minor;
	disk->minors = info->minors;
	if (info->minors == 1)
		disk->flags |= GENHD_FL_NO_PART;
	if (info->vdisk_info & (VDISK_CDROM | VDISK_REMOVABLE))
		disk->flags |= GENHD_FL_REMOVABLE;
	disk->fops = &blkfront_fops;
	disk->private_data = info;
	strscpy(disk->disk_name, info->name, sizeof(disk->disk_name));
	set_capacity(disk, info->sectors);

	err = device_add_disk(&info->xdev->dev, disk, NULL);
	if (err)
		goto err_disk;
	return 0;

err_disk:
	info->disk = NULL;
	put_disk(disk);
err_set:
	blk_mq_free_tag_set(set);
	return err;
}

/* Waits for the requests in flight, held ones included. */
static void blkfront_disk_remove(struct blkfront_info *info)
{
	if (!info->disk)
		return;
	if (info->stopped) {
		/* Requeued requests go out again, to fail on the dead rings. */
		blk_mq_unquiesce_queue(info->disk->queue);
		info->stopped = false;
	}
	del_gendisk(info->disk);
	put_disk(info->disk);
	blk_mq_free_tag_set(&info->tag_set);
	info->disk = NULL;
}

static void blkfront_connect_disk(struct blkfront_info *info)
{
	int err;

	if (blkfront_read_backend(info))
		return;
	err = blkfront_disk_add(info);
	if (err) {
		blkfront_fatal(info, err, "adding the disk");
		return;
	}
	xenbus_switch_state(info->xdev, XenbusStateConnected);
	blkfront_say_connected(info, false);
}

/*
 * The backend is back after a close: the disk keeps its size limits
 * (requests already built must fit), the rest follows the backend, and
 * the requests kept for it go out.
 */
static void blkfront_reconnect_disk(struct blkfront_info *info)
{
	u64 old_sectors = info->sectors;

	if (blkfront_read_backend(info))
		return;
	if (info->max_segs > BLKIF_MAX_SEGMENTS_PER_REQUEST &&
	    info->indirect_segs < info->max_segs) {
		blkfront_fatal(info, -EPROTO,
			       "the backend came back with %u indirect segments, we need %u",
			       info->indirect_segs, info->max_segs);
		return;
	}
	blkfront_apply_features(info);
	if (info->sectors != old_sectors)
		set_capacity_and_notify(info->disk, info->sectors);
	xenbus_switch_state(info->xdev, XenbusStateConnected);
	info->stopped = false;
	blk_mq_unquiesce_queue(info->disk->queue);
	blk_mq_kick_requeue_list(info->disk->queue);
	blkfront_say_connected(info, true);
}

/* The backend re-entered Connected: it announces a new size that way. */
static void blkfront_resize(struct blkfront_info *info)
{
	u64 sectors;
	int err;

	err = xenstore_read_u64(XS_NO_TXN, info->xdev->otherend, "sectors", &sectors);
	if (!err && sectors > BLKFRONT_MAX_CAPACITY)
		err = -ERANGE;
	if (err) {
		dev_warn(&info->xdev->dev, "%s: backend's sectors unreadable (%d), size kept\n",
			 info->name, err);
		return;
	}
	/* The block layer logs the change. */
	if (sectors != info->sectors) {
		info->sectors = sectors;
		set_capacity_and_notify(info->disk, sectors);
	}
}

/*
 * While connected: the backend changed the disk's size, or refused an
 * operation (blkfront_refused()) whose limits the queue still has.
 */
static void blkfront_update_disk(struct blkfront_info *info)
{
	blkfront_resize(info);
	blkfront_apply_features(info);
}

/* State machine */

/* Report a broken ring: sleeps, so not where it broke. */
static void blkfront_report_broken(struct blkfront_info *info)
{
	struct blkfront_ring *ring;
	const char *why;
	unsigned int i;
	s64 what;

	for (i = 0; i < info->nr_rings; i++) {
		ring = &info->rings[i];
		spin_lock_irq(&ring->lock);
		why = ring->broken_why;
		what = ring->broken_what;
		ring->broken_why = NULL;
		spin_unlock_irq(&ring->lock);
		if (!why)
			continue;
		/* Closing already: say why, but do not go back to Closing. */
		if (info->dead)
			dev_err(&info->xdev->dev, "%s: %s %lld\n", ring->name, why, what);
		else
			blkfront_fatal(info, -EIO, "ring %u: %s %lld", i, why, what);
	}
}

/* No request in flight on any ring: a closing backend answered them all. */
static bool blkfront_drained(struct blkfront_info *info)
{
	unsigned int i;
	bool idle = true;

	/* A broken ring takes no more responses: nothing to wait for. */
	for (i = 0; i < info->nr_rings; i++) {
		spin_lock_irq(&info->rings[i].lock);
		idle &= info->rings[i].broken ||
			!xen_front_ring_pending(&info->rings[i].front);
		spin_unlock_irq(&info->rings[i].lock);
	}
	return idle;
}

/*
 * Take back every request in flight: on a dead vbd they fail, else they
 * wait in the block layer for the backend's return.
 */
static void blkfront_take_back_all(struct blkfront_info *info, bool fail)
{
	struct blkfront_ring *ring;
	struct request *done;
	unsigned int i;

	for (i = 0; i < info->nr_rings; i++) {
		ring = &info->rings[i];
		done = NULL;
		spin_lock_irq(&ring->lock);
		if (fail)
			blkfront_break(ring, NULL, 0, &done);
		else
			blkfront_take_back(ring, &done);
		spin_unlock_irq(&ring->lock);
		blkfront_finish(done);
	}
}

/* No more interrupts from the rings: what the backend answers now is lost. */
static void blkfront_rings_unbind(struct blkfront_info *info)
{
	unsigned int i;

	for (i = 0; i < info->nr_rings; i++) {
		if (info->rings[i].irq)
			xen_evtchn_unbind(info->rings[i].irq, &info->rings[i]);
		info->rings[i].irq = 0;
	}
}

/*
 * Stop using the rings of a backend that went away (@drain: it may still
 * answer what it has, give it a while): the queue stops and the requests
 * it has not answered go back to the block layer.
 */
static void blkfront_disconnect(struct blkfront_info *info, bool drain)
{
	if (!blkfront_rings_up(info))
		return;
	if (info->disk && !info->stopped) {
		blk_mq_quiesce_queue(info->disk->queue);
		info->stopped = true;
	}
	if (drain)
		wait_event_timeout(info->drain_wq, blkfront_drained(info),
				   BLKFRONT_DRAIN_WAIT);
	/* A response from now on would be for a request taken back. */
	blkfront_rings_unbind(info);
	blkfront_take_back_all(info, false);
	blkfront_rings_free(info);
	if (info->disk)
		dev_info(&info->xdev->dev, "%s: the backend went away; I/O waits for it to return\n",
			 info->name);
}

/*
 * The backend closes (@closed: has closed).  A dead vbd loses its disk,
 * as any hot-unplug does.  Else the disk stays with its queue stopped,
 * and once the backend has closed we say Initialising: a backend still
 * attached (blkback) comes back to InitWait for a new connection; one
 * detached goes away with our node.
 */
static void blkfront_backend_gone(struct blkfront_info *info, bool closed)
{
	struct xenbus_device *xdev = info->xdev;

	if (info->dead) {
		blkfront_take_back_all(info, true);
		blkfront_disk_remove(info);
		blkfront_rings_free(info);
	} else {
		blkfront_disconnect(info, !closed);
	}
	if (xdev->state != XenbusStateClosed)
		xenbus_switch_state(xdev, XenbusStateClosed);
	if (closed && !info->dead)
		xenbus_switch_state(xdev, XenbusStateInitialising);
}

/*
 * The backend is back at InitWait after we connected: its driver was
 * restarted (blkback unbound and bound again).  Its new instance may
 * already have mapped the rings our xenstore nodes still name, and would
 * serve those while we used new ones.  Say Closed, so that it lets go of
 * whatever it mapped; once it has closed too, blkfront_backend_gone()
 * says Initialising and new rings are shared.  Until then we wait.
 */
static void blkfront_restart(struct blkfront_info *info)
{
	dev_info(&info->xdev->dev, "%s: the backend restarted; closing the connection first\n",
		 info->name);
	blkfront_disconnect(info, false);
	xenbus_switch_state(info->xdev, XenbusStateClosed);
}

/* How often a backend may connect without our rings before we give up. */
#define BLKFRONT_STALE_RESETS	3

/*
 * The backend says Connected while we have no rings.  A backend instance
 * that read an earlier state of ours (the Connected of before a restart)
 * may connect to the rings our old nodes named, even after we said
 * Closed: blkback was seen doing so.  Say Closed again: the write fires
 * its watch, it closes, and blkfront_backend_gone() starts over.  A
 * backend that keeps doing it gets BLKFRONT_STALE_RESETS chances between
 * two connections, then the vbd fails.
 */
static void blkfront_backend_stale(struct blkfront_info *info)
{
	if (++info->stale_resets > BLKFRONT_STALE_RESETS) {
		blkfront_fatal(info, -EPROTO, "the backend keeps connecting without our rings");
		return;
	}
	dev_info(&info->xdev->dev, "%s: the backend connected without our rings; resetting it\n",
		 info->name);
	xenbus_switch_state(info->xdev, XenbusStateClosed);
}

/* Follow the backend's state. */
static void blkfront_workfn(struct work_struct *work)
{
	struct blkfront_info *info = container_of(work, struct blkfront_info, work);
	struct xenbus_device *xdev = info->xdev;
	enum xenbus_state backend;

	if (READ_ONCE(info->removing))
		return;
	blkfront_report_broken(info);

	backend = xenbus_read_state(xdev->otherend);
	switch (backend) {
	case XenbusStateInitWait:
	case XenbusStateInitialised:
		if (info->dead)
			break;
		if (xdev->state == XenbusStateConnected)
			blkfront_restart(info);
		else if (xdev->state != XenbusStateClosed && !blkfront_rings_up(info))
			blkfront_connect_rings(info);
		break;
	case XenbusStateConnected:
		if (info->dead)
			break;
		if (!blkfront_rings_up(info)) {
			blkfront_backend_stale(info);
			break;
		}
		info->stale_resets = 0;
		if (!info->disk)
			blkfront_connect_disk(info);
		else if (info->stopped)
			blkfront_reconnect_disk(info);
		else
			blkfront_update_disk(info);
		break;
	case XenbusStateClosing:
	case XenbusStateClosed:
		blkfront_backend_gone(info, backend == XenbusStateClosed);
		break;
	case XenbusStateUnknown:
		/*
		 * Its directory went (its driver domain is gone) or says
		 * nothing we know: as good as closed while we use it.
		 */
		if (blkfront_rings_up(info) && xenbus_otherend_lost(xdev))
			blkfront_backend_gone(info, true);
		break;
	default:
		/* Initialising, Reconfiguring: wait for a usable state. */
		break;
	}
}

/* Driver registration */

static int blkfront_probe(struct xenbus_device *xdev)
{
	struct blkfront_info *info;
	unsigned int vdevice;
	int err;

	err = xenstore_read_uint(XS_NO_TXN, xdev->nodename, "virtual-device",
				 &vdevice);
	if (err) {
		xenbus_dev_fatal(xdev, err, "reading virtual-device");
		return err;
	}
	info = kzalloc(sizeof(*info), GFP_KERNEL);
	if (!info)
		return -ENOMEM;
	info->xdev = xdev;
	info->vdevice = vdevice;
	err = blkfront_name(info);
	if (err == -ENODEV) {
		dev_info(&xdev->dev, "virtual-device %u names an emulated disk; not ours\n",
			 vdevice);
		goto err_free;
	}
	if (!err) {
		err = blkfront_claim_minors(info);
		if (err)
			xenbus_dev_fatal(xdev, err, "%s is another vbd's already",
					 info->name);
	} else {
		xenbus_dev_fatal(xdev, err, "virtual-device %u is no xvd disk we can name",
				 vdevice);
	}
	if (err)
		goto err_free;

	INIT_WORK(&info->work, blkfront_workfn);
	init_waitqueue_head(&info->drain_wq);
	dev_set_drvdata(&xdev->dev, info);
	return 0;

err_free:
	kfree(info);
	return err;
}

static void blkfront_backend_changed(struct xenbus_device *xdev,
				     enum xenbus_state state)
{
	struct blkfront_info *info = dev_get_drvdata(&xdev->dev);

	/* Adding and removing the disk wait for the backend: not in xenwatch. */
	queue_work(system_long_wq, &info->work);
}

static void blkfront_remove(struct xenbus_device *xdev)
{
	struct blkfront_info *info = dev_get_drvdata(&xdev->dev);
	unsigned int i;

	/*
	 * From here on the work item does nothing.  Fail what is in flight
	 * first: a running one may wait for it (adding the disk reads the
	 * partition table).  Again after it ended: it may have set up rings.
	 */
	WRITE_ONCE(info->removing, true);
	blkfront_take_back_all(info, true);
	cancel_work_sync(&info->work);
	blkfront_take_back_all(info, true);
	blkfront_disk_remove(info);
	blkfront_rings_free(info);

	for (i = 0; i < info->nr_rings; i++) {
		cancel_delayed_work_sync(&info->rings[i].held_work);
		kfree(info->rings[i].inflight);
	}
	/* The held requests' work may have queued it once more. */
	cancel_work_sync(&info->work);
	kfree(info->rings);

	mutex_lock(&blkfront_devices_lock);
	list_del(&info->node);
	mutex_unlock(&blkfront_devices_lock);
	kfree(info);
	/* Unbound while the vbd stays (rmmod): the backend lets go too. */
	xenbus_switch_state(xdev, XenbusStateClosed);
}

static struct xenbus_driver blkfront_driver = {
	.probe			= blkfront_probe,
	.otherend_changed	= blkfront_backend_changed,
	.devicetype		= "vbd",
	.remove			= blkfront_remove,
};

static int __init blkfront_init(void)
{
	int err;

	if (!xen_domain())
		return -ENODEV;
	err = register_blkdev(XENVBD_MAJOR, "xvd");
	if (err) {
		pr_err("cannot register block major %d: %d\n", XENVBD_MAJOR, err);
		return err;
	}
	err = xenbus_driver_register(&blkfront_driver);
	if (err)
		unregister_blkdev(XENVBD_MAJOR, "xvd");
	return err;
}
module_init(blkfront_init);

static void __exit blkfront_exit(void)
{
	xenbus_driver_unregister(&blkfront_driver);
	unregister_blkdev(XENVBD_MAJOR, "xvd");
}
module_exit(blkfront_exit);

MODULE_DESCRIPTION("Xen virtual block device frontend");
MODULE_LICENSE("GPL");
MODULE_ALIAS_BLOCKDEV_MAJOR(XENVBD_MAJOR);
MODULE_ALIAS("xen:vbd");
