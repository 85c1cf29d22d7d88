// SPDX-License-Identifier: GPL-2.0
/*
 * Xen virtual block device frontend: the backend's disks as /dev/xvd*.
 *
 * A vbd is device/vbd/<id> in xenstore; its "virtual-device" number names
 * the disk (xen-vbd-interface(7)).  When the backend waits for us we share
 * a one-page ring (struct blkif_sring) and an event channel; when it is
 * connected we read the disk's size and features and add a blk-mq disk
 * with one hardware queue as deep as the ring.  A request takes one ring
 * entry and grants the backend its data pages, up to 11 of them, until
 * the response comes.
 *
 * The backend is not trusted.  Each response is copied out of the ring
 * once and checked against our table of requests in flight.  One that
 * cannot be right breaks the ring: all I/O fails, the error goes to
 * xenstore and the device closes.  A data page the backend still maps
 * after answering is never handed back to the block layer: its request
 * is held until the backend lets go.  Anything that waits for the backend
 * (adding or removing the disk) runs in a work item, never in xenwatch.
 *
 * Next steps, not here yet: several rings (multi-queue-max-queues),
 * multi-page rings (max-ring-page-order), indirect segments
 * (feature-max-indirect-segments), persistent grants, reconnecting after
 * a close, suspend/resume, and the hd/sd virtual-device forms of HVM
 * emulated disks, which need the emulated devices unplugged first.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitops.h>
#include <linux/blk-mq.h>
#include <linux/blkdev.h>
#include <linux/err.h>
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

/* Largest transfer of one request: a page per segment. */
#define BLKFRONT_MAX_SECTORS	(BLKIF_MAX_SEGMENTS_PER_REQUEST * \
				 (PAGE_SIZE >> SECTOR_SHIFT))
/* The byte size of a disk must fit in loff_t. */
#define BLKFRONT_MAX_CAPACITY	((u64)LLONG_MAX >> SECTOR_SHIFT)

/* How often held requests are looked at again. */
#define BLKFRONT_HELD_RETRY	HZ

/* Transaction conflicts retried when publishing the ring. */
#define BLKFRONT_TXN_TRIES	32

/* A request on the ring: what we sent, to check its response against. */
struct blkfront_slot {
	struct request *rq;		/* NULL: free */
	u8 operation;			/* BLKIF_OP_* sent */
	u16 granted;			/* bit i: grefs[i] not ended yet */
	grant_ref_t grefs[BLKIF_MAX_SEGMENTS_PER_REQUEST];
};

static_assert(BLKIF_MAX_SEGMENTS_PER_REQUEST <= 16);

/* Our part of each request, allocated by blk-mq behind it. */
struct blkfront_cmd {
	blk_status_t status;
	struct request *next_done;	/* the completions of one pass */
	struct scatterlist sg[BLKIF_MAX_SEGMENTS_PER_REQUEST];
};

/* A shared ring and its event channel.  A device has one for now. */
struct blkfront_ring {
	struct blkfront_info *info;
	spinlock_t lock;		/* all below, and the shared page */
	struct xen_front_ring front;
	struct blkif_sring *sring;	/* NULL: no ring */
	struct page *page;
	grant_ref_t ref;
	evtchn_port_t evtchn;
	int irq;
	/* One per ring entry; a request's id is its index here (its tag). */
	struct blkfront_slot *slots;
	bool broken;			/* for good: all I/O fails */
	const char *broken_why;		/* to report; NULL: nothing to report */
	s64 broken_what;
	struct delayed_work held_work;
};

struct blkfront_info {
	struct xenbus_device *xdev;
	struct list_head node;		/* in blkfront_devices */
	unsigned int vdevice;
	unsigned int first_minor, minors;
	char name[DISK_NAME_LEN];

	/* Runs the connection; the one writer of what follows. */
	struct work_struct work;
	struct gendisk *disk;		/* NULL: not connected */
	struct blk_mq_tag_set tag_set;
	u64 sectors;			/* of 512 bytes */
	unsigned int vdisk_info;	/* VDISK_* */
	unsigned int sector_size, physical_sector_size;
	unsigned int discard_granularity, discard_alignment;
	u8 flush_op;			/* 0 or the BLKIF_OP_* for REQ_OP_FLUSH */
	bool discard, secure_discard;

	struct blkfront_ring ring;
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

/* Request completion and the broken state */

/* Free @slot and queue its request for completion with @sts. */
static void blkfront_retire(struct blkfront_slot *slot, blk_status_t sts,
			    struct request **done)
{
	struct blkfront_cmd *cmd = blkfront_cmd(slot->rq);

	cmd->status = sts;
	cmd->next_done = *done;
	*done = slot->rq;
	slot->rq = NULL;
}

/* Complete the requests of a pass; the ring lock is not held. */
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
		blk_mq_complete_request(rq);
	}
}

/* End the grants of @slot still in force; false if the backend maps one. */
static bool blkfront_end_grants(struct blkfront_slot *slot)
{
	unsigned long granted = slot->granted;
	unsigned int i;

	for_each_set_bit(i, &granted, BLKIF_MAX_SEGMENTS_PER_REQUEST) {
		if (gnttab_try_end_access(slot->grefs[i]))
			slot->granted &= ~BIT(i);
	}
	return !slot->granted;
}

/*
 * Fail every request on the broken @ring, except that one whose page the
 * backend still maps is held: completing it would give the block layer
 * back a page another domain can still write or read.  Held requests are
 * tried again every second until the backend lets go.  Ring lock held.
 */
static unsigned int blkfront_fail_requests(struct blkfront_ring *ring,
					   struct request **done)
{
	unsigned int i, held = 0;

	for (i = 0; i < ring->front.nr_ents; i++) {
		if (!ring->slots[i].rq)
			continue;
		if (blkfront_end_grants(&ring->slots[i]))
			blkfront_retire(&ring->slots[i], BLK_STS_IOERR, done);
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

	spin_lock_irq(&ring->lock);
	blkfront_fail_requests(ring, &done);
	spin_unlock_irq(&ring->lock);
	blkfront_finish(done);
}

/*
 * Stop using the ring for good: the backend broke the protocol (@why,
 * with the offending value), or the device goes away (@why NULL).
 * Ring lock held.
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
	held = blkfront_fail_requests(ring, done);
	if (held)
		dev_warn(&ring->info->xdev->dev,
			 "%s: the backend still maps pages of %u requests; holding them\n",
			 ring->info->name, held);
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
		*op = READ_ONCE(info->flush_op);
		return *op ? BLK_STS_OK : BLK_STS_NOTSUPP;
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

/*
 * Grant @rq's pages and write its request at req_prod_pvt.  Ring lock
 * held, an entry free.  On failure the grants made so far end, unless the
 * backend already maps one (it can guess grant references): then the ring
 * breaks and @rq stays held, which counts as taken.
 */
static blk_status_t blkfront_write_request(struct blkfront_ring *ring,
					   struct request *rq, u8 op, u8 flag,
					   int nsegs, struct request **done)
{
	struct blkfront_info *info = ring->info;
	bool to_disk = rq_data_dir(rq) == WRITE;
	union {
		struct blkif_request rw;
		struct blkif_request_discard discard;
	} req = {};
	struct blkfront_slot *slot;
	struct scatterlist *sg;
	blk_status_t sts;
	int i, ref;

	if (WARN_ON_ONCE(rq->tag >= ring->front.nr_ents ||
			 ring->slots[rq->tag].rq))
		return BLK_STS_IOERR;
	slot = &ring->slots[rq->tag];
	slot->granted = 0;

	if (op == BLKIF_OP_DISCARD) {
		req.discard.operation = op;
		req.discard.flag = flag;
		req.discard.handle = (blkif_vdev_t)info->vdevice;
		req.discard.id = rq->tag;
		req.discard.sector_number = blk_rq_pos(rq);
		req.discard.nr_sectors = blk_rq_sectors(rq);
	} else {
		req.rw.operation = op;
		req.rw.nr_segments = nsegs;
		req.rw.handle = (blkif_vdev_t)info->vdevice;
		req.rw.id = rq->tag;
		req.rw.sector_number = blk_rq_pos(rq);
	}
	for_each_sg(blkfront_cmd(rq)->sg, sg, nsegs, i) {
		unsigned int off = sg->offset, len = sg->length;

		/* The queue limits keep segments in a page, sector-aligned. */
		if (WARN_ON_ONCE(!len || off + len > PAGE_SIZE ||
				 (off | len) & (SECTOR_SIZE - 1))) {
			sts = BLK_STS_IOERR;
			goto undo;
		}
		ref = gnttab_grant_access(info->xdev->otherend_id,
					  xen_page_to_gfn(sg_page(sg)), to_disk);
		if (ref < 0) {
			/* A full table: retry once requests complete. */
			sts = ref == -ENOSPC || ref == -ENOMEM ?
			      BLK_STS_RESOURCE : BLK_STS_IOERR;
			goto undo;
		}
		slot->grefs[i] = ref;
		slot->granted |= BIT(i);
		req.rw.seg[i].gref = ref;
		req.rw.seg[i].first_sect = off >> SECTOR_SHIFT;
		req.rw.seg[i].last_sect = (off + len - 1) >> SECTOR_SHIFT;
	}

	/* The whole entry: no stale bytes of an earlier request remain. */
	memcpy(&ring->sring->ring[xen_front_ring_slot(&ring->front,
						      ring->front.req_prod_pvt)].req,
	       &req.rw, sizeof(req.rw));
	ring->front.req_prod_pvt++;
	slot->rq = rq;
	slot->operation = op;
	return BLK_STS_OK;

undo:
	if (blkfront_end_grants(slot))
		return sts;
	slot->rq = rq;
	blkfront_break(ring, "backend mapped a page before we sent its request, id",
		       rq->tag, done);
	return BLK_STS_OK;
}

static blk_status_t blkfront_queue_rq(struct blk_mq_hw_ctx *hctx,
				      const struct blk_mq_queue_data *bd)
{
	struct blkfront_ring *ring = hctx->driver_data;
	struct request *rq = bd->rq;
	struct request *done = NULL;
	unsigned long flags;
	blk_status_t sts;
	int nsegs = 0;
	u8 op, flag;

	sts = blkfront_operation(ring->info, rq, &op, &flag);
	if (sts)
		return sts;
	if (op == BLKIF_OP_READ || op == BLKIF_OP_WRITE) {
		nsegs = blk_rq_map_sg(rq->q, rq, blkfront_cmd(rq)->sg);
		if (WARN_ON_ONCE(nsegs <= 0 ||
				 nsegs > BLKIF_MAX_SEGMENTS_PER_REQUEST))
			return BLK_STS_IOERR;
	}
	blk_mq_start_request(rq);

	spin_lock_irqsave(&ring->lock, flags);
	if (ring->broken) {
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

	hctx->driver_data = &info->ring;
	return 0;
}

static const struct blk_mq_ops blkfront_mq_ops = {
	.queue_rq	= blkfront_queue_rq,
	.complete	= blkfront_complete_rq,
	.init_hctx	= blkfront_init_hctx,
};

/* Response handling */

/*
 * The backend refused optional operation @op, which it may do at any
 * time: stop sending it (these queue updates do not sleep).  A refused
 * flush succeeds, as flushes do on a disk without a write cache, which is
 * what the disk now is to the block layer; failing it would fail the
 * write a journal hung on it.
 */
static blk_status_t blkfront_refused(struct blkfront_info *info,
				     struct request_queue *q, u8 op)
{
	blk_status_t sts = BLK_STS_NOTSUPP;

	if (op == BLKIF_OP_DISCARD) {
		WRITE_ONCE(info->discard, false);
		WRITE_ONCE(info->secure_discard, false);
		blk_queue_max_discard_sectors(q, 0);
		blk_queue_max_secure_erase_sectors(q, 0);
	} else if (op == BLKIF_OP_FLUSH_DISKCACHE || op == BLKIF_OP_WRITE_BARRIER) {
		WRITE_ONCE(info->flush_op, 0);
		blk_queue_write_cache(q, false, false);
		sts = BLK_STS_OK;
	} else {
		/* Reads and writes are not optional. */
		return BLK_STS_IOERR;
	}
	dev_warn(&info->xdev->dev, "%s: the backend refused operation %u; not sending it again\n",
		 info->name, op);
	return sts;
}

/* Act on one response, already copied out of the ring.  Ring lock held. */
static void blkfront_take_response(struct blkfront_ring *ring,
				   const struct blkif_response *rsp,
				   struct request **done)
{
	struct blkfront_slot *slot;
	blk_status_t sts;

	if (rsp->id >= ring->front.nr_ents || !ring->slots[rsp->id].rq) {
		blkfront_break(ring, "response for no request in flight, id",
			       rsp->id, done);
		return;
	}
	slot = &ring->slots[rsp->id];
	if (rsp->operation != slot->operation) {
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
		sts = blkfront_refused(ring->info, slot->rq->q, slot->operation);
		break;
	default:
		blkfront_break(ring, "response with an unknown status", rsp->status,
			       done);
		return;
	}
	if (!blkfront_end_grants(slot)) {
		blkfront_break(ring, "backend still maps pages of a request it answered, id",
			       rsp->id, done);
		return;
	}
	blkfront_retire(slot, sts, done);
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
	bool broken;

	spin_lock_irqsave(&ring->lock, flags);
	if (!ring->broken)
		blkfront_take_responses(ring, &done);
	broken = ring->broken;
	spin_unlock_irqrestore(&ring->lock, flags);

	blkfront_finish(done);
	/* A ring we gave up on gets no more interrupts: its port stays masked. */
	if (!broken)
		xen_irq_lateeoi(irq);
	return IRQ_HANDLED;
}

/* Ring setup and teardown */

/* Called with no disk, hence no request left. */
static void blkfront_ring_free(struct blkfront_ring *ring)
{
	struct blkfront_slot *slots;

	if (!ring->sring)
		return;
	if (ring->irq)
		xen_evtchn_unbind(ring->irq, ring);
	ring->irq = 0;
	cancel_delayed_work_sync(&ring->held_work);
	/* Frees the page, now or once the backend unmaps it. */
	gnttab_end_access(ring->ref, ring->page);

	spin_lock_irq(&ring->lock);
	slots = ring->slots;
	ring->slots = NULL;
	ring->sring = NULL;
	ring->page = NULL;
	memset(&ring->front, 0, sizeof(ring->front));
	spin_unlock_irq(&ring->lock);
	kfree(slots);
}

static int blkfront_ring_setup(struct blkfront_info *info)
{
	unsigned int nr_ents = XEN_SRING_ENTRIES(PAGE_SIZE,
						 sizeof(union blkif_sring_entry));
	domid_t backend = info->xdev->otherend_id;
	struct blkfront_ring *ring = &info->ring;
	struct blkfront_slot *slots;
	evtchn_port_t port;
	struct page *page;
	int ref, irq, err;

	slots = kcalloc(nr_ents, sizeof(*slots), GFP_KERNEL);
	/* Zeroed: the backend sees nothing of ours but requests. */
	page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	err = -ENOMEM;
	if (!slots || !page)
		goto err_free;
	ref = gnttab_grant_access(backend, xen_page_to_gfn(page), false);
	err = ref;
	if (ref < 0)
		goto err_free;
	err = xen_evtchn_alloc_unbound(backend, &port);
	if (err) {
		/* Frees the page, now or once the backend unmaps it. */
		gnttab_end_access(ref, page);
		kfree(slots);
		return err;
	}

	spin_lock_irq(&ring->lock);
	ring->sring = page_address(page);
	ring->page = page;
	ring->ref = ref;
	ring->evtchn = port;
	ring->slots = slots;
	xen_front_ring_init(&ring->front, &ring->sring->hdr, nr_ents);
	spin_unlock_irq(&ring->lock);

	irq = xen_evtchn_bind_port_lateeoi(port, blkfront_interrupt, 0,
					   info->name, ring);
	if (irq < 0) {
		xen_evtchn_close(port);
		blkfront_ring_free(ring);
		return irq;
	}
	ring->irq = irq;
	return 0;

err_free:
	if (page)
		__free_page(page);
	kfree(slots);
	return err;
}

/* Tell the backend where the ring is, in one transaction. */
static int blkfront_publish(struct blkfront_info *info)
{
	const char *dir = info->xdev->nodename;
	unsigned int tries;
	int err, end;
	u32 txn;

	for (tries = 0; tries < BLKFRONT_TXN_TRIES; tries++) {
		err = xenstore_transaction_start(&txn);
		if (err)
			return err;
		err = xenstore_printf(txn, dir, "ring-ref", "%u", info->ring.ref);
		if (!err)
			err = xenstore_printf(txn, dir, "event-channel", "%u",
					      info->ring.evtchn);
		if (!err)
			err = xenstore_write(txn, dir, "protocol",
					     XEN_IO_PROTO_ABI_NATIVE);
		end = xenstore_transaction_end(txn, err != 0);
		if (!err)
			err = end;
		if (err != -EAGAIN)
			return err;
	}
	return -EAGAIN;
}

static void blkfront_connect_ring(struct blkfront_info *info)
{
	struct xenbus_device *xdev = info->xdev;
	int err;

	err = blkfront_ring_setup(info);
	if (err) {
		xenbus_dev_fatal(xdev, err, "setting up the ring");
		return;
	}
	err = blkfront_publish(info);
	if (!err)
		err = xenbus_switch_state(xdev, XenbusStateInitialised);
	if (err) {
		blkfront_ring_free(&info->ring);
		xenbus_dev_fatal(xdev, err, "publishing the ring");
	}
}

/* Gendisk setup */

/* The backend's optional @node; @def if it is absent or unreadable. */
static unsigned int blkfront_read_opt(struct blkfront_info *info,
				      const char *node, unsigned int def)
{
	unsigned int val;
	int err;

	err = xenstore_read_uint(XS_NO_TXN, info->xdev->otherend, node, &val);
	if (!err)
		return val;
	if (err != -ENOENT)
		dev_warn(&info->xdev->dev, "backend's %s unreadable (%d), taking %u\n",
			 node, err, def);
	return def;
}

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
	err = xenstore_read_u64(XS_NO_TXN, info->xdev->otherend, node, &info->sectors);
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
		xenbus_dev_fatal(xdev, err, "reading the backend's %s", node);
		return err;
	}
	info->sector_size = ss;

	pss = blkfront_read_opt(info, "physical-sector-size", ss);
	info->physical_sector_size = is_power_of_2(pss) && pss >= ss ? pss : ss;

	if (blkfront_read_opt(info, "feature-flush-cache", 0))
		info->flush_op = BLKIF_OP_FLUSH_DISKCACHE;
	else if (blkfront_read_opt(info, "feature-barrier", 0))
		info->flush_op = BLKIF_OP_WRITE_BARRIER;
	else
		info->flush_op = 0;

	info->discard = blkfront_read_opt(info, "feature-discard", 0);
	info->secure_discard = false;
	if (!info->discard)
		return 0;
	info->secure_discard = blkfront_read_opt(info, "discard-secure", 0);
	/* Discard in whole logical blocks, whatever the backend says. */
	gran = blkfront_read_opt(info, "discard-granularity", ss);
	/* The block layer rounds with it: it must be a power of two. */
	info->discard_granularity = is_power_of_2(gran) && gran >= ss ? gran : ss;
	align = blkfront_read_opt(info, "discard-alignment", 0) %
		info->discard_granularity;
	info->discard_alignment = align % ss ? 0 : align;
	return 0;
}

static const struct block_device_operations blkfront_fops = {
	.owner		= THIS_MODULE,
};

static int blkfront_disk_add(struct blkfront_info *info)
{
	struct blk_mq_tag_set *set = &info->tag_set;
	struct request_queue *q;
	struct gendisk *disk;
	int err;

	memset(set, 0, sizeof(*set));
	set->ops = &blkfront_mq_ops;
	set->nr_hw_queues = 1;
	set->queue_depth = info->ring.front.nr_ents;
	set->numa_node = NUMA_NO_NODE;
	set->cmd_size = sizeof(struct blkfront_cmd);
	set->flags = BLK_MQ_F_SHOULD_MERGE;
	set->driver_data = info;
	err = blk_mq_alloc_tag_set(set);
	if (err)
		return err;
	disk = blk_mq_alloc_disk(set, info);
	if (IS_ERR(disk)) {
		err = PTR_ERR(disk);
		goto err_set;
	}

	q = disk->queue;
	blk_queue_logical_block_size(q, info->sector_size);
	blk_queue_physical_block_size(q, info->physical_sector_size);
	/* A segment is a run of 512-byte sectors within one granted page. */
	blk_queue_max_hw_sectors(q, BLKFRONT_MAX_SECTORS);
	blk_queue_max_segments(q, BLKIF_MAX_SEGMENTS_PER_REQUEST);
	blk_queue_max_segment_size(q, PAGE_SIZE);
	blk_queue_segment_boundary(q, PAGE_SIZE - 1);
	blk_queue_dma_alignment(q, SECTOR_SIZE - 1);
	/* No FUA: the block layer turns FUA writes into write + flush. */
	blk_queue_write_cache(q, info->flush_op != 0, false);
	if (info->discard) {
		blk_queue_max_discard_sectors(q, UINT_MAX >> SECTOR_SHIFT);
		q->limits.discard_granularity = info->discard_granularity;
		q->limits.discard_alignment = info->discard_alignment;
		if (info->secure_discard)
			blk_queue_max_secure_erase_sectors(q, UINT_MAX >> SECTOR_SHIFT);
	}

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
	set_disk_ro(disk, info->vdisk_info & VDISK_READONLY);

	err = device_add_disk(&info->xdev->dev, disk, NULL);
	if (err)
		goto err_disk;
	info->disk = disk;
	return 0;

err_disk:
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
	del_gendisk(info->disk);
	put_disk(info->disk);
	blk_mq_free_tag_set(&info->tag_set);
	info->disk = NULL;
}

static void blkfront_connect_disk(struct blkfront_info *info)
{
	struct xenbus_device *xdev = info->xdev;
	int err;

	if (blkfront_read_backend(info))
		return;
	err = blkfront_disk_add(info);
	if (err) {
		xenbus_dev_fatal(xdev, err, "adding disk %s", info->name);
		return;
	}
	xenbus_switch_state(xdev, XenbusStateConnected);
	dev_info(&xdev->dev, "%s: %llu sectors of %u bytes%s%s%s%s%s, 1 ring(s) of 1 page\n",
		 info->name, info->sectors, info->sector_size,
		 info->flush_op == BLKIF_OP_FLUSH_DISKCACHE ? ", flush" :
		 info->flush_op == BLKIF_OP_WRITE_BARRIER ? ", barrier" : "",
		 info->discard ? ", discard" : "",
		 info->secure_discard ? " (secure)" : "",
		 info->vdisk_info & VDISK_READONLY ? ", read-only" : "",
		 info->vdisk_info & VDISK_CDROM ? ", cdrom" :
		 info->vdisk_info & VDISK_REMOVABLE ? ", removable" : "");
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
	if (sectors != info->sectors) {
		info->sectors = sectors;
		set_capacity_and_notify(info->disk, sectors);
	}
}

/* State machine */

/* Whether we left the connection: we never come back from that. */
static bool blkfront_closing(struct xenbus_device *xdev)
{
	return xdev->state == XenbusStateClosing ||
	       xdev->state == XenbusStateClosed;
}

/* Report a broken ring: sleeps, so not where it broke. */
static void blkfront_report_broken(struct blkfront_info *info)
{
	struct blkfront_ring *ring = &info->ring;
	const char *why;
	s64 what;

	spin_lock_irq(&ring->lock);
	why = ring->broken_why;
	what = ring->broken_what;
	ring->broken_why = NULL;
	spin_unlock_irq(&ring->lock);
	if (!why)
		return;
	/* Closing already: say why, but do not go back to Closing. */
	if (blkfront_closing(info->xdev))
		dev_err(&info->xdev->dev, "%s %lld\n", why, what);
	else
		xenbus_dev_fatal(info->xdev, -EIO, "%s %lld", why, what);
}

/*
 * Follow the backend's state.  Once we are closing we stay down: a
 * device comes back only as a new vbd.  A backend that closes takes the
 * disk away, open or not, as any hot-unplug does.
 */
/* Break the ring: fail every request in flight (pages still mapped stay held). */
static void blkfront_fail_inflight(struct blkfront_info *info)
{
	struct request *done = NULL;

	spin_lock_irq(&info->ring.lock);
	blkfront_break(&info->ring, NULL, 0, &done);
	spin_unlock_irq(&info->ring.lock);
	blkfront_finish(done);
}

static void blkfront_workfn(struct work_struct *work)
{
	struct blkfront_info *info = container_of(work, struct blkfront_info, work);
	struct xenbus_device *xdev = info->xdev;
	enum xenbus_state backend;
	bool closing;

	blkfront_report_broken(info);
	closing = blkfront_closing(xdev);

	backend = xenbus_read_state(xdev->otherend);
	switch (backend) {
	case XenbusStateInitWait:
	case XenbusStateInitialised:
		if (!closing && !info->ring.sring)
			blkfront_connect_ring(info);
		break;
	case XenbusStateConnected:
		if (closing)
			break;
		if (!info->ring.sring)
			xenbus_dev_fatal(xdev, -EPROTO, "backend connected without our ring");
		else if (!info->disk)
			blkfront_connect_disk(info);
		else
			blkfront_resize(info);
		break;
	case XenbusStateClosing:
	case XenbusStateClosed:
		/*
		 * Closing: finish the I/O in flight while the backend still
		 * serves it.  Closed: it will answer nothing more, so fail
		 * what is in flight rather than let del_gendisk() wait forever.
		 */
		if (backend == XenbusStateClosed)
			blkfront_fail_inflight(info);
		blkfront_disk_remove(info);
		if (backend == XenbusStateClosed)
			blkfront_ring_free(&info->ring);
		if (xdev->state != XenbusStateClosed)
			xenbus_switch_state(xdev, XenbusStateClosed);
		break;
	default:
		/* Unknown, Initialising, Reconfiguring: wait for a usable state. */
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
	spin_lock_init(&info->ring.lock);
	info->ring.info = info;
	INIT_DELAYED_WORK(&info->ring.held_work, blkfront_held_workfn);
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

	/* Fail what is in flight, so that nothing below waits on the backend. */
	blkfront_fail_inflight(info);

	/* Nothing queues it any more: no watch, no ring to break. */
	cancel_work_sync(&info->work);
	blkfront_disk_remove(info);
	blkfront_ring_free(&info->ring);

	mutex_lock(&blkfront_devices_lock);
	list_del(&info->node);
	mutex_unlock(&blkfront_devices_lock);
	kfree(info);
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
