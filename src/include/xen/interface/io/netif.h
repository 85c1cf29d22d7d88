/* SPDX-License-Identifier: MIT */
/*
 * The virtual network interface rings ("vif"), as described by Xen's
 * public header <xen/io/netif.h>.
 *
 * A vif has two rings.  On the transmit ring the frontend puts a packet
 * as one struct netif_tx_request per slot of data (the first one carries
 * the packet's total size, NETTXF_more_data chains the others), possibly
 * followed by struct netif_extra_info slots (NETTXF_extra_info on the
 * first); the backend answers every slot, an extra one with
 * NETIF_RSP_NULL.  On the receive ring the frontend posts granted pages
 * (struct netif_rx_request) and the backend answers each slot in the
 * slot of its request with struct netif_rx_response: the data's offset
 * in the page and its size, or a negative NETIF_RSP_*.  A packet spans
 * slots the same way, extra info slots overlaying responses.
 *
 * Layouts are those of the x86_64 ABI, checked below.
 */
#ifndef _XEN_INTERFACE_IO_NETIF_H
#define _XEN_INTERFACE_IO_NETIF_H

#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <linux/types.h>
#include <xen/interface/grant_table.h>
#include <xen/interface/io/ring.h>

/* Data slots of one packet every backend takes. */
#define XEN_NETIF_NR_SLOTS_MIN		18

/* The first tx request's size field holds the whole packet. */
#define XEN_NETIF_MAX_TX_SIZE		0xffff

/* struct netif_tx_request flags. */
#define NETTXF_csum_blank		0x1	/* checksum field to fill */
#define NETTXF_data_validated		0x2	/* checksum known good */
#define NETTXF_more_data		0x4	/* the next request goes on */
#define NETTXF_extra_info		0x8	/* extra info slots follow */

struct netif_tx_request {
	grant_ref_t gref;	/* the page holding this slot's data */
	uint16_t offset;	/* of the data in the page */
	uint16_t flags;		/* NETTXF_* */
	uint16_t id;		/* the frontend's, echoed in the response */
	uint16_t size;		/* first slot: the packet's; else this slot's */
};

/* struct netif_extra_info types. */
#define XEN_NETIF_EXTRA_TYPE_NONE	0	/* never valid */
#define XEN_NETIF_EXTRA_TYPE_GSO	1	/* u.gso */
#define XEN_NETIF_EXTRA_TYPE_MCAST_ADD	2	/* u.mcast */
#define XEN_NETIF_EXTRA_TYPE_MCAST_DEL	3	/* u.mcast */
#define XEN_NETIF_EXTRA_TYPE_HASH	4	/* u.hash */
#define XEN_NETIF_EXTRA_TYPE_MAX	5

/* struct netif_extra_info flags: another extra info slot follows. */
#define XEN_NETIF_EXTRA_FLAG_MORE	0x1

/* u.gso.type */
#define XEN_NETIF_GSO_TYPE_NONE		0
#define XEN_NETIF_GSO_TYPE_TCPV4	1
#define XEN_NETIF_GSO_TYPE_TCPV6	2

/* Fits a tx request's slot and an rx response's. */
struct netif_extra_info {
	uint8_t type;		/* XEN_NETIF_EXTRA_TYPE_* */
	uint8_t flags;		/* XEN_NETIF_EXTRA_FLAG_* */
	union {
		struct {
			uint16_t size;		/* payload of each segment (MSS) */
			uint8_t type;		/* XEN_NETIF_GSO_TYPE_* */
			uint8_t pad;
			uint16_t features;	/* none defined */
		} gso;
		struct {
			uint8_t addr[6];
		} mcast;
		struct {
			uint8_t type;
			uint8_t algorithm;
			uint8_t value[4];
		} hash;
		uint16_t pad[3];
	} u;
};

struct netif_tx_response {
	uint16_t id;		/* the request's */
	int16_t status;		/* NETIF_RSP_* */
};

struct netif_rx_request {
	uint16_t id;		/* the frontend's, echoed in the response */
	uint16_t pad;
	grant_ref_t gref;	/* the page to receive into */
};

/* struct netif_rx_response flags. */
#define NETRXF_data_validated		0x1	/* checksum known good */
#define NETRXF_csum_blank		0x2	/* checksum field not filled */
#define NETRXF_more_data		0x4	/* the next response goes on */
#define NETRXF_extra_info		0x8	/* extra info slots follow */
#define NETRXF_gso_prefix		0x10	/* obsolete GSO prefix slot */

struct netif_rx_response {
	uint16_t id;		/* the request's, which was in this slot */
	uint16_t offset;	/* of the data in the page */
	uint16_t flags;		/* NETRXF_* */
	int16_t status;		/* > 0: bytes of data; < 0: NETIF_RSP_* */
};

#define NETIF_RSP_DROPPED	-2
#define NETIF_RSP_ERROR		-1
#define NETIF_RSP_OKAY		0
/* The response of an extra info slot. */
#define NETIF_RSP_NULL		1

XEN_DEFINE_SRING(netif_tx, struct netif_tx_request, struct netif_tx_response);
XEN_DEFINE_SRING(netif_rx, struct netif_rx_request, struct netif_rx_response);

#ifdef CONFIG_X86_64
static_assert(sizeof(struct netif_tx_request) == 12);
static_assert(offsetof(struct netif_tx_request, id) == 8);
static_assert(sizeof(struct netif_extra_info) == 8);
static_assert(offsetof(struct netif_extra_info, u.gso.features) == 6);
static_assert(sizeof(struct netif_tx_response) == 4);
static_assert(sizeof(struct netif_rx_request) == 8);
static_assert(sizeof(struct netif_rx_response) == 8);
static_assert(offsetof(struct netif_rx_response, status) == 6);
static_assert(sizeof(union netif_tx_sring_entry) == 12);
static_assert(sizeof(union netif_rx_sring_entry) == 8);
static_assert(offsetof(struct netif_tx_sring, ring) == 64);
static_assert(offsetof(struct netif_rx_sring, ring) == 64);
static_assert(XEN_SRING_ENTRIES(4096, sizeof(union netif_tx_sring_entry)) == 256);
static_assert(XEN_SRING_ENTRIES(4096, sizeof(union netif_rx_sring_entry)) == 256);
#endif

#endif /* _XEN_INTERFACE_IO_NETIF_H */
