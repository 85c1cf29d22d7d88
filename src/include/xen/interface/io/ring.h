/* SPDX-License-Identifier: MIT */
/*
 * Shared request/response rings of split drivers, as described by Xen's
 * public header <xen/io/ring.h>.
 *
 * A ring is memory the frontend grants to the backend: a 64-byte header of
 * indices, then an array of entries, each big enough for one request or one
 * response.  The frontend writes requests at req_prod; the backend reads
 * them and writes each response over a consumed request's entry at
 * rsp_prod, in the order it completes them.  Indices run freely (wrapping
 * at 2^32) and the entry of index i is i modulo the entry count, a power of
 * two.  Each side publishes in req_event / rsp_event the index at which it
 * wants to be notified, so that an event is sent only when the other end
 * is waiting for one.
 *
 * The other end can write anything into the shared page at any time: what
 * we read from it is read once and checked before use.
 */
#ifndef _XEN_INTERFACE_IO_RING_H
#define _XEN_INTERFACE_IO_RING_H

#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/log2.h>
#include <linux/string.h>
#include <linux/types.h>
#include <asm/barrier.h>

typedef unsigned int RING_IDX;

struct xen_sring_header {
	RING_IDX req_prod;	/* frontend: requests produced */
	RING_IDX req_event;	/* backend: notify me when req_prod reaches this */
	RING_IDX rsp_prod;	/* backend: responses produced */
	RING_IDX rsp_event;	/* frontend: notify me when rsp_prod reaches this */
	uint8_t pad[48];	/* a few old protocols' private bytes; zero */
};

static_assert(sizeof(struct xen_sring_header) == 64);

/*
 * Define union <name>_sring_entry (one request or one response) and
 * struct <name>_sring, the layout of the shared pages.
 */
#define XEN_DEFINE_SRING(name, req_type, rsp_type)			\
union name##_sring_entry {						\
	req_type req;							\
	rsp_type rsp;							\
};									\
									\
struct name##_sring {							\
	struct xen_sring_header hdr;					\
	union name##_sring_entry ring[];				\
}

/*
 * Entries in a ring of @bytes (a multiple of the page size): as many as
 * fit after the header, rounded down to a power of two.
 */
#define XEN_SRING_ENTRIES(bytes, entry_size)				\
	rounddown_pow_of_two(((bytes) - sizeof(struct xen_sring_header)) / \
			     (entry_size))

/*
 * Whether a side that moved its producer index from @old to @new must
 * notify the other: only if the other's event index lies in (old, new],
 * that is, it asked to hear about one of the entries just produced.
 */
static inline bool xen_ring_event_due(RING_IDX event, RING_IDX old,
				      RING_IDX new)
{
	return (RING_IDX)(new - event) < (RING_IDX)(new - old);
}

/* The frontend's own copy of where it is: the shared indices are not trusted. */
struct xen_front_ring {
	RING_IDX req_prod_pvt;	/* requests written, pushed or not */
	RING_IDX req_pushed;	/* requests the backend has been shown */
	RING_IDX rsp_cons;	/* responses consumed */
	unsigned int nr_ents;	/* a power of two */
	struct xen_sring_header *sring;
};

/* Start an empty ring of @nr_ents entries over a zeroed @sring. */
static inline void xen_front_ring_init(struct xen_front_ring *ring,
				       struct xen_sring_header *sring,
				       unsigned int nr_ents)
{
	memset(sring, 0, sizeof(*sring));
	/* Notify on the first request and on the first response. */
	sring->req_event = 1;
	sring->rsp_event = 1;
	ring->req_prod_pvt = 0;
	ring->req_pushed = 0;
	ring->rsp_cons = 0;
	ring->nr_ents = nr_ents;
	ring->sring = sring;
}

/* Entries free for new requests. */
static inline unsigned int xen_front_ring_free(const struct xen_front_ring *ring)
{
	return ring->nr_ents - (ring->req_prod_pvt - ring->rsp_cons);
}

/* Requests produced whose responses we have not consumed. */
static inline unsigned int xen_front_ring_pending(const struct xen_front_ring *ring)
{
	return ring->req_prod_pvt - ring->rsp_cons;
}

/* The array position of the entry with index @idx. */
static inline unsigned int xen_front_ring_slot(const struct xen_front_ring *ring,
					       RING_IDX idx)
{
	return idx & (ring->nr_ents - 1);
}

/*
 * Show the backend the requests written so far.  Returns true if it asked
 * to be notified of one of them: then send an event.
 */
static inline bool xen_front_ring_push(struct xen_front_ring *ring)
{
	RING_IDX old = ring->req_pushed;
	RING_IDX new = ring->req_prod_pvt;

	/* The backend must see the requests before the index covering them. */
	virt_wmb();
	WRITE_ONCE(ring->sring->req_prod, new);
	ring->req_pushed = new;
	/* It must see the new index before we look at whether it sleeps. */
	virt_mb();
	return xen_ring_event_due(READ_ONCE(ring->sring->req_event), old, new);
}

/*
 * Read rsp_prod once into @prod.  It is valid if it covers no more
 * responses than we have requests outstanding, which also keeps it within
 * the ring.  Returns false for an impossible index; else the responses up
 * to @prod may be read.
 */
static inline bool xen_front_ring_rsp_prod(const struct xen_front_ring *ring,
					   RING_IDX *prod)
{
	*prod = READ_ONCE(ring->sring->rsp_prod);
	if (*prod - ring->rsp_cons > xen_front_ring_pending(ring))
		return false;
	/* Read the responses only after the index that covers them. */
	virt_rmb();
	return true;
}

/*
 * Before waiting for the next event: ask for one on the next response,
 * then look again, since a response may have come before the backend
 * could see the request.  Returns true if there are responses to take.
 */
static inline bool xen_front_ring_final_check(struct xen_front_ring *ring)
{
	WRITE_ONCE(ring->sring->rsp_event, ring->rsp_cons + 1);
	/* The backend must see rsp_event before we look at rsp_prod. */
	virt_mb();
	return READ_ONCE(ring->sring->rsp_prod) != ring->rsp_cons;
}

#endif /* _XEN_INTERFACE_IO_RING_H */
