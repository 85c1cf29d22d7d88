// SPDX-License-Identifier: GPL-2.0
/*
 * Xen virtual network interface frontend: the backend's vif as an
 * Ethernet device.
 *
 * A vif is device/vif/<id> in xenstore, its MAC address in "mac".  When
 * the backend waits for us we share queues with it: one per vCPU, as many
 * as it offers ("multi-queue-max-queues") and at most NETFRONT_MAX_QUEUES.
 * A queue is a transmit and a receive ring (struct netif_tx_sring, struct
 * netif_rx_sring, a page each) with one event channel, or one per ring if
 * the backend splits them, and a NAPI context of its own that takes the
 * responses of both rings.  The stack picks each packet's transmit queue;
 * the backend picks the receive queue.  Once the backend is connected the
 * carrier goes on.
 *
 * Every data slot of either ring has a page of its own, granted to the
 * backend for as long as the rings are: a packet to send is copied into
 * the pages of the slots it takes (a page each, NETTXF_more_data between
 * them, a GSO extra info slot after the first for TSO), and the backend
 * copies what it receives into the pages of the rx requests we keep
 * posted ("feature-rx-copy"), out of which we copy it into an skb.  No
 * page of the network stack's is ever shown to the backend, none of ours
 * is handed to the stack, and a page the backend still maps when the
 * rings go is freed only once it lets go (gnttab_end_access()).
 *
 * The backend is not trusted.  Each response is copied out of the ring
 * once and checked: a tx response must name a slot in flight, an rx one
 * the slot it is in, with its data inside the page and known flags.  One
 * that cannot be right breaks the vif: every queue's NAPI stops, the event
 * channels stay masked, the error goes to xenstore and the device closes
 * for good.  A packet the backend marks bad is only dropped and counted.
 *
 * A backend that closes, or whose directory goes, without having broken
 * anything may come back: the carrier goes off, the queues and their
 * rings go, and once it has closed we say Initialising; when it waits for
 * us again we share new queues, as many as it offers then.  One still
 * connected to an earlier instance of the driver is asked to close first.
 * Only the removal of the vif from xenstore (xl network-detach) takes the
 * device away.
 *
 * Not here: IPv6 GSO, multicast control, the "carrier" node, the control
 * ring (hash-based receive steering), suspend/resume.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpumask.h>
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/gfp.h>
#include <linux/if_ether.h>
#include <linux/if_vlan.h>
#include <linux/interrupt.h>
#include <linux/ip.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/numa.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>
#include <xen/events.h>
#include <xen/grant_table.h>
#include <xen/interface/io/netif.h>
#include <xen/xen.h>
#include <xen/xenbus.h>

/* Queues: one per vCPU at most, and no more than this. */
#define NETFRONT_MAX_QUEUES	8U

/* Entries of a one-page ring, for either ring. */
#define NETFRONT_RING_SIZE	256U
static_assert(NETFRONT_RING_SIZE ==
	      XEN_SRING_ENTRIES(PAGE_SIZE, sizeof(union netif_tx_sring_entry)));
static_assert(NETFRONT_RING_SIZE ==
	      XEN_SRING_ENTRIES(PAGE_SIZE, sizeof(union netif_rx_sring_entry)));
/* Slot ids are 16 bits. */
static_assert(NETFRONT_RING_SIZE <= 1U << 16);

/* A packet to send takes a page of data per slot: at most 16 for the
 * largest, 0xffff bytes, which every backend takes; and an extra info
 * slot for TSO.  The queue stops while the ring has less room.
 */
#define NETFRONT_TX_MAX_DATA	DIV_ROUND_UP(XEN_NETIF_MAX_TX_SIZE, PAGE_SIZE)
#define NETFRONT_TX_MAX_SLOTS	(NETFRONT_TX_MAX_DATA + 1)
static_assert(NETFRONT_TX_MAX_DATA <= XEN_NETIF_NR_SLOTS_MIN);

/* With the frame header: what fits the tx size field. */
#define NETFRONT_MAX_MTU	(XEN_NETIF_MAX_TX_SIZE - VLAN_ETH_HLEN)

/* A received packet: at most an IP packet of 64 KiB with its Ethernet and
 * VLAN headers, copied into a head of up to 1536 bytes (a whole frame at
 * the usual MTU) and full pages after it.
 */
#define NETFRONT_RX_MAX_LEN	(XEN_NETIF_MAX_TX_SIZE + VLAN_ETH_HLEN)
#define NETFRONT_RX_HEAD	1536U
static_assert(DIV_ROUND_UP(NETFRONT_RX_MAX_LEN - NETFRONT_RX_HEAD, PAGE_SIZE) <=
	      MAX_SKB_FRAGS);
/* Slots, data and extra info, one received packet may span; past them the
 * backend is not making sense.  Less than the ring, so that a packet
 * always fits it.
 */
#define NETFRONT_RX_MAX_SLOTS	64U
static_assert(NETFRONT_RX_MAX_SLOTS < NETFRONT_RING_SIZE);

/* An extra info slot overlays an rx response. */
static_assert(sizeof(struct netif_extra_info) == sizeof(struct netif_rx_response));

/* Flags a first rx response may have, and the ones after it. */
#define NETFRONT_RXF_FIRST	(NETRXF_data_validated | NETRXF_csum_blank | \
				 NETRXF_more_data | NETRXF_extra_info)
#define NETFRONT_RXF_OTHERS	(NETRXF_data_validated | NETRXF_csum_blank | \
				 NETRXF_more_data)

/* A page granted to the backend while the rings are shared. */
struct netfront_buf {
	struct page *page;	/* NULL: none */
	grant_ref_t ref;
};

struct netfront_txbuf {
	struct netfront_buf buf;
	bool inflight;		/* its id is on the ring */
	unsigned int len;	/* first slot of a packet: its length; else 0 */
};

/* A queue's counters in each direction; transmit has the first
 * NETFRONT_TX_STATS of them.
 */
enum netfront_stat {
	NETFRONT_PACKETS,
	NETFRONT_BYTES,
	NETFRONT_ERRORS,	/* the backend's error status */
	NETFRONT_DROPPED,	/* tx: the backend's or ours; rx: no memory */
	NETFRONT_LENGTH_ERRORS,	/* rx: shorter than a header or too long */
	NETFRONT_OFFLOAD_ERRORS,	/* rx: checksum or GSO info unusable */
	NETFRONT_NR_STATS,
};

#define NETFRONT_TX_STATS	(NETFRONT_DROPPED + 1)

/* Their ethtool -S names, in the order above, after "tx_queue_<i>_" or
 * "rx_queue_<i>_".
 */
static const char * const netfront_stat_names[] = {
	"packets", "bytes", "errors", "dropped", "length_errors", "offload_errors",
};

static_assert(ARRAY_SIZE(netfront_stat_names) == NETFRONT_NR_STATS);

struct netfront_stats {
	u64_stats_t c[NETFRONT_NR_STATS];
	struct u64_stats_sync syncp;
};

/* Queue N's counters, kept for the life of the device: a connection with
 * fewer queues loses none, and stats64 reads them without the RTNL.
 */
struct netfront_queue_stats {
	struct netfront_stats tx;	/* under the queue's tx_lock */
	struct netfront_stats rx;	/* its NAPI only */
};

/* What the backend offers, read before each connection. */
struct netfront_features {
	bool split_evtchn;	/* feature-split-event-channels */
	bool sg;		/* feature-sg: several slots per packet */
	bool gso_tcpv4;		/* feature-gso-tcpv4 */
	bool csum;		/* not feature-no-csum-offload */
	bool ipv6_csum;		/* feature-ipv6-csum-offload */
};

struct netfront_info;

/* A ring pair, its event channels and its NAPI context: exists while the
 * rings are shared, and its transmit queue runs only meanwhile.
 */
struct netfront_queue {
	struct netfront_info *info;
	unsigned int id;
	struct netdev_queue *txq;	/* the stack's queue of the same id */
	struct netfront_queue_stats *stats;
	struct napi_struct napi;
	bool broken;			/* its NAPI gave up on the rings */

	struct netfront_buf tx_ring, rx_ring;
	evtchn_port_t tx_evtchn, rx_evtchn;	/* the same unless split */
	int tx_irq, rx_irq;			/* tx_irq 0 unless split */

	/* Transmit: xmit and completion, under tx_lock. */
	spinlock_t tx_lock;
	bool tx_ok;			/* the backend is connected */
	struct xen_front_ring tx;
	struct netif_tx_sring *tx_sring;
	unsigned int tx_extras;		/* extra slots awaiting their response */
	unsigned int tx_nfree;
	u16 tx_free[NETFRONT_RING_SIZE];	/* ids not in flight */
	struct netfront_txbuf txb[NETFRONT_RING_SIZE];	/* by id */

	/* Receive: NAPI only.  A slot's request has its id and its page. */
	struct xen_front_ring rx;
	struct netif_rx_sring *rx_sring;
	RING_IDX rx_seen;		/* responses looked at, not taken */
	struct netfront_buf rxb[NETFRONT_RING_SIZE];	/* by slot */
	/* The packet being taken: its data responses and GSO info, copied. */
	unsigned int rx_ndata;
	struct netif_rx_response rx_rsp[NETFRONT_RX_MAX_SLOTS];
	struct netif_extra_info rx_gso;	/* type NONE: none */

	/* "vif-0", or "vif-0-q1" with several; its irqs add "-tx", "-rx". */
	char name[24];
	char tx_irq_name[32], rx_irq_name[32];
};

struct netfront_info {
	struct net_device *ndev;
	struct xenbus_device *xdev;

	/* Runs the connection; the one writer of what follows.  What NAPI
	 * and the netdev callbacks also see changes under the RTNL, with
	 * NAPI off and the transmit queues stopped.
	 */
	struct work_struct work;
	bool connected;			/* the backend took our rings */
	bool dead;			/* gave up: no reconnecting */
	bool removing;			/* remove() runs: the work item stops */
	bool reported;			/* the broken ring went to xenstore */
	bool mtu_done;			/* the toolstack's "mtu" was applied */
	unsigned int stale_resets;	/* since the last connection */
	struct netfront_features feat;
	struct netfront_queue *queues;
	unsigned int nr_queues;		/* 0: no rings */
	unsigned int stats_queues;	/* the most queues it had: ethtool's */

	struct netfront_queue_stats stats[NETFRONT_MAX_QUEUES];

	/* Set once, by the first NAPI to find the backend broke the
	 * protocol: why is claimed first, then the rest is written.
	 */
	const char *broken_why;
	s64 broken_what;
	unsigned int broken_queue;
	bool broken;
};

/* The broken state */

/* The backend answered what it cannot have (@why, with the offending
 * value): stop using the rings, all of them, and have the work item
 * report it, which sleeps.  NAPI context, @q's one writer.
 */
static void netfront_break(struct netfront_queue *q, const char *why, s64 what)
{
	struct netfront_info *info = q->info;

	WRITE_ONCE(q->broken, true);
	/* Another queue's NAPI may break at once: the first one reports. */
	if (cmpxchg(&info->broken_why, NULL, why))
		return;
	info->broken_what = what;
	info->broken_queue = q->id;
	/* The work item reads what once it sees broken. */
	smp_store_release(&info->broken, true);
	queue_work(system_long_wq, &info->work);
}

/* This queue or another broke: leave the rings alone. */
static bool netfront_broken(const struct netfront_queue *q)
{
	return READ_ONCE(q->broken) || READ_ONCE(q->info->broken);
}

/* Counters */

static void netfront_stat_inc(struct netfront_stats *s, enum netfront_stat which)
{
	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->c[which]);
	u64_stats_update_end(&s->syncp);
}

static void netfront_stat_packet(struct netfront_stats *s, unsigned int len)
{
	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->c[NETFRONT_PACKETS]);
	u64_stats_add(&s->c[NETFRONT_BYTES], len);
	u64_stats_update_end(&s->syncp);
}

/* All of @s at one moment, into @vals[NETFRONT_NR_STATS]. */
static void netfront_stats_read(struct netfront_stats *s, u64 *vals)
{
	unsigned int start, i;

	do {
		start = u64_stats_fetch_begin(&s->syncp);
		for (i = 0; i < NETFRONT_NR_STATS; i++)
			vals[i] = u64_stats_read(&s->c[i]);
	} while (u64_stats_fetch_retry(&s->syncp, start));
}

/* Transmit */

static void netfront_stats_tx(struct netfront_queue *q, int status,
			      unsigned int len)
{
	if (status == NETIF_RSP_OKAY)
		netfront_stat_packet(&q->stats->tx, len);
	else
		netfront_stat_inc(&q->stats->tx, status == NETIF_RSP_ERROR ?
				  NETFRONT_ERRORS : NETFRONT_DROPPED);
}

/* Put @req at req_prod_pvt, the whole entry.  tx_lock held. */
static void netfront_tx_put(struct netfront_queue *q, const void *req,
			    size_t size)
{
	union netif_tx_sring_entry entry = {};

	memcpy(&entry, req, size);
	memcpy(&q->tx_sring->ring[xen_front_ring_slot(&q->tx, q->tx.req_prod_pvt)],
	       &entry, sizeof(entry));
	q->tx.req_prod_pvt++;
}

/* A packet we can put on the ring; else it is dropped. */
static bool netfront_tx_fits(struct netfront_info *info, struct sk_buff *skb)
{
	struct skb_shared_info *shinfo = skb_shinfo(skb);

	if (skb->len < ETH_HLEN || skb->len > XEN_NETIF_MAX_TX_SIZE)
		return false;
	/* Without feature-sg a packet is one slot: the MTU sees to it. */
	if (skb->len > PAGE_SIZE && !info->feat.sg)
		return false;
	/* NETIF_F_TSO, the only GSO feature we have, asks for no other. */
	if (skb_is_gso(skb) &&
	    (shinfo->gso_type & ~SKB_GSO_TCPV4 || !shinfo->gso_size ||
	     !info->feat.gso_tcpv4))
		return false;
	return true;
}

/* Copy @skb into the pages of the slots it takes on the queue the stack
 * picked: the first request carries the packet's length and offload
 * flags, a GSO extra info slot follows it for TSO, and the others carry
 * their own length.
 */
static netdev_tx_t netfront_start_xmit(struct sk_buff *skb,
				       struct net_device *ndev)
{
	struct netfront_info *info = netdev_priv(ndev);
	unsigned int len = skb->len, qid = skb_get_queue_mapping(skb);
	unsigned int ndata, off, chunk, i;
	bool gso = skb_is_gso(skb);
	struct netif_tx_request req;
	struct netif_extra_info extra;
	struct netfront_txbuf *txb;
	struct netfront_queue *q;
	u16 flags = 0, id;

	/* Transmit queues run only while their rings are there. */
	if (unlikely(qid >= info->nr_queues)) {
		dev_core_stats_tx_dropped_inc(ndev);
		dev_kfree_skb_any(skb);
		return NETDEV_TX_OK;
	}
	q = &info->queues[qid];

	ndata = DIV_ROUND_UP(len, PAGE_SIZE);
	if (skb->ip_summed == CHECKSUM_PARTIAL)
		flags = NETTXF_csum_blank | NETTXF_data_validated;
	else if (skb->ip_summed == CHECKSUM_UNNECESSARY)
		flags = NETTXF_data_validated;
	if (gso)
		flags |= NETTXF_extra_info;

	spin_lock(&q->tx_lock);
	if (!q->tx_ok || READ_ONCE(info->broken) ||
	    !netfront_tx_fits(info, skb)) {
		netfront_stat_inc(&q->stats->tx, NETFRONT_DROPPED);
		spin_unlock(&q->tx_lock);
		dev_kfree_skb_any(skb);
		return NETDEV_TX_OK;
	}
	if (unlikely(xen_front_ring_free(&q->tx) < ndata + gso)) {
		/* The queue stops before: completion wakes it. */
		netif_tx_stop_queue(q->txq);
		spin_unlock(&q->tx_lock);
		return NETDEV_TX_BUSY;
	}

	for (i = 0, off = 0; i < ndata; i++, off += chunk) {
		chunk = min_t(unsigned int, len - off, PAGE_SIZE);
		id = q->tx_free[--q->tx_nfree];
		txb = &q->txb[id];
		/* Within skb->len: it cannot fail. */
		WARN_ON_ONCE(skb_copy_bits(skb, off, page_address(txb->buf.page),
					   chunk));
		txb->inflight = true;
		txb->len = i ? 0 : len;

		req.gref = txb->buf.ref;
		req.offset = 0;
		req.flags = i ? 0 : flags;
		if (i + 1 < ndata)
			req.flags |= NETTXF_more_data;
		req.id = id;
		req.size = i ? chunk : len;
		netfront_tx_put(q, &req, sizeof(req));

		if (i == 0 && gso) {
			memset(&extra, 0, sizeof(extra));
			extra.type = XEN_NETIF_EXTRA_TYPE_GSO;
			extra.u.gso.size = skb_shinfo(skb)->gso_size;
			extra.u.gso.type = XEN_NETIF_GSO_TYPE_TCPV4;
			netfront_tx_put(q, &extra, sizeof(extra));
			q->tx_extras++;
		}
	}
	if (xen_front_ring_free(&q->tx) < NETFRONT_TX_MAX_SLOTS)
		netif_tx_stop_queue(q->txq);
	if (xen_front_ring_push(&q->tx))
		xen_evtchn_notify(q->tx_evtchn);
	spin_unlock(&q->tx_lock);

	/* Copied: the stack has it back now. */
	dev_consume_skb_any(skb);
	return NETDEV_TX_OK;
}

/* Take the backend's transmit responses.  NAPI, tx_lock held. */
static void netfront_tx_complete(struct netfront_queue *q)
{
	const struct netif_tx_response *src;
	struct netif_tx_response rsp;
	struct netfront_txbuf *txb;
	RING_IDX prod;

	if (!xen_front_ring_rsp_prod(&q->tx, &prod)) {
		netfront_break(q, "impossible tx response index", prod);
		return;
	}
	while (q->tx.rsp_cons != prod) {
		src = &q->tx_sring->ring[xen_front_ring_slot(&q->tx,
							     q->tx.rsp_cons)].rsp;
		/* One copy: the backend can rewrite the entry meanwhile. */
		rsp.id = READ_ONCE(src->id);
		rsp.status = READ_ONCE(src->status);
		q->tx.rsp_cons++;

		if (rsp.status == NETIF_RSP_NULL) {
			if (!q->tx_extras) {
				netfront_break(q, "tx null response with no extra in flight, id",
					       rsp.id);
				return;
			}
			q->tx_extras--;
			continue;
		}
		if (rsp.id >= NETFRONT_RING_SIZE || !q->txb[rsp.id].inflight) {
			netfront_break(q, "tx response for no request in flight, id",
				       rsp.id);
			return;
		}
		if (rsp.status != NETIF_RSP_OKAY && rsp.status != NETIF_RSP_ERROR &&
		    rsp.status != NETIF_RSP_DROPPED) {
			netfront_break(q, "tx response with an unknown status",
				       rsp.status);
			return;
		}
		txb = &q->txb[rsp.id];
		/* Its page is ours to fill again; the grant stays. */
		if (txb->len)
			netfront_stats_tx(q, rsp.status, txb->len);
		txb->inflight = false;
		txb->len = 0;
		q->tx_free[q->tx_nfree++] = rsp.id;
	}
	if (unlikely(netif_tx_queue_stopped(q->txq)) && q->tx_ok &&
	    xen_front_ring_free(&q->tx) >= NETFRONT_TX_MAX_SLOTS)
		netif_tx_wake_queue(q->txq);
}

/* Receive */

/* Post @n requests at req_prod_pvt, each slot's page.  NAPI or setup. */
static void netfront_rx_post(struct netfront_queue *q, unsigned int n)
{
	union netif_rx_sring_entry entry = {};
	unsigned int slot;

	while (n--) {
		slot = xen_front_ring_slot(&q->rx, q->rx.req_prod_pvt);
		entry.req.id = slot;
		entry.req.gref = q->rxb[slot].ref;
		memcpy(&q->rx_sring->ring[slot], &entry, sizeof(entry));
		q->rx.req_prod_pvt++;
	}
}

static int netfront_rx_bad(struct netfront_queue *q, const char *why, s64 what)
{
	netfront_break(q, why, what);
	return -EPROTO;
}

/* Copy the responses of the packet at rsp_cons, up to @prod, and check
 * each: the data ones go to rx_rsp[], a GSO extra info to rx_gso.
 * Returns the slots the packet takes, 0 if the backend has not produced
 * them all yet, or -EPROTO if it broke the protocol.
 */
static int netfront_rx_gather(struct netfront_queue *q, RING_IDX prod)
{
	RING_IDX idx = q->rx.rsp_cons;
	const struct netif_rx_response *src;
	struct netif_rx_response rsp;
	struct netif_extra_info extra;
	bool more = false, extras = false;
	unsigned int n = 0, slot;

	q->rx_ndata = 0;
	memset(&q->rx_gso, 0, sizeof(q->rx_gso));
	do {
		if (idx == prod) {
			/* Wait for the rest; look at these again then. */
			q->rx_seen = prod;
			return 0;
		}
		if (n == NETFRONT_RX_MAX_SLOTS)
			return netfront_rx_bad(q, "rx packet spans too many slots", n);
		slot = xen_front_ring_slot(&q->rx, idx);
		src = &q->rx_sring->ring[slot].rsp;
		/* One copy: the backend can rewrite the entry meanwhile. */
		rsp.id = READ_ONCE(src->id);
		rsp.offset = READ_ONCE(src->offset);
		rsp.flags = READ_ONCE(src->flags);
		rsp.status = READ_ONCE(src->status);
		n++;
		idx++;

		if (extras) {
			/* An extra info slot overlays the response. */
			memcpy(&extra, &rsp, sizeof(extra));
			if (extra.type == XEN_NETIF_EXTRA_TYPE_NONE ||
			    extra.type >= XEN_NETIF_EXTRA_TYPE_MAX)
				return netfront_rx_bad(q, "rx extra info of unknown type",
						       extra.type);
			/* We asked for no other kind: ignored. */
			if (extra.type == XEN_NETIF_EXTRA_TYPE_GSO)
				q->rx_gso = extra;
			extras = extra.flags & XEN_NETIF_EXTRA_FLAG_MORE;
			continue;
		}
		/* The backend answers each request in the slot it was in. */
		if (rsp.id != slot)
			return netfront_rx_bad(q, "rx response in another request's slot, id",
					       rsp.id);
		if (rsp.flags & ~(q->rx_ndata ? NETFRONT_RXF_OTHERS :
				  NETFRONT_RXF_FIRST))
			return netfront_rx_bad(q, "rx response with unexpected flags",
					       rsp.flags);
		if (rsp.status > 0 && rsp.offset + rsp.status > PAGE_SIZE)
			return netfront_rx_bad(q, "rx data past the end of its page, at",
					       rsp.offset + rsp.status);
		extras = !q->rx_ndata && rsp.flags & NETRXF_extra_info;
		more = rsp.flags & NETRXF_more_data;
		q->rx_rsp[q->rx_ndata++] = rsp;
	} while (more || extras);
	return n;
}

/* A new skb with the packet's @len bytes copied out of the slots' pages:
 * a head, then whole pages.  NULL without memory.
 */
static struct sk_buff *netfront_rx_copy(struct netfront_queue *q,
					unsigned int len)
{
	unsigned int head = min(len, NETFRONT_RX_HEAD), off, chunk, i;
	const struct netif_rx_response *rsp;
	struct sk_buff *skb;
	struct page *page;

	skb = napi_alloc_skb(&q->napi, head);
	if (!skb)
		return NULL;
	skb_put(skb, head);
	for (off = head; off < len; off += chunk) {
		chunk = min_t(unsigned int, len - off, PAGE_SIZE);
		page = dev_alloc_page();
		if (!page) {
			kfree_skb(skb);
			return NULL;
		}
		skb_add_rx_frag(skb, skb_shinfo(skb)->nr_frags, page, 0, chunk,
				PAGE_SIZE);
	}
	for (i = 0, off = 0; i < q->rx_ndata; i++) {
		rsp = &q->rx_rsp[i];
		if (rsp->status <= 0)
			continue;
		/* Checked: inside the page, and the sizes add up to @len. */
		skb_store_bits(skb, off,
			       page_address(q->rxb[rsp->id].page) + rsp->offset,
			       rsp->status);
		off += rsp->status;
	}
	return skb;
}

/* Checksum and GSO state from the first response's flags and rx_gso. */
static int netfront_rx_offloads(struct netfront_queue *q, struct sk_buff *skb)
{
	const struct netif_extra_info *gso = &q->rx_gso;
	u16 flags = q->rx_rsp[0].flags;
	int err;

	if (gso->type == XEN_NETIF_EXTRA_TYPE_GSO) {
		/* We announce feature-gso-tcpv4 only. */
		if (gso->u.gso.type != XEN_NETIF_GSO_TYPE_TCPV4 ||
		    !gso->u.gso.size || skb->protocol != htons(ETH_P_IP))
			return -EPROTO;
		skb_shinfo(skb)->gso_size = gso->u.gso.size;
		/* The stack checks the headers of a packet from outside. */
		skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4 | SKB_GSO_DODGY;
		skb_shinfo(skb)->gso_segs = 0;
	}
	if (flags & NETRXF_csum_blank || skb_is_gso(skb)) {
		/* Find the checksum field, and fill in the pseudo-header sum. */
		err = skb_checksum_setup(skb, true);
		if (err)
			return err;
		if (skb_is_gso(skb) && ip_hdr(skb)->protocol != IPPROTO_TCP)
			return -EPROTO;
	} else if (flags & NETRXF_data_validated) {
		skb->ip_summed = CHECKSUM_UNNECESSARY;
	}
	return 0;
}

/* Hand the packet gathered in rx_rsp[] to the stack, or count its drop. */
static void netfront_rx_packet(struct netfront_queue *q)
{
	struct netfront_stats *s = &q->stats->rx;
	unsigned int len = 0, i;
	struct sk_buff *skb;

	for (i = 0; i < q->rx_ndata; i++) {
		if (q->rx_rsp[i].status < 0) {
			/* The backend could not deliver it. */
			netfront_stat_inc(s, NETFRONT_ERRORS);
			return;
		}
		len += q->rx_rsp[i].status;
	}
	if (len < ETH_HLEN || len > NETFRONT_RX_MAX_LEN) {
		netfront_stat_inc(s, NETFRONT_LENGTH_ERRORS);
		return;
	}
	skb = netfront_rx_copy(q, len);
	if (!skb) {
		netfront_stat_inc(s, NETFRONT_DROPPED);
		return;
	}
	skb->protocol = eth_type_trans(skb, q->info->ndev);
	skb_reset_network_header(skb);
	skb_record_rx_queue(skb, q->id);
	if (netfront_rx_offloads(q, skb)) {
		kfree_skb(skb);
		netfront_stat_inc(s, NETFRONT_OFFLOAD_ERRORS);
		return;
	}
	netfront_stat_packet(s, len);
	napi_gro_receive(&q->napi, skb);
}

/* Take up to @budget received packets, posting their slots again. */
static int netfront_rx(struct netfront_queue *q, int budget)
{
	RING_IDX prod;
	int work = 0, n;

	q->rx_seen = q->rx.rsp_cons;
	while (work < budget) {
		if (!xen_front_ring_rsp_prod(&q->rx, &prod)) {
			netfront_break(q, "impossible rx response index", prod);
			return work;
		}
		if (q->rx.rsp_cons == prod)
			break;
		n = netfront_rx_gather(q, prod);
		if (n <= 0)
			break;
		netfront_rx_packet(q);
		/* Copied out: the slots take requests again. */
		q->rx.rsp_cons += n;
		q->rx_seen = q->rx.rsp_cons;
		netfront_rx_post(q, n);
		work++;
	}
	if (!q->broken && xen_front_ring_push(&q->rx))
		xen_evtchn_notify(q->rx_evtchn);
	return work;
}

/* Before waiting for the next event: ask for one on the next response
 * after those seen, then look again.  A packet not complete yet is not
 * taken until a response after it comes.
 */
static bool netfront_rx_final_check(struct netfront_queue *q)
{
	WRITE_ONCE(q->rx.sring->rsp_event, q->rx_seen + 1);
	/* The backend must see rsp_event before we look at rsp_prod. */
	virt_mb();
	return READ_ONCE(q->rx.sring->rsp_prod) != q->rx_seen;
}

/* NAPI and interrupts */

/* One queue's two rings.  Its NAPI exists only while they do. */
static int netfront_poll(struct napi_struct *napi, int budget)
{
	struct netfront_queue *q = container_of(napi, struct netfront_queue, napi);
	bool more;
	int work = 0;

	if (!netfront_broken(q)) {
		spin_lock(&q->tx_lock);
		netfront_tx_complete(q);
		spin_unlock(&q->tx_lock);
	}
	if (!netfront_broken(q))
		work = netfront_rx(q, budget);
	if (work == budget)
		return budget;
	if (!napi_complete_done(napi, work))
		return work;
	/* Rings we gave up on get no more events: their ports stay masked. */
	if (netfront_broken(q))
		return work;

	spin_lock(&q->tx_lock);
	more = xen_front_ring_final_check(&q->tx);
	spin_unlock(&q->tx_lock);
	more |= netfront_rx_final_check(q);
	/* Events that came meanwhile are raised again. */
	xen_irq_lateeoi(q->rx_irq);
	if (q->tx_irq)
		xen_irq_lateeoi(q->tx_irq);
	if (more)
		napi_schedule(napi);
	return work;
}

/* Any of a queue's event channels: its NAPI does the work, then ends the
 * event.  Until then the port stays masked, so a backend cannot keep us
 * here.
 */
static irqreturn_t netfront_interrupt(int irq, void *dev_id)
{
	struct netfront_queue *q = dev_id;

	if (!netfront_broken(q))
		napi_schedule(&q->napi);
	return IRQ_HANDLED;
}

/* Have NAPI look at the rings, from process context. */
static void netfront_napi_kick(struct netfront_queue *q)
{
	/* The softirq runs at local_bh_enable(), not at some later interrupt. */
	local_bh_disable();
	napi_schedule(&q->napi);
	local_bh_enable();
}

/* Queue setup and teardown */

/* A zeroed page granted to the backend: it sees nothing of ours but data. */
static int netfront_buf_grant(struct xenbus_device *xdev,
			      struct netfront_buf *buf, bool readonly)
{
	int ref;

	buf->page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!buf->page)
		return -ENOMEM;
	ref = gnttab_grant_access(xdev->otherend_id, xen_page_to_gfn(buf->page),
				  readonly);
	if (ref < 0) {
		__free_page(buf->page);
		buf->page = NULL;
		return ref;
	}
	buf->ref = ref;
	return 0;
}

/* Freed now, or once the backend unmaps it. */
static void netfront_buf_end(struct netfront_buf *buf)
{
	if (buf->page)
		gnttab_end_access(buf->ref, buf->page);
	buf->page = NULL;
}

/* Unbind @q's event channels and end every grant, whatever of them was
 * set up.  Its NAPI off, its transmit queue stopped.
 */
static void netfront_queue_rings_free(struct netfront_queue *q)
{
	unsigned int i;

	if (q->rx_irq)
		xen_evtchn_unbind(q->rx_irq, q);
	if (q->tx_irq)
		xen_evtchn_unbind(q->tx_irq, q);
	q->rx_irq = 0;
	q->tx_irq = 0;

	for (i = 0; i < NETFRONT_RING_SIZE; i++) {
		netfront_buf_end(&q->txb[i].buf);
		netfront_buf_end(&q->rxb[i]);
	}
	netfront_buf_end(&q->tx_ring);
	netfront_buf_end(&q->rx_ring);
}

/* A fresh port for the backend, bound to @q's handler as @name. */
static int netfront_evtchn_setup(struct netfront_queue *q, evtchn_port_t *port,
				 int *irq, const char *name)
{
	int err;

	err = xen_evtchn_alloc_unbound(q->info->xdev->otherend_id, port);
	if (err)
		return err;
	err = xen_evtchn_bind_port_lateeoi(*port, netfront_interrupt, 0, name, q);
	if (err < 0) {
		xen_evtchn_close(*port);
		return err;
	}
	*irq = err;
	return 0;
}

/* With several queues each takes its events, and so runs its NAPI, on a
 * CPU of its own.  A port that cannot move still works where it is.
 */
static void netfront_queue_spread(struct netfront_queue *q)
{
	const struct cpumask *cpu;

	cpu = cpumask_of(cpumask_local_spread(q->id, NUMA_NO_NODE));
	if (irq_set_affinity(q->rx_irq, cpu) ||
	    (q->tx_irq && irq_set_affinity(q->tx_irq, cpu)))
		dev_dbg(&q->info->xdev->dev, "%s: events stay on their CPU\n",
			q->name);
}

/* Queue @id of @nq: share its rings, their pages and event channels.
 * Nothing else sees it yet, and its NAPI is off.  Whatever of it is set
 * up when this fails, netfront_queues_free() undoes.
 */
static int netfront_queue_setup(struct netfront_info *info,
				struct netfront_queue *q, unsigned int id,
				unsigned int nq)
{
	struct xenbus_device *xdev = info->xdev;
	unsigned int i;
	int err;

	q->info = info;
	q->id = id;
	q->txq = netdev_get_tx_queue(info->ndev, id);
	q->stats = &info->stats[id];
	spin_lock_init(&q->tx_lock);
	if (nq == 1)
		strscpy(q->name, dev_name(&xdev->dev), sizeof(q->name));
	else
		snprintf(q->name, sizeof(q->name), "%s-q%u", dev_name(&xdev->dev), id);
	netif_napi_add(info->ndev, &q->napi, netfront_poll);

	err = netfront_buf_grant(xdev, &q->tx_ring, false);
	if (!err)
		err = netfront_buf_grant(xdev, &q->rx_ring, false);
	for (i = 0; !err && i < NETFRONT_RING_SIZE; i++) {
		/* The backend reads what we send and writes what we receive. */
		err = netfront_buf_grant(xdev, &q->txb[i].buf, true);
		if (!err)
			err = netfront_buf_grant(xdev, &q->rxb[i], false);
	}
	if (err)
		return err;

	q->tx_sring = page_address(q->tx_ring.page);
	xen_front_ring_init(&q->tx, &q->tx_sring->hdr, NETFRONT_RING_SIZE);
	for (i = 0; i < NETFRONT_RING_SIZE; i++)
		q->tx_free[i] = NETFRONT_RING_SIZE - 1 - i;
	q->tx_nfree = NETFRONT_RING_SIZE;

	q->rx_sring = page_address(q->rx_ring.page);
	xen_front_ring_init(&q->rx, &q->rx_sring->hdr, NETFRONT_RING_SIZE);
	/* Every slot has a request from the start: the backend may fill it. */
	netfront_rx_post(q, NETFRONT_RING_SIZE);
	xen_front_ring_push(&q->rx);

	if (info->feat.split_evtchn) {
		snprintf(q->tx_irq_name, sizeof(q->tx_irq_name), "%s-tx", q->name);
		snprintf(q->rx_irq_name, sizeof(q->rx_irq_name), "%s-rx", q->name);
		err = netfront_evtchn_setup(q, &q->tx_evtchn, &q->tx_irq,
					    q->tx_irq_name);
		if (!err)
			err = netfront_evtchn_setup(q, &q->rx_evtchn, &q->rx_irq,
						    q->rx_irq_name);
	} else {
		strscpy(q->rx_irq_name, q->name, sizeof(q->rx_irq_name));
		err = netfront_evtchn_setup(q, &q->rx_evtchn, &q->rx_irq,
					    q->rx_irq_name);
		q->tx_evtchn = q->rx_evtchn;
	}
	if (!err && nq > 1)
		netfront_queue_spread(q);
	return err;
}

/* End the rings of the first @nq @queues and free them.  NAPI off, the
 * transmit queues stopped.
 */
static void netfront_queues_free(struct netfront_queue *queues, unsigned int nq)
{
	unsigned int i;

	for (i = 0; i < nq; i++) {
		netfront_queue_rings_free(&queues[i]);
		__netif_napi_del(&queues[i].napi);
	}
	/* Busy pollers find a NAPI under RCU: wait for them to let go. */
	synchronize_net();
	kvfree(queues);
}

/* Set up @nq queues and share their rings with the features @feat of this
 * connection.  RTNL held, none there; their NAPI runs if the device is up,
 * their transmit queues once the backend is connected.
 */
static int netfront_up(struct netfront_info *info,
		       const struct netfront_features *feat, unsigned int nq)
{
	struct net_device *ndev = info->ndev;
	struct netfront_queue *queues;
	unsigned int i;
	int err = 0;

	queues = kvcalloc(nq, sizeof(*queues), GFP_KERNEL);
	if (!queues)
		return -ENOMEM;
	info->feat = *feat;
	for (i = 0; i < nq && !err; i++)
		err = netfront_queue_setup(info, &queues[i], i, nq);
	/* The stack uses as many queues as there are rings. */
	if (!err)
		err = netif_set_real_num_tx_queues(ndev, nq);
	if (!err)
		err = netif_set_real_num_rx_queues(ndev, nq);
	if (err) {
		netfront_queues_free(queues, i);
		return err;
	}

	info->queues = queues;
	info->nr_queues = nq;
	info->stats_queues = max(info->stats_queues, nq);
	if (netif_running(ndev)) {
		for (i = 0; i < nq; i++) {
			napi_enable(&queues[i].napi);
			netfront_napi_kick(&queues[i]);
		}
	}
	return 0;
}

/* Transmit no more: each queue drops what the stack still hands it. */
static void netfront_tx_off(struct netfront_info *info)
{
	struct netfront_queue *q;
	unsigned int i;

	for (i = 0; i < info->nr_queues; i++) {
		q = &info->queues[i];
		spin_lock_bh(&q->tx_lock);
		q->tx_ok = false;
		spin_unlock_bh(&q->tx_lock);
	}
}

/* Stop using the queues and free them: no carrier, no more sending, NAPI
 * off first.  What is in flight is lost.  RTNL held, or the device
 * unregistered.
 */
static void netfront_down(struct netfront_info *info)
{
	struct net_device *ndev = info->ndev;
	unsigned int i;

	if (!info->nr_queues)
		return;
	netif_carrier_off(ndev);
	info->connected = false;
	/* Completion wakes no queue from here on, and none transmits. */
	netfront_tx_off(info);
	netif_tx_disable(ndev);
	if (netif_running(ndev)) {
		for (i = 0; i < info->nr_queues; i++)
			napi_disable(&info->queues[i].napi);
	}
	netfront_queues_free(info->queues, info->nr_queues);
	info->queues = NULL;
	info->nr_queues = 0;
}

/* Xenstore */

/* Remove @node, there or not. */
static int netfront_rm(u32 txn, const char *dir, const char *node)
{
	int err = xenstore_rm(txn, dir, node);

	return err == -ENOENT ? 0 : err;
}

/* The frontend keys of io/netif.h we do not write. */
static const char * const netfront_unused_keys[] = {
	"request-multicast-control", "feature-gso-tcpv6", "feature-no-csum-offload",
	"ctrl-ring-ref", "event-channel-ctrl",
};

/* A queue's keys: in our directory with one queue, in queue-N with more. */
static const char * const netfront_queue_keys[] = {
	"tx-ring-ref", "rx-ring-ref",
	"event-channel", "event-channel-tx", "event-channel-rx",
};

/* @q's rings and event channels under @dir, and none of the other kind
 * of event channel keys.
 */
static int netfront_publish_queue(struct netfront_info *info, u32 txn,
				  const char *dir, const struct netfront_queue *q)
{
	int err;

	err = xenstore_printf(txn, dir, "tx-ring-ref", "%u", q->tx_ring.ref);
	if (!err)
		err = xenstore_printf(txn, dir, "rx-ring-ref", "%u", q->rx_ring.ref);
	if (!err && info->feat.split_evtchn) {
		err = xenstore_printf(txn, dir, "event-channel-tx", "%u",
				      q->tx_evtchn);
		if (!err)
			err = xenstore_printf(txn, dir, "event-channel-rx", "%u",
					      q->rx_evtchn);
		if (!err)
			err = netfront_rm(txn, dir, "event-channel");
	} else if (!err) {
		err = xenstore_printf(txn, dir, "event-channel", "%u",
				      q->rx_evtchn);
		if (!err)
			err = netfront_rm(txn, dir, "event-channel-tx");
		if (!err)
			err = netfront_rm(txn, dir, "event-channel-rx");
	}
	return err;
}

/* The queue-N directories: ours with several queues; with one, and past
 * ours, none left from an earlier connection.
 */
static int netfront_publish_queue_dirs(struct netfront_info *info, u32 txn)
{
	const char *dir = info->xdev->nodename;
	unsigned int nq = info->nr_queues, i;
	char node[16], *qdir;
	int err = 0;

	for (i = 0; !err && i < NETFRONT_MAX_QUEUES; i++) {
		if (nq == 1 || i >= nq) {
			snprintf(node, sizeof(node), "queue-%u", i);
			err = netfront_rm(txn, dir, node);
			continue;
		}
		qdir = kasprintf(GFP_KERNEL, "%s/queue-%u", dir, i);
		if (!qdir)
			return -ENOMEM;
		err = netfront_publish_queue(info, txn, qdir, &info->queues[i]);
		kfree(qdir);
	}
	return err;
}

/* Everything the backend needs to connect, in one transaction. */
static int netfront_publish_txn(u32 txn, void *ctx)
{
	struct netfront_info *info = ctx;
	const char *dir = info->xdev->nodename;
	unsigned int i;
	char *node;
	int err;

	/* Writing below a node the toolstack removed would bring it back. */
	node = xenstore_read(txn, dir, "", NULL);
	if (IS_ERR(node))
		return PTR_ERR(node);
	kfree(node);
	/* An earlier driver's requests we do not make would still count. */
	for (i = 0; i < ARRAY_SIZE(netfront_unused_keys); i++) {
		err = netfront_rm(txn, dir, netfront_unused_keys[i]);
		if (err)
			return err;
	}

	if (info->nr_queues == 1) {
		/* As before multi-queue: a backend without it reads the same. */
		err = netfront_publish_queue(info, txn, dir, &info->queues[0]);
		if (!err)
			err = netfront_rm(txn, dir, "multi-queue-num-queues");
	} else {
		err = xenstore_printf(txn, dir, "multi-queue-num-queues", "%u",
				      info->nr_queues);
		/* With several queues, no queue keys at the top. */
		for (i = 0; !err && i < ARRAY_SIZE(netfront_queue_keys); i++)
			err = netfront_rm(txn, dir, netfront_queue_keys[i]);
	}
	if (!err)
		err = netfront_publish_queue_dirs(info, txn);
	/* The backend copies into the pages we post, and we ask for events. */
	if (!err)
		err = xenstore_write(txn, dir, "request-rx-copy", "1");
	if (!err)
		err = xenstore_write(txn, dir, "feature-rx-notify", "1");
	/* What we take in: packets over several slots, TSO, blank checksums. */
	if (!err)
		err = xenstore_write(txn, dir, "feature-sg", "1");
	if (!err)
		err = xenstore_write(txn, dir, "feature-gso-tcpv4", "1");
	if (!err)
		err = xenstore_write(txn, dir, "feature-ipv6-csum-offload", "1");
	return err;
}

/* Give up on the vif: the reason to dmesg and xenstore, and Closing.  The
 * work item, RTNL not held.
 */
static __printf(3, 4) void netfront_fatal(struct netfront_info *info, int err,
					  const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	info->dead = true;
	rtnl_lock();
	netif_carrier_off(info->ndev);
	info->connected = false;
	netfront_tx_off(info);
	rtnl_unlock();

	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	xenbus_dev_fatal(info->xdev, err, "%pV", &vaf);
	va_end(args);
}

/* The MAC address the toolstack gave us, "xx:xx:xx:xx:xx:xx". */
static int netfront_read_mac(struct xenbus_device *xdev, u8 *mac)
{
	char *val;
	int err = 0;

	val = xenstore_read(XS_NO_TXN, xdev->nodename, "mac", NULL);
	if (IS_ERR(val))
		return PTR_ERR(val);
	if (strlen(val) != 17 || !mac_pton(val, mac) || !is_valid_ether_addr(mac))
		err = -EINVAL;
	kfree(val);
	return err;
}

/* State machine */

/* The backend waits for our rings: set up as many queues as it offers, up
 * to one per vCPU, share them and say where they are.
 */
static void netfront_connect_rings(struct netfront_info *info)
{
	struct xenbus_device *xdev = info->xdev;
	struct netfront_features feat;
	unsigned int nq;
	int err;

	/* Flipping pages to us (the alternative) is not supported. */
	if (!xenbus_read_otherend_uint(xdev, "feature-rx-copy", 0)) {
		netfront_fatal(info, -EOPNOTSUPP,
			       "the backend cannot copy into our pages (feature-rx-copy)");
		return;
	}
	feat.split_evtchn = xenbus_read_otherend_uint(xdev, "feature-split-event-channels", 0);
	feat.sg = xenbus_read_otherend_uint(xdev, "feature-sg", 0);
	feat.gso_tcpv4 = xenbus_read_otherend_uint(xdev, "feature-gso-tcpv4", 0);
	feat.csum = !xenbus_read_otherend_uint(xdev, "feature-no-csum-offload", 0);
	feat.ipv6_csum = xenbus_read_otherend_uint(xdev, "feature-ipv6-csum-offload", 0);
	/* Absent or 0: one queue, as before multi-queue. */
	nq = xenbus_read_otherend_uint(xdev, "multi-queue-max-queues", 1);
	nq = clamp(min(nq, num_online_cpus()), 1U, NETFRONT_MAX_QUEUES);

	/* Each queue takes 514 grants: with fewer queues it may still fit. */
	for (;;) {
		rtnl_lock();
		err = netfront_up(info, &feat, nq);
		rtnl_unlock();
		if (!err || nq == 1 || (err != -ENOSPC && err != -ENOMEM))
			break;
		dev_warn(&xdev->dev, "%s: cannot share %u queues (%d), trying %u\n",
			 info->ndev->name, nq, err, nq / 2);
		nq /= 2;
	}
	if (err) {
		netfront_fatal(info, err, "sharing %u queue(s)", nq);
		return;
	}
	err = xenstore_transact(netfront_publish_txn, info);
	if (!err)
		err = xenbus_switch_state(info->xdev, XenbusStateConnected);
	if (!err)
		return;
	rtnl_lock();
	netfront_down(info);
	rtnl_unlock();
	netfront_fatal(info, err, "publishing the rings");
}

/* The backend is connected: offloads follow its features, the MTU too
 * (more than 1500 needs feature-sg), and the carrier goes on.
 */
static void netfront_carrier_up(struct netfront_info *info)
{
	struct net_device *ndev = info->ndev;
	unsigned int mtu = 0, i;
	struct netfront_queue *q;

	/* The toolstack's, in our directory; absent or unreadable: ours. */
	if (!info->mtu_done &&
	    xenstore_read_uint(XS_NO_TXN, info->xdev->nodename, "mtu", &mtu))
		mtu = 0;

	rtnl_lock();
	netdev_update_features(ndev);
	if (mtu && !info->mtu_done) {
		if (mtu < ndev->min_mtu || mtu > ndev->max_mtu ||
		    (mtu > ETH_DATA_LEN && !info->feat.sg))
			dev_warn(&info->xdev->dev, "mtu %u out of range, ignored\n",
				 mtu);
		else
			dev_set_mtu(ndev, mtu);
	}
	info->mtu_done = true;
	if (ndev->mtu > ETH_DATA_LEN && !info->feat.sg)
		dev_set_mtu(ndev, ETH_DATA_LEN);

	for (i = 0; i < info->nr_queues; i++) {
		q = &info->queues[i];
		spin_lock_bh(&q->tx_lock);
		q->tx_ok = true;
		spin_unlock_bh(&q->tx_lock);
	}
	info->connected = true;
	/* A connection came of it: a later stale Connected may be reset. */
	info->stale_resets = 0;
	if (netif_running(ndev))
		netif_tx_wake_all_queues(ndev);
	netif_carrier_on(ndev);
	rtnl_unlock();

	dev_info(&info->xdev->dev, "%s: connected, %pM, %u queue%s, %s event channel%s, sg %s, csum %s, tso %s\n",
		 ndev->name, ndev->dev_addr, info->nr_queues,
		 info->nr_queues == 1 ? "" : "s",
		 info->feat.split_evtchn ? "split" : "one",
		 info->feat.split_evtchn ? "s" : "",
		 info->feat.sg ? "on" : "off", info->feat.csum ? "on" : "off",
		 ndev->features & NETIF_F_TSO ? "on" : "off");
}

/* Report a broken ring: sleeps, so not where it broke. */
static void netfront_report_broken(struct netfront_info *info)
{
	/* Pairs with netfront_break(): why is written before broken. */
	if (info->reported || !smp_load_acquire(&info->broken))
		return;
	info->reported = true;
	/* Closing already: say why, but do not go back to Closing. */
	if (info->dead)
		dev_err(&info->xdev->dev, "queue %u: %s %lld\n",
			info->broken_queue, info->broken_why, info->broken_what);
	else
		netfront_fatal(info, -EIO, "queue %u: %s %lld", info->broken_queue,
			       info->broken_why, info->broken_what);
}

/* The backend closes (@closed: has closed): the queues go.  Once it has
 * closed we say Initialising, unless we gave up: a backend still attached
 * comes back to InitWait for a new connection; one detached goes away
 * with our node.
 */
static void netfront_backend_gone(struct netfront_info *info, bool closed)
{
	struct xenbus_device *xdev = info->xdev;

	if (info->nr_queues)
		dev_info(&xdev->dev, "%s: the backend went away\n",
			 info->ndev->name);
	rtnl_lock();
	netfront_down(info);
	rtnl_unlock();
	if (xdev->state != XenbusStateClosed)
		xenbus_switch_state(xdev, XenbusStateClosed);
	if (closed && !info->dead)
		xenbus_switch_state(xdev, XenbusStateInitialising);
}

/* How often a backend may connect without our rings before we give up. */
#define NETFRONT_STALE_RESETS	3

/* The backend is connected without our rings: to an earlier instance of
 * the driver (rmmod, modprobe) or of the guest, or, after a restart, to
 * the rings our old nodes named although we said Closed.  Say Closed
 * (again: the write fires its watch); when it has closed we say
 * Initialising (netfront_backend_gone()) and it waits for new rings.
 * Telling it Initialising at once would not do: a connected backend has
 * nothing to do on it.  It gets NETFRONT_STALE_RESETS chances between two
 * connections, then the vif fails.
 */
static void netfront_backend_stale(struct netfront_info *info)
{
	struct xenbus_device *xdev = info->xdev;

	if (++info->stale_resets > NETFRONT_STALE_RESETS) {
		netfront_fatal(info, -EPROTO,
			       "the backend keeps connecting without our rings");
		return;
	}
	dev_info(&xdev->dev, "%s: the backend connected without our rings; resetting it\n",
		 info->ndev->name);
	xenbus_switch_state(xdev, XenbusStateClosed);
}

/* Follow the backend's state. */
static void netfront_workfn(struct work_struct *work)
{
	struct netfront_info *info = container_of(work, struct netfront_info, work);
	struct xenbus_device *xdev = info->xdev;
	enum xenbus_state backend;

	if (READ_ONCE(info->removing))
		return;
	netfront_report_broken(info);

	backend = xenbus_read_state(xdev->otherend);
	switch (backend) {
	case XenbusStateInitWait:
	case XenbusStateInitialised:
		if (info->dead)
			break;
		/* Back to waiting after it was connected: it restarted.  (We
		 * say Connected as soon as the rings are shared: it may just
		 * not have seen that yet.)  Its new instance may already have
		 * mapped the rings our nodes still name: say Closed so that it
		 * lets go of them, and share new rings only once it has closed
		 * too (netfront_backend_gone() says Initialising).
		 */
		if (info->connected) {
			dev_info(&xdev->dev, "%s: the backend restarted; closing the connection first\n",
				 info->ndev->name);
			rtnl_lock();
			netfront_down(info);
			rtnl_unlock();
			xenbus_switch_state(xdev, XenbusStateClosed);
		} else if (xdev->state != XenbusStateClosed && !info->nr_queues) {
			netfront_connect_rings(info);
		}
		break;
	case XenbusStateConnected:
		if (info->dead)
			break;
		if (!info->nr_queues)
			netfront_backend_stale(info);
		else if (!info->connected)
			netfront_carrier_up(info);
		break;
	case XenbusStateClosing:
	case XenbusStateClosed:
		netfront_backend_gone(info, backend == XenbusStateClosed);
		break;
	case XenbusStateUnknown:
		/* Its directory went (its driver domain is gone) or says
		 * nothing we know: as good as closed while we use it.
		 */
		if (info->nr_queues && xenbus_otherend_lost(xdev))
			netfront_backend_gone(info, true);
		break;
	default:
		/* Initialising, Reconfiguring: wait for a usable state. */
		break;
	}
}

/* Network device */

static int netfront_open(struct net_device *ndev)
{
	struct netfront_info *info = netdev_priv(ndev);
	unsigned int i;

	for (i = 0; i < info->nr_queues; i++) {
		napi_enable(&info->queues[i].napi);
		/* Events that came while it was down wait, their ports masked. */
		netfront_napi_kick(&info->queues[i]);
	}
	/* Transmit queues run only once the backend has the rings. */
	if (info->connected)
		netif_tx_start_all_queues(ndev);
	else
		netif_tx_stop_all_queues(ndev);
	return 0;
}

static int netfront_close(struct net_device *ndev)
{
	struct netfront_info *info = netdev_priv(ndev);
	unsigned int i;

	netif_tx_disable(ndev);
	for (i = 0; i < info->nr_queues; i++)
		napi_disable(&info->queues[i].napi);
	return 0;
}

/* Offloads the backend takes; none before it is connected.  RTNL held. */
static netdev_features_t netfront_fix_features(struct net_device *ndev,
					       netdev_features_t features)
{
	struct netfront_info *info = netdev_priv(ndev);
	const struct netfront_features *feat = &info->feat;
	netdev_features_t lacks = 0;

	lacks |= feat->csum ? 0 : NETIF_F_IP_CSUM;
	lacks |= feat->ipv6_csum ? 0 : NETIF_F_IPV6_CSUM;
	features &= ~lacks;
	/* A TSO packet spans slots, and its checksum is left to the backend. */
	if (!(feat->sg && feat->gso_tcpv4 && (features & NETIF_F_IP_CSUM)))
		features &= ~NETIF_F_TSO;
	return features;
}

/* Every queue the device had, present or not: no count goes backwards. */
static void netfront_get_stats64(struct net_device *ndev,
				 struct rtnl_link_stats64 *stats)
{
	struct netfront_info *info = netdev_priv(ndev);
	u64 tx[NETFRONT_NR_STATS], rx[NETFRONT_NR_STATS];
	unsigned int i;

	for (i = 0; i < NETFRONT_MAX_QUEUES; i++) {
		netfront_stats_read(&info->stats[i].tx, tx);
		netfront_stats_read(&info->stats[i].rx, rx);
		stats->tx_packets += tx[NETFRONT_PACKETS];
		stats->tx_bytes += tx[NETFRONT_BYTES];
		stats->tx_errors += tx[NETFRONT_ERRORS];
		stats->tx_dropped += tx[NETFRONT_DROPPED];
		stats->rx_packets += rx[NETFRONT_PACKETS];
		stats->rx_bytes += rx[NETFRONT_BYTES];
		/* Length and offload errors are errors too. */
		stats->rx_errors += rx[NETFRONT_ERRORS] +
				    rx[NETFRONT_LENGTH_ERRORS] +
				    rx[NETFRONT_OFFLOAD_ERRORS];
		stats->rx_length_errors += rx[NETFRONT_LENGTH_ERRORS];
		stats->rx_dropped += rx[NETFRONT_DROPPED];
	}
}

/* Past the Ethernet MTU a frame takes several slots: feature-sg. */
static int netfront_change_mtu(struct net_device *ndev, int mtu)
{
	if (mtu > ETH_DATA_LEN &&
	    !((struct netfront_info *)netdev_priv(ndev))->feat.sg)
		return -EINVAL;
	WRITE_ONCE(ndev->mtu, mtu);
	return 0;
}

static const struct net_device_ops netfront_netdev_ops = {
	.ndo_open = netfront_open, .ndo_stop = netfront_close,
	.ndo_start_xmit = netfront_start_xmit,
	/* What the backend's features allow. */
	.ndo_change_mtu = netfront_change_mtu, .ndo_fix_features = netfront_fix_features,
	.ndo_get_stats64 = netfront_get_stats64,
	.ndo_set_mac_address = eth_mac_addr, .ndo_validate_addr = eth_validate_addr,
};

/* ethtool */

static void netfront_get_drvinfo(struct net_device *ndev,
				 struct ethtool_drvinfo *drvinfo)
{
	struct netfront_info *info = netdev_priv(ndev);

	strscpy(drvinfo->driver, "xen-netfront", sizeof(drvinfo->driver));
	strscpy(drvinfo->bus_info, dev_name(&info->xdev->dev),
		sizeof(drvinfo->bus_info));
}

/* ethtool -S: the counters of each queue the device has had, transmit
 * then receive.  stats_queues changes under the RTNL, which ethtool holds.
 */
static int netfront_get_sset_count(struct net_device *ndev, int sset)
{
	struct netfront_info *info = netdev_priv(ndev);

	if (sset != ETH_SS_STATS)
		return -EOPNOTSUPP;
	return info->stats_queues * (NETFRONT_TX_STATS + NETFRONT_NR_STATS);
}

static void netfront_get_strings(struct net_device *ndev, u32 sset, u8 *data)
{
	struct netfront_info *info = netdev_priv(ndev);
	unsigned int q, i;

	if (sset != ETH_SS_STATS)
		return;
	for (q = 0; q < info->stats_queues; q++) {
		for (i = 0; i < NETFRONT_TX_STATS; i++)
			ethtool_sprintf(&data, "tx_queue_%u_%s", q,
					netfront_stat_names[i]);
		for (i = 0; i < NETFRONT_NR_STATS; i++)
			ethtool_sprintf(&data, "rx_queue_%u_%s", q,
					netfront_stat_names[i]);
	}
}

static void netfront_get_ethtool_stats(struct net_device *ndev,
				       struct ethtool_stats *estats, u64 *data)
{
	struct netfront_info *info = netdev_priv(ndev);
	u64 tx[NETFRONT_NR_STATS];
	unsigned int q;

	for (q = 0; q < info->stats_queues; q++) {
		netfront_stats_read(&info->stats[q].tx, tx);
		memcpy(data, tx, NETFRONT_TX_STATS * sizeof(*data));
		data += NETFRONT_TX_STATS;
		netfront_stats_read(&info->stats[q].rx, data);
		data += NETFRONT_NR_STATS;
	}
}

static const struct ethtool_ops netfront_ethtool_ops = {
	.get_drvinfo = netfront_get_drvinfo, .get_link = ethtool_op_get_link,
	/* ethtool -S */
	.get_sset_count = netfront_get_sset_count, .get_strings = netfront_get_strings,
	.get_ethtool_stats = netfront_get_ethtool_stats,
};

/* Driver registration */

static int netfront_probe(struct xenbus_device *xdev)
{
	struct netfront_info *info;
	struct net_device *ndev;
	u8 mac[ETH_ALEN];
	unsigned int i;
	int err;

	err = netfront_read_mac(xdev, mac);
	if (err) {
		xenbus_dev_fatal(xdev, err, "reading mac");
		return err;
	}
	ndev = alloc_etherdev_mq(sizeof(*info), NETFRONT_MAX_QUEUES);
	if (!ndev)
		return -ENOMEM;
	info = netdev_priv(ndev);
	info->ndev = ndev;
	info->xdev = xdev;
	INIT_WORK(&info->work, netfront_workfn);
	for (i = 0; i < NETFRONT_MAX_QUEUES; i++) {
		u64_stats_init(&info->stats[i].tx.syncp);
		u64_stats_init(&info->stats[i].rx.syncp);
	}
	info->stats_queues = 1;

	eth_hw_addr_set(ndev, mac);
	ndev->netdev_ops = &netfront_netdev_ops;
	ndev->ethtool_ops = &netfront_ethtool_ops;
	/* We copy what we send: any skb will do. */
	ndev->hw_features = NETIF_F_SG | NETIF_F_IP_CSUM | NETIF_F_IPV6_CSUM |
			    NETIF_F_TSO;
	ndev->features = ndev->hw_features | NETIF_F_HIGHDMA | NETIF_F_RXCSUM;
	/* netpoll may transmit from hard irq, where NAPI's tx_lock deadlocks. */
	ndev->priv_flags |= IFF_DISABLE_NETPOLL;
	ndev->max_mtu = NETFRONT_MAX_MTU;
	/* The stack keeps GSO packets below it: the size field is 16 bits. */
	netif_set_tso_max_size(ndev, XEN_NETIF_MAX_TX_SIZE);
	/* One queue until a backend offers more; unregistered, it cannot fail. */
	netif_set_real_num_tx_queues(ndev, 1);
	netif_set_real_num_rx_queues(ndev, 1);
	SET_NETDEV_DEV(ndev, &xdev->dev);
	netif_carrier_off(ndev);
	dev_set_drvdata(&xdev->dev, info);

	err = register_netdev(ndev);
	if (err) {
		xenbus_dev_fatal(xdev, err, "registering the network device");
		free_netdev(ndev);
		return err;
	}
	dev_info(&xdev->dev, "%s: %pM\n", ndev->name, ndev->dev_addr);
	return 0;
}

static void netfront_backend_changed(struct xenbus_device *xdev,
				     enum xenbus_state state)
{
	struct netfront_info *info = dev_get_drvdata(&xdev->dev);

	/* Connecting takes the RTNL and waits for xenstore: not in xenwatch. */
	queue_work(system_long_wq, &info->work);
}

static void netfront_remove(struct xenbus_device *xdev)
{
	struct netfront_info *info = dev_get_drvdata(&xdev->dev);

	/* From here on the work item does nothing. */
	WRITE_ONCE(info->removing, true);
	cancel_work_sync(&info->work);
	/* The queues go first: the carrier changes while registered. */
	rtnl_lock();
	netfront_down(info);
	rtnl_unlock();
	unregister_netdev(info->ndev);
	/* A break in NAPI may have queued it once more. */
	cancel_work_sync(&info->work);
	free_netdev(info->ndev);
	/* Unbound while the vif stays (rmmod): the backend lets go too. */
	xenbus_switch_state(xdev, XenbusStateClosed);
}

static struct xenbus_driver netfront_driver = {
	.devicetype = "vif",
	.probe = netfront_probe, .remove = netfront_remove,
	.otherend_changed = netfront_backend_changed,
};

/* Only a Xen guest has vifs: elsewhere the module does not load. */
static int __init netfront_init(void)
{
	return xen_domain() ? xenbus_driver_register(&netfront_driver) : -ENODEV;
}

static void __exit netfront_exit(void)
{
	xenbus_driver_unregister(&netfront_driver);
}

module_init(netfront_init);
module_exit(netfront_exit);
MODULE_ALIAS("xen:vif");
MODULE_DESCRIPTION("Xen virtual network interface frontend");
MODULE_LICENSE("GPL");
