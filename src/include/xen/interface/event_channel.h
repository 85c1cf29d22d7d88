/* SPDX-License-Identifier: MIT */
/*
 * Xen event channel ABI (__HYPERVISOR_event_channel_op), as described by
 * Xen's public header <xen/event_channel.h>.
 */
#ifndef _XEN_INTERFACE_EVENT_CHANNEL_H
#define _XEN_INTERFACE_EVENT_CHANNEL_H

#include <linux/bits.h>
#include <xen/interface/xen.h>

/* HYPERVISOR_event_channel_op(cmd, arg): the commands, arg is struct evtchn_<cmd>. */
#define EVTCHNOP_bind_interdomain	0
#define EVTCHNOP_bind_virq		1
#define EVTCHNOP_bind_pirq		2
#define EVTCHNOP_close			3
#define EVTCHNOP_send			4
#define EVTCHNOP_status			5
#define EVTCHNOP_alloc_unbound		6
#define EVTCHNOP_bind_ipi		7
#define EVTCHNOP_bind_vcpu		8
#define EVTCHNOP_unmask			9
#define EVTCHNOP_reset			10
#define EVTCHNOP_init_control		11
#define EVTCHNOP_expand_array		12
#define EVTCHNOP_set_priority		13

/* evtchn_bind_pirq.flags */
#define BIND_PIRQ__WILL_SHARE		1	/* the IRQ may be shared with others */

/* evtchn_status.status */
#define EVTCHNSTAT_closed		0	/* not in use */
#define EVTCHNSTAT_unbound		1	/* waiting for an interdomain peer */
#define EVTCHNSTAT_interdomain		2	/* connected to a remote domain */
#define EVTCHNSTAT_pirq			3	/* bound to a physical IRQ */
#define EVTCHNSTAT_virq			4	/* bound to a virtual IRQ */
#define EVTCHNSTAT_ipi			5	/* bound to a virtual IPI */

/* Number of ports of the 2-level ABI: bits in shared_info.evtchn_pending. */
#define EVTCHN_2L_NR_CHANNELS	(sizeof(xen_ulong_t) * sizeof(xen_ulong_t) * 64)

/* FIFO ABI: priorities run from 0 (highest) to 15 (lowest), one queue each. */
#define EVTCHN_FIFO_PRIORITY_MAX	0
#define EVTCHN_FIFO_PRIORITY_DEFAULT	7
#define EVTCHN_FIFO_PRIORITY_MIN	15
#define EVTCHN_FIFO_MAX_QUEUES		(EVTCHN_FIFO_PRIORITY_MIN + 1)

/* FIFO ABI: bit numbers in an event word; the low bits link to the next port. */
#define EVTCHN_FIFO_PENDING		31
#define EVTCHN_FIFO_MASKED		30
#define EVTCHN_FIFO_LINKED		29
#define EVTCHN_FIFO_BUSY		28

#define EVTCHN_FIFO_LINK_BITS		17
#define EVTCHN_FIFO_LINK_MASK		((1 << EVTCHN_FIFO_LINK_BITS) - 1)
#define EVTCHN_FIFO_NR_CHANNELS		BIT(EVTCHN_FIFO_LINK_BITS)

#ifndef __ASSEMBLY__

typedef uint32_t evtchn_port_t;
DEFINE_GUEST_HANDLE(evtchn_port_t);

/* Allocate a port in dom that remote_dom may later bind to. */
struct evtchn_alloc_unbound {
	domid_t dom;			/* IN (DOMID_SELF unless privileged) */
	domid_t remote_dom;		/* IN */
	evtchn_port_t port;		/* OUT */
};

/* Connect a new local port to an unbound port of remote_dom. */
struct evtchn_bind_interdomain {
	domid_t remote_dom;		/* IN */
	evtchn_port_t remote_port;	/* IN */
	evtchn_port_t local_port;	/* OUT */
};

/* Bind a VIRQ_* to a new port, delivered to vcpu. */
struct evtchn_bind_virq {
	uint32_t virq;			/* IN: VIRQ_* */
	uint32_t vcpu;			/* IN */
	evtchn_port_t port;		/* OUT */
};

/* Bind a physical IRQ to a new port. */
struct evtchn_bind_pirq {
	uint32_t pirq;			/* IN */
	uint32_t flags;			/* IN: BIND_PIRQ__* */
	evtchn_port_t port;		/* OUT */
};

/* Allocate a port for IPIs to vcpu. */
struct evtchn_bind_ipi {
	uint32_t vcpu;			/* IN */
	evtchn_port_t port;		/* OUT */
};

/* Close a port; an interdomain peer goes back to unbound. */
struct evtchn_close {
	evtchn_port_t port;		/* IN */
};

/* Notify the other end of a port. */
struct evtchn_send {
	evtchn_port_t port;		/* IN */
};

/* Query the state of a port. */
struct evtchn_status {
	domid_t dom;			/* IN */
	evtchn_port_t port;		/* IN */
	uint32_t status;		/* OUT: EVTCHNSTAT_* */
	uint32_t vcpu;			/* OUT: vCPU notified by this port */
	union {
		struct {
			domid_t dom;
		} unbound;		/* EVTCHNSTAT_unbound */
		struct {
			domid_t dom;
			evtchn_port_t port;
		} interdomain;		/* EVTCHNSTAT_interdomain */
		uint32_t pirq;		/* EVTCHNSTAT_pirq */
		uint32_t virq;		/* EVTCHNSTAT_virq */
	} u;
};

/* Change the vCPU notified by a port (not for IPI or per-vCPU VIRQ ports). */
struct evtchn_bind_vcpu {
	evtchn_port_t port;		/* IN */
	uint32_t vcpu;			/* IN */
};

/* Unmask a port, re-raising the upcall if it is pending. */
struct evtchn_unmask {
	evtchn_port_t port;		/* IN */
};

/* Close all ports of dom; with DOMID_SELF also return to the 2-level ABI. */
struct evtchn_reset {
	domid_t dom;			/* IN */
};

/* Switch to the FIFO ABI, registering a vCPU's control block. */
struct evtchn_init_control {
	uint64_t control_gfn;		/* IN: frame holding the control block */
	uint32_t offset;		/* IN: its offset within the frame */
	uint32_t vcpu;			/* IN */
	uint8_t link_bits;		/* OUT: usable bits in an event word link */
	uint8_t _pad[7];
};

/* FIFO ABI: add one page of event words to the event array. */
struct evtchn_expand_array {
	uint64_t array_gfn;		/* IN */
};

/* FIFO ABI: set the priority (queue) of a port. */
struct evtchn_set_priority {
	evtchn_port_t port;		/* IN */
	uint32_t priority;		/* IN: EVTCHN_FIFO_PRIORITY_* range */
};

/* Argument of the old __HYPERVISOR_event_channel_op_compat hypercall. */
struct evtchn_op {
	uint32_t cmd;			/* EVTCHNOP_* */
	union {
		struct evtchn_alloc_unbound alloc_unbound;
		struct evtchn_bind_interdomain bind_interdomain;
		struct evtchn_bind_virq bind_virq;
		struct evtchn_bind_pirq bind_pirq;
		struct evtchn_bind_ipi bind_ipi;
		struct evtchn_close close;
		struct evtchn_send send;
		struct evtchn_status status;
		struct evtchn_bind_vcpu bind_vcpu;
		struct evtchn_unmask unmask;
	} u;
};

DEFINE_GUEST_HANDLE_STRUCT(evtchn_op);

/* FIFO ABI: one word per port in the event array. */
typedef uint32_t event_word_t;

/* FIFO ABI: per-vCPU control block. */
struct evtchn_fifo_control_block {
	uint32_t ready;				/* bit N: queue N is non-empty */
	uint32_t _rsvd;
	uint32_t head[EVTCHN_FIFO_MAX_QUEUES];	/* first port of each queue */
};

#endif /* !__ASSEMBLY__ */

#endif /* _XEN_INTERFACE_EVENT_CHANNEL_H */
