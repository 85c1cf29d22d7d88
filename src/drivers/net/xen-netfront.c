// SPDX-License-Identifier: GPL-2.0
/*
 * Xen virtual network interface frontend: the backend's vif as an
 * Ethernet device.
 *
 * A vif is device/vif/<id> in xenstore, its MAC address in "mac".  When
 * the backend waits for us we share a transmit and a receive ring (struct
 * netif_tx_sring, struct netif_rx_sring, a page each) and one event
 * channel, or one per ring if the backend splits them; once it is
 * connected the carrier goes on.  One NAPI context takes the responses of
 * both rings.
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
 * that cannot be right breaks the vif: NAPI stops, the event channels
 * stay masked, the error goes to xenstore and the device closes for
 * good.  A packet the backend marks bad is only dropped.
 *
 * A backend that closes without having broken anything may come back:
 * the carrier goes off, the rings go, and once it has closed we say
 * Initialising; when it waits for us again we share new rings.  Only the
 * removal of the vif from xenstore (xl network-detach) takes the device
 * away.
 *
 * Not here: multiple queues, IPv6 GSO, multicast control, the "carrier"
 * node, the control ring, suspend/resume.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

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

/* Transaction conflicts retried when publishing the rings. */
#define NETFRONT_TXN_TRIES	32

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

struct netfront_stats {
	u64_stats_t packets;
	u64_stats_t bytes;
	u64_stats_t errors;
	u64_stats_t dropped;
	u64_stats_t length_errors;
	struct u64_stats_sync syncp;
};

/* What the backend offers, read before each connection. */
struct netfront_features {
	bool split_evtchn;	/* feature-split-event-channels */
	bool sg;		/* feature-sg: several slots per packet */
	bool gso_tcpv4;		/* feature-gso-tcpv4 */
	bool csum;		/* not feature-no-csum-offload */
	bool ipv6_csum;		/* feature-ipv6-csum-offload */
};

struct netfront_info {
	struct net_device *ndev;
	struct xenbus_device *xdev;
	struct napi_struct napi;

	/* Runs the connection; the one writer of what follows.  What NAPI
	 * and the netdev callbacks also see changes under the RTNL with NAPI
	 * off.
	 */
	struct work_struct work;
	bool up;			/* rings shared: NAPI may use them */
	bool dead;			/* gave up: no reconnecting */
	bool removing;			/* remove() runs: the work item stops */
	bool reported;			/* the broken ring went to xenstore */
	bool mtu_done;			/* the toolstack's "mtu" was applied */
	struct netfront_features feat;
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
	struct netfront_stats tx_stats;

	/* Receive: NAPI only.  A slot's request has its id and its page. */
	struct xen_front_ring rx;
	struct netif_rx_sring *rx_sring;
	RING_IDX rx_seen;		/* responses looked at, not taken */
	struct netfront_buf rxb[NETFRONT_RING_SIZE];	/* by slot */
	/* The packet being taken: its data responses and GSO info, copied. */
	unsigned int rx_ndata;
	struct netif_rx_response rx_rsp[NETFRONT_RX_MAX_SLOTS];
	struct netif_extra_info rx_gso;	/* type NONE: none */
	struct netfront_stats rx_stats;

	/* Set by NAPI, once: the backend broke the protocol. */
	bool broken;
	const char *broken_why;
	s64 broken_what;

	char tx_irq_name[32], rx_irq_name[32];
};

/* The broken state */

/* The backend answered what it cannot have (@why, with the offending
 * value): stop using the rings and have the work item report it, which
 * sleeps.  NAPI context, the one writer.
 */
static void netfront_break(struct netfront_info *info, const char *why, s64 what)
{
	if (info->broken)
		return;
	info->broken_why = why;
	info->broken_what = what;
	/* The work item reads why once it sees broken. */
	smp_store_release(&info->broken, true);
	queue_work(system_long_wq, &info->work);
}

/* Transmit */

static void netfront_stats_tx(struct netfront_info *info, int status,
			      unsigned int len)
{
	struct netfront_stats *s = &info->tx_stats;

	u64_stats_update_begin(&s->syncp);
	if (status == NETIF_RSP_OKAY) {
		u64_stats_inc(&s->packets);
		u64_stats_add(&s->bytes, len);
	} else if (status == NETIF_RSP_ERROR) {
		u64_stats_inc(&s->errors);
	} else {
		u64_stats_inc(&s->dropped);
	}
	u64_stats_update_end(&s->syncp);
}

/* Put @req at req_prod_pvt, the whole entry.  tx_lock held. */
static void netfront_tx_put(struct netfront_info *info, const void *req,
			    size_t size)
{
	union netif_tx_sring_entry entry = {};

	memcpy(&entry, req, size);
	memcpy(&info->tx_sring->ring[xen_front_ring_slot(&info->tx,
							 info->tx.req_prod_pvt)],
	       &entry, sizeof(entry));
	info->tx.req_prod_pvt++;
}

/* A packet we can put on the ring; else it is dropped.  tx_lock held. */
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

/* Copy @skb into the pages of the slots it takes: the first request
 * carries the packet's length and offload flags, a GSO extra info slot
 * follows it for TSO, and the others carry their own length.
 */
static netdev_tx_t netfront_start_xmit(struct sk_buff *skb,
				       struct net_device *ndev)
{
	struct netfront_info *info = netdev_priv(ndev);
	unsigned int len = skb->len, ndata, off, chunk, i;
	bool gso = skb_is_gso(skb);
	struct netif_tx_request req;
	struct netif_extra_info extra;
	struct netfront_txbuf *txb;
	u16 flags = 0, id;

	ndata = DIV_ROUND_UP(len, PAGE_SIZE);
	if (skb->ip_summed == CHECKSUM_PARTIAL)
		flags = NETTXF_csum_blank | NETTXF_data_validated;
	else if (skb->ip_summed == CHECKSUM_UNNECESSARY)
		flags = NETTXF_data_validated;
	if (gso)
		flags |= NETTXF_extra_info;

	spin_lock(&info->tx_lock);
	if (!info->tx_ok || READ_ONCE(info->broken) ||
	    !netfront_tx_fits(info, skb)) {
		u64_stats_update_begin(&info->tx_stats.syncp);
		u64_stats_inc(&info->tx_stats.dropped);
		u64_stats_update_end(&info->tx_stats.syncp);
		spin_unlock(&info->tx_lock);
		dev_kfree_skb_any(skb);
		return NETDEV_TX_OK;
	}
	if (unlikely(xen_front_ring_free(&info->tx) < ndata + gso)) {
		/* The queue stops before: completion wakes it. */
		netif_stop_queue(ndev);
		spin_unlock(&info->tx_lock);
		return NETDEV_TX_BUSY;
	}

	for (i = 0, off = 0; i < ndata; i++, off += chunk) {
		chunk = min_t(unsigned int, len - off, PAGE_SIZE);
		id = info->tx_free[--info->tx_nfree];
		txb = &info->txb[id];
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
		netfront_tx_put(info, &req, sizeof(req));

		if (i == 0 && gso) {
			memset(&extra, 0, sizeof(extra));
			extra.type = XEN_NETIF_EXTRA_TYPE_GSO;
			extra.u.gso.size = skb_shinfo(skb)->gso_size;
			extra.u.gso.type = XEN_NETIF_GSO_TYPE_TCPV4;
			netfront_tx_put(info, &extra, sizeof(extra));
			info->tx_extras++;
		}
	}
	if (xen_front_ring_free(&info->tx) < NETFRONT_TX_MAX_SLOTS)
		netif_stop_queue(ndev);
	if (xen_front_ring_push(&info->tx))
		xen_evtchn_notify(info->tx_evtchn);
	spin_unlock(&info->tx_lock);

	/* Copied: the stack has it back now. */
	dev_consume_skb_any(skb);
	return NETDEV_TX_OK;
}

/* Take the backend's transmit responses.  NAPI, tx_lock held. */
static void netfront_tx_complete(struct netfront_info *info)
{
	const struct netif_tx_response *src;
	struct netif_tx_response rsp;
	struct netfront_txbuf *txb;
	RING_IDX prod;

	if (!xen_front_ring_rsp_prod(&info->tx, &prod)) {
		netfront_break(info, "impossible tx response index", prod);
		return;
	}
	while (info->tx.rsp_cons != prod) {
		src = &info->tx_sring->ring[xen_front_ring_slot(&info->tx,
								info->tx.rsp_cons)].rsp;
		/* One copy: the backend can rewrite the entry meanwhile. */
		rsp.id = READ_ONCE(src->id);
		rsp.status = READ_ONCE(src->status);
		info->tx.rsp_cons++;

		if (rsp.status == NETIF_RSP_NULL) {
			if (!info->tx_extras) {
				netfront_break(info, "tx null response with no extra in flight, id",
					       rsp.id);
				return;
			}
			info->tx_extras--;
			continue;
		}
		if (rsp.id >= NETFRONT_RING_SIZE || !info->txb[rsp.id].inflight) {
			netfront_break(info, "tx response for no request in flight, id",
				       rsp.id);
			return;
		}
		if (rsp.status != NETIF_RSP_OKAY && rsp.status != NETIF_RSP_ERROR &&
		    rsp.status != NETIF_RSP_DROPPED) {
			netfront_break(info, "tx response with an unknown status",
				       rsp.status);
			return;
		}
		txb = &info->txb[rsp.id];
		/* Its page is ours to fill again; the grant stays. */
		if (txb->len)
			netfront_stats_tx(info, rsp.status, txb->len);
		txb->inflight = false;
		txb->len = 0;
		info->tx_free[info->tx_nfree++] = rsp.id;
	}
	if (unlikely(netif_queue_stopped(info->ndev)) && info->tx_ok &&
	    xen_front_ring_free(&info->tx) >= NETFRONT_TX_MAX_SLOTS)
		netif_wake_queue(info->ndev);
}

/* Receive */

static void netfront_stats_rx_drop(struct netfront_info *info,
				   u64_stats_t *counter)
{
	u64_stats_update_begin(&info->rx_stats.syncp);
	u64_stats_inc(counter);
	u64_stats_update_end(&info->rx_stats.syncp);
}

/* Post @n requests at req_prod_pvt, each slot's page.  NAPI or setup. */
static void netfront_rx_post(struct netfront_info *info, unsigned int n)
{
	union netif_rx_sring_entry entry = {};
	unsigned int slot;

	while (n--) {
		slot = xen_front_ring_slot(&info->rx, info->rx.req_prod_pvt);
		entry.req.id = slot;
		entry.req.gref = info->rxb[slot].ref;
		memcpy(&info->rx_sring->ring[slot], &entry, sizeof(entry));
		info->rx.req_prod_pvt++;
	}
}

static int netfront_rx_bad(struct netfront_info *info, const char *why,
			   s64 what)
{
	netfront_break(info, why, what);
	return -EPROTO;
}

/* Copy the responses of the packet at rsp_cons, up to @prod, and check
 * each: the data ones go to rx_rsp[], a GSO extra info to rx_gso.
 * Returns the slots the packet takes, 0 if the backend has not produced
 * them all yet, or -EPROTO if it broke the protocol.
 */
static int netfront_rx_gather(struct netfront_info *info, RING_IDX prod)
{
	RING_IDX idx = info->rx.rsp_cons;
	const struct netif_rx_response *src;
	struct netif_rx_response rsp;
	struct netif_extra_info extra;
	bool more = false, extras = false;
	unsigned int n = 0, slot;

	info->rx_ndata = 0;
	memset(&info->rx_gso, 0, sizeof(info->rx_gso));
	do {
		if (idx == prod) {
			/* Wait for the rest; look at these again then. */
			info->rx_seen = prod;
			return 0;
		}
		if (n == NETFRONT_RX_MAX_SLOTS)
			return netfront_rx_bad(info, "rx packet spans too many slots", n);
		slot = xen_front_ring_slot(&info->rx, idx);
		src = &info->rx_sring->ring[slot].rsp;
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
				return netfront_rx_bad(info, "rx extra info of unknown type",
						       extra.type);
			/* We asked for no other kind: ignored. */
			if (extra.type == XEN_NETIF_EXTRA_TYPE_GSO)
				info->rx_gso = extra;
			extras = extra.flags & XEN_NETIF_EXTRA_FLAG_MORE;
			continue;
		}
		/* The backend answers each request in the slot it was in. */
		if (rsp.id != slot)
			return netfront_rx_bad(info, "rx response in another request's slot, id",
					       rsp.id);
		if (rsp.flags & ~(info->rx_ndata ? NETFRONT_RXF_OTHERS :
				  NETFRONT_RXF_FIRST))
			return netfront_rx_bad(info, "rx response with unexpected flags",
					       rsp.flags);
		if (rsp.status > 0 && rsp.offset + rsp.status > PAGE_SIZE)
			return netfront_rx_bad(info, "rx data past the end of its page, at",
					       rsp.offset + rsp.status);
		extras = !info->rx_ndata && rsp.flags & NETRXF_extra_info;
		more = rsp.flags & NETRXF_more_data;
		info->rx_rsp[info->rx_ndata++] = rsp;
	} while (more || extras);
	return n;
}

/* A new skb with the packet's @len bytes copied out of the slots' pages:
 * a head, then whole pages.  NULL without memory.
 */
static struct sk_buff *netfront_rx_copy(struct netfront_info *info,
					unsigned int len)
{
	unsigned int head = min(len, NETFRONT_RX_HEAD), off, chunk, i;
	const struct netif_rx_response *rsp;
	struct sk_buff *skb;
	struct page *page;

	skb = napi_alloc_skb(&info->napi, head);
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
	for (i = 0, off = 0; i < info->rx_ndata; i++) {
		rsp = &info->rx_rsp[i];
		if (rsp->status <= 0)
			continue;
		/* Checked: inside the page, and the sizes add up to @len. */
		skb_store_bits(skb, off,
			       page_address(info->rxb[rsp->id].page) + rsp->offset,
			       rsp->status);
		off += rsp->status;
	}
	return skb;
}

/* Checksum and GSO state from the first response's flags and rx_gso. */
static int netfront_rx_offloads(struct netfront_info *info, struct sk_buff *skb)
{
	const struct netif_extra_info *gso = &info->rx_gso;
	u16 flags = info->rx_rsp[0].flags;
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
static void netfront_rx_packet(struct netfront_info *info)
{
	struct netfront_stats *s = &info->rx_stats;
	unsigned int len = 0, i;
	struct sk_buff *skb;

	for (i = 0; i < info->rx_ndata; i++) {
		if (info->rx_rsp[i].status < 0) {
			/* The backend could not deliver it. */
			netfront_stats_rx_drop(info, &s->errors);
			return;
		}
		len += info->rx_rsp[i].status;
	}
	if (len < ETH_HLEN || len > NETFRONT_RX_MAX_LEN) {
		netfront_stats_rx_drop(info, &s->length_errors);
		return;
	}
	skb = netfront_rx_copy(info, len);
	if (!skb) {
		netfront_stats_rx_drop(info, &s->dropped);
		return;
	}
	skb->protocol = eth_type_trans(skb, info->ndev);
	skb_reset_network_header(skb);
	if (netfront_rx_offloads(info, skb)) {
		kfree_skb(skb);
		netfront_stats_rx_drop(info, &s->errors);
		return;
	}
	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->packets);
	u64_stats_add(&s->bytes, len);
	u64_stats_update_end(&s->syncp);
	napi_gro_receive(&info->napi, skb);
}

/* Take up to @budget received packets, posting their slots again. */
static int netfront_rx(struct netfront_info *info, int budget)
{
	RING_IDX prod;
	int work = 0, n;

	info->rx_seen = info->rx.rsp_cons;
	while (work < budget) {
		if (!xen_front_ring_rsp_prod(&info->rx, &prod)) {
			netfront_break(info, "impossible rx response index", prod);
			return work;
		}
		if (info->rx.rsp_cons == prod)
			break;
		n = netfront_rx_gather(info, prod);
		if (n <= 0)
			break;
		netfront_rx_packet(info);
		/* Copied out: the slots take requests again. */
		info->rx.rsp_cons += n;
		info->rx_seen = info->rx.rsp_cons;
		netfront_rx_post(info, n);
		work++;
	}
	if (!info->broken && xen_front_ring_push(&info->rx))
		xen_evtchn_notify(info->rx_evtchn);
	return work;
}

/* Before waiting for the next event: ask for one on the next response
 * after those seen, then look again.  A packet not complete yet is not
 * taken until a response after it comes.
 */
static bool netfront_rx_final_check(struct netfront_info *info)
{
	WRITE_ONCE(info->rx.sring->rsp_event, info->rx_seen + 1);
	/* The backend must see rsp_event before we look at rsp_prod. */
	virt_mb();
	return READ_ONCE(info->rx.sring->rsp_prod) != info->rx_seen;
}

/* NAPI and interrupts */

static int netfront_poll(struct napi_struct *napi, int budget)
{
	struct netfront_info *info = container_of(napi, struct netfront_info, napi);
	bool more;
	int work = 0;

	if (info->up && !info->broken) {
		spin_lock(&info->tx_lock);
		netfront_tx_complete(info);
		spin_unlock(&info->tx_lock);
	}
	if (info->up && !info->broken)
		work = netfront_rx(info, budget);
	if (work == budget)
		return budget;
	if (!napi_complete_done(napi, work))
		return work;
	/* Rings we gave up on get no more events: their ports stay masked. */
	if (!info->up || info->broken)
		return work;

	spin_lock(&info->tx_lock);
	more = xen_front_ring_final_check(&info->tx);
	spin_unlock(&info->tx_lock);
	more |= netfront_rx_final_check(info);
	/* Events that came meanwhile are raised again. */
	xen_irq_lateeoi(info->rx_irq);
	if (info->tx_irq)
		xen_irq_lateeoi(info->tx_irq);
	if (more)
		napi_schedule(napi);
	return work;
}

/* Any of our event channels: NAPI does the work, then ends the event.
 * Until then the port stays masked, so a backend cannot keep us here.
 */
static irqreturn_t netfront_interrupt(int irq, void *dev_id)
{
	struct netfront_info *info = dev_id;

	if (!READ_ONCE(info->broken))
		napi_schedule(&info->napi);
	return IRQ_HANDLED;
}

/* Have NAPI look at the rings, from process context. */
static void netfront_napi_kick(struct netfront_info *info)
{
	/* The softirq runs at local_bh_enable(), not at some later interrupt. */
	local_bh_disable();
	napi_schedule(&info->napi);
	local_bh_enable();
}

/* Ring setup and teardown */

/* A zeroed page granted to the backend: it sees nothing of ours but data. */
static int netfront_buf_grant(struct netfront_info *info,
			      struct netfront_buf *buf, bool readonly)
{
	int ref;

	buf->page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!buf->page)
		return -ENOMEM;
	ref = gnttab_grant_access(info->xdev->otherend_id,
				  xen_page_to_gfn(buf->page), readonly);
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

/* Unbind the event channels and end every grant.  NAPI off. */
static void netfront_rings_free(struct netfront_info *info)
{
	unsigned int i;

	if (info->rx_irq)
		xen_evtchn_unbind(info->rx_irq, info);
	if (info->tx_irq)
		xen_evtchn_unbind(info->tx_irq, info);
	info->rx_irq = 0;
	info->tx_irq = 0;

	spin_lock_bh(&info->tx_lock);
	info->tx_sring = NULL;
	memset(&info->tx, 0, sizeof(info->tx));
	info->tx_nfree = 0;
	info->tx_extras = 0;
	spin_unlock_bh(&info->tx_lock);
	info->rx_sring = NULL;
	memset(&info->rx, 0, sizeof(info->rx));

	for (i = 0; i < NETFRONT_RING_SIZE; i++) {
		netfront_buf_end(&info->txb[i].buf);
		info->txb[i].inflight = false;
		info->txb[i].len = 0;
		netfront_buf_end(&info->rxb[i]);
	}
	netfront_buf_end(&info->tx_ring);
	netfront_buf_end(&info->rx_ring);
}

/* A fresh port for the backend, bound to our handler as @name. */
static int netfront_evtchn_setup(struct netfront_info *info,
				 evtchn_port_t *port, int *irq, const char *name)
{
	int err;

	err = xen_evtchn_alloc_unbound(info->xdev->otherend_id, port);
	if (err)
		return err;
	err = xen_evtchn_bind_port_lateeoi(*port, netfront_interrupt, 0, name,
					   info);
	if (err < 0) {
		xen_evtchn_close(*port);
		return err;
	}
	*irq = err;
	return 0;
}

/* Share the rings, their pages and event channels.  NAPI off. */
static int netfront_rings_setup(struct netfront_info *info)
{
	const char *name = dev_name(&info->xdev->dev);
	unsigned int i;
	int err;

	err = netfront_buf_grant(info, &info->tx_ring, false);
	if (!err)
		err = netfront_buf_grant(info, &info->rx_ring, false);
	for (i = 0; !err && i < NETFRONT_RING_SIZE; i++) {
		/* The backend reads what we send and writes what we receive. */
		err = netfront_buf_grant(info, &info->txb[i].buf, true);
		if (!err)
			err = netfront_buf_grant(info, &info->rxb[i], false);
	}
	if (err)
		goto err;

	spin_lock_bh(&info->tx_lock);
	info->tx_sring = page_address(info->tx_ring.page);
	xen_front_ring_init(&info->tx, &info->tx_sring->hdr, NETFRONT_RING_SIZE);
	for (i = 0; i < NETFRONT_RING_SIZE; i++)
		info->tx_free[i] = NETFRONT_RING_SIZE - 1 - i;
	info->tx_nfree = NETFRONT_RING_SIZE;
	info->tx_extras = 0;
	spin_unlock_bh(&info->tx_lock);

	info->rx_sring = page_address(info->rx_ring.page);
	xen_front_ring_init(&info->rx, &info->rx_sring->hdr, NETFRONT_RING_SIZE);
	info->rx_seen = 0;
	/* Every slot has a request from the start: the backend may fill it. */
	netfront_rx_post(info, NETFRONT_RING_SIZE);
	xen_front_ring_push(&info->rx);

	if (info->feat.split_evtchn) {
		snprintf(info->tx_irq_name, sizeof(info->tx_irq_name), "%s-tx", name);
		snprintf(info->rx_irq_name, sizeof(info->rx_irq_name), "%s-rx", name);
		err = netfront_evtchn_setup(info, &info->tx_evtchn, &info->tx_irq,
					    info->tx_irq_name);
		if (!err)
			err = netfront_evtchn_setup(info, &info->rx_evtchn,
						    &info->rx_irq,
						    info->rx_irq_name);
	} else {
		strscpy(info->rx_irq_name, name, sizeof(info->rx_irq_name));
		err = netfront_evtchn_setup(info, &info->rx_evtchn, &info->rx_irq,
					    info->rx_irq_name);
		info->tx_evtchn = info->rx_evtchn;
	}
	if (!err)
		return 0;
err:
	netfront_rings_free(info);
	return err;
}

/* Share the rings with the features @feat of this connection.  RTNL held,
 * rings down; NAPI, if the device is up, runs again once they are.
 */
static int netfront_up(struct netfront_info *info,
		       const struct netfront_features *feat)
{
	bool running = netif_running(info->ndev);
	int err;

	if (running)
		napi_disable(&info->napi);
	info->feat = *feat;
	err = netfront_rings_setup(info);
	if (!err)
		info->up = true;
	if (running) {
		napi_enable(&info->napi);
		if (info->up)
			netfront_napi_kick(info);
	}
	return err;
}

/* Stop using the rings: no carrier, no more sending, NAPI off while they
 * go.  What is in flight is lost.  RTNL held, or the device unregistered.
 */
static void netfront_down(struct netfront_info *info)
{
	bool running = netif_running(info->ndev);

	if (!info->up)
		return;
	netif_carrier_off(info->ndev);
	spin_lock_bh(&info->tx_lock);
	info->tx_ok = false;
	spin_unlock_bh(&info->tx_lock);
	if (running)
		napi_disable(&info->napi);
	netfront_rings_free(info);
	info->up = false;
	if (running)
		napi_enable(&info->napi);
}

/* Xenstore */

/* Remove @node, there or not. */
static int netfront_rm(u32 txn, const char *dir, const char *node)
{
	int err = xenstore_rm(txn, dir, node);

	return err == -ENOENT ? 0 : err;
}

/* Everything the backend needs to connect, in one transaction. */
static int netfront_publish_txn(struct netfront_info *info, u32 txn)
{
	const char *dir = info->xdev->nodename;
	int err;

	err = xenstore_printf(txn, dir, "tx-ring-ref", "%u", info->tx_ring.ref);
	if (!err)
		err = xenstore_printf(txn, dir, "rx-ring-ref", "%u",
				      info->rx_ring.ref);
	/* One queue: no queue-N directories, no num-queues left over. */
	if (!err)
		err = netfront_rm(txn, dir, "multi-queue-num-queues");
	if (!err && info->feat.split_evtchn) {
		err = xenstore_printf(txn, dir, "event-channel-tx", "%u",
				      info->tx_evtchn);
		if (!err)
			err = xenstore_printf(txn, dir, "event-channel-rx", "%u",
					      info->rx_evtchn);
		if (!err)
			err = netfront_rm(txn, dir, "event-channel");
	} else if (!err) {
		err = xenstore_printf(txn, dir, "event-channel", "%u",
				      info->rx_evtchn);
		if (!err)
			err = netfront_rm(txn, dir, "event-channel-tx");
		if (!err)
			err = netfront_rm(txn, dir, "event-channel-rx");
	}
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

static int netfront_publish(struct netfront_info *info)
{
	unsigned int tries;
	int err, end;
	u32 txn;

	for (tries = 0; tries < NETFRONT_TXN_TRIES; tries++) {
		err = xenstore_transaction_start(&txn);
		if (err)
			return err;
		err = netfront_publish_txn(info, txn);
		end = xenstore_transaction_end(txn, err != 0);
		if (!err)
			err = end;
		if (err != -EAGAIN)
			return err;
	}
	return -EAGAIN;
}

/* The optional @node under @dir; @def if it is absent or unreadable. */
static unsigned int netfront_read_opt(struct netfront_info *info,
				      const char *dir, const char *node,
				      unsigned int def)
{
	unsigned int val;
	int err;

	err = xenstore_read_uint(XS_NO_TXN, dir, node, &val);
	if (!err)
		return val;
	if (err != -ENOENT)
		dev_warn(&info->xdev->dev, "%s/%s unreadable (%d), taking %u\n",
			 dir, node, err, def);
	return def;
}

/* Give up on the vif: the reason to dmesg and xenstore, and Closing. */
static __printf(3, 4) void netfront_fatal(struct netfront_info *info, int err,
					  const char *fmt, ...)
{
	va_list args;
	char *msg;

	info->dead = true;
	netif_carrier_off(info->ndev);
	spin_lock_bh(&info->tx_lock);
	info->tx_ok = false;
	spin_unlock_bh(&info->tx_lock);

	va_start(args, fmt);
	msg = kvasprintf(GFP_KERNEL, fmt, args);
	va_end(args);
	xenbus_dev_fatal(info->xdev, err, "%s", msg ?: "(no memory for the message)");
	kfree(msg);
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

/* The backend waits for our rings: share them and say where they are. */
static void netfront_connect_rings(struct netfront_info *info)
{
	const char *be = info->xdev->otherend;
	struct netfront_features feat;
	int err;

	/* Flipping pages to us (the alternative) is not supported. */
	if (!netfront_read_opt(info, be, "feature-rx-copy", 0)) {
		netfront_fatal(info, -EOPNOTSUPP,
			       "the backend cannot copy into our pages (feature-rx-copy)");
		return;
	}
	feat.split_evtchn = netfront_read_opt(info, be, "feature-split-event-channels", 0);
	feat.sg = netfront_read_opt(info, be, "feature-sg", 0);
	feat.gso_tcpv4 = netfront_read_opt(info, be, "feature-gso-tcpv4", 0);
	feat.csum = !netfront_read_opt(info, be, "feature-no-csum-offload", 0);
	feat.ipv6_csum = netfront_read_opt(info, be, "feature-ipv6-csum-offload", 0);

	rtnl_lock();
	err = netfront_up(info, &feat);
	rtnl_unlock();
	if (err) {
		netfront_fatal(info, err, "sharing the rings");
		return;
	}
	err = netfront_publish(info);
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
	unsigned int mtu = 0;

	if (!info->mtu_done)
		mtu = netfront_read_opt(info, info->xdev->nodename, "mtu", 0);

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

	spin_lock_bh(&info->tx_lock);
	info->tx_ok = true;
	/* A queue stopped on the old rings goes again. */
	if (netif_running(ndev))
		netif_wake_queue(ndev);
	spin_unlock_bh(&info->tx_lock);
	netif_carrier_on(ndev);
	rtnl_unlock();

	dev_info(&info->xdev->dev, "%s: connected, %pM, %s event channel%s, sg %s, csum %s, tso %s\n",
		 ndev->name, ndev->dev_addr,
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
		dev_err(&info->xdev->dev, "%s %lld\n", info->broken_why,
			info->broken_what);
	else
		netfront_fatal(info, -EIO, "%s %lld", info->broken_why,
			       info->broken_what);
}

/* The backend closes (@closed: has closed): the rings go.  Once it has
 * closed we say Initialising, unless we gave up: a backend still attached
 * comes back to InitWait for a new connection; one detached goes away
 * with our node.
 */
static void netfront_backend_gone(struct netfront_info *info, bool closed)
{
	struct xenbus_device *xdev = info->xdev;

	if (info->up)
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
		 * not have seen that yet.)  Our new Connected must be news.
		 */
		if (info->up && info->tx_ok) {
			rtnl_lock();
			netfront_down(info);
			rtnl_unlock();
			xenbus_switch_state(xdev, XenbusStateInitialising);
		}
		if (!info->up)
			netfront_connect_rings(info);
		break;
	case XenbusStateConnected:
		if (info->dead)
			break;
		if (!info->up)
			netfront_fatal(info, -EPROTO, "the backend connected without our rings");
		else if (!info->tx_ok)
			netfront_carrier_up(info);
		break;
	case XenbusStateClosing:
	case XenbusStateClosed:
		netfront_backend_gone(info, backend == XenbusStateClosed);
		break;
	default:
		/* Unknown, Initialising, Reconfiguring: wait for a usable state. */
		break;
	}
}

/* Network device */

static int netfront_open(struct net_device *ndev)
{
	struct netfront_info *info = netdev_priv(ndev);

	napi_enable(&info->napi);
	/* Events that came while it was down wait, their ports masked. */
	if (info->up)
		netfront_napi_kick(info);
	netif_start_queue(ndev);
	return 0;
}

static int netfront_close(struct net_device *ndev)
{
	struct netfront_info *info = netdev_priv(ndev);

	netif_tx_disable(ndev);
	napi_disable(&info->napi);
	return 0;
}

/* Past the Ethernet MTU a frame takes several slots: feature-sg. */
static int netfront_change_mtu(struct net_device *ndev, int mtu)
{
	bool sg = ((struct netfront_info *)netdev_priv(ndev))->feat.sg;

	if (!sg && mtu > ETH_DATA_LEN)
		return -EINVAL;
	WRITE_ONCE(ndev->mtu, mtu);
	return 0;
}

/* Offloads the backend takes; none before it is connected.  RTNL held. */
static netdev_features_t netfront_fix_features(struct net_device *ndev,
					       netdev_features_t features)
{
	struct netfront_info *info = netdev_priv(ndev);

	if (!info->feat.csum)
		features &= ~NETIF_F_IP_CSUM;
	if (!info->feat.ipv6_csum)
		features &= ~NETIF_F_IPV6_CSUM;
	/* A TSO packet spans slots, and its checksum is left to the backend. */
	if (!info->feat.sg || !info->feat.gso_tcpv4 ||
	    !(features & NETIF_F_IP_CSUM))
		features &= ~NETIF_F_TSO;
	return features;
}

static void netfront_fetch_stats(struct netfront_stats *s, u64 *packets,
				 u64 *bytes, u64 *errors, u64 *dropped,
				 u64 *length_errors)
{
	unsigned int start;

	do {
		start = u64_stats_fetch_begin(&s->syncp);
		*packets = u64_stats_read(&s->packets);
		*bytes = u64_stats_read(&s->bytes);
		*errors = u64_stats_read(&s->errors);
		*dropped = u64_stats_read(&s->dropped);
		*length_errors = u64_stats_read(&s->length_errors);
	} while (u64_stats_fetch_retry(&s->syncp, start));
}

static void netfront_get_stats64(struct net_device *ndev,
				 struct rtnl_link_stats64 *stats)
{
	struct netfront_info *info = netdev_priv(ndev);
	u64 unused;

	netfront_fetch_stats(&info->rx_stats, &stats->rx_packets,
			     &stats->rx_bytes, &stats->rx_errors,
			     &stats->rx_dropped, &stats->rx_length_errors);
	/* Length errors are errors too. */
	stats->rx_errors += stats->rx_length_errors;
	netfront_fetch_stats(&info->tx_stats, &stats->tx_packets,
			     &stats->tx_bytes, &stats->tx_errors,
			     &stats->tx_dropped, &unused);
}

static const struct net_device_ops netfront_netdev_ops = {
	.ndo_open = netfront_open, .ndo_stop = netfront_close,
	.ndo_start_xmit = netfront_start_xmit,
	/* What the backend's features allow. */
	.ndo_change_mtu = netfront_change_mtu, .ndo_fix_features = netfront_fix_features,
	.ndo_get_stats64 = netfront_get_stats64,
	.ndo_set_mac_address = eth_mac_addr, .ndo_validate_addr = eth_validate_addr,
};

static const struct ethtool_ops netfront_ethtool_ops = { .get_link = ethtool_op_get_link };

/* Driver registration */

static int netfront_probe(struct xenbus_device *xdev)
{
	struct netfront_info *info;
	struct net_device *ndev;
	u8 mac[ETH_ALEN];
	int err;

	err = netfront_read_mac(xdev, mac);
	if (err) {
		xenbus_dev_fatal(xdev, err, "reading mac");
		return err;
	}
	ndev = alloc_etherdev(sizeof(*info));
	if (!ndev)
		return -ENOMEM;
	info = netdev_priv(ndev);
	info->ndev = ndev;
	info->xdev = xdev;
	spin_lock_init(&info->tx_lock);
	INIT_WORK(&info->work, netfront_workfn);
	u64_stats_init(&info->tx_stats.syncp);
	u64_stats_init(&info->rx_stats.syncp);

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
	SET_NETDEV_DEV(ndev, &xdev->dev);
	netif_napi_add(ndev, &info->napi, netfront_poll);
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
	/* The rings go first: the carrier changes while registered. */
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
