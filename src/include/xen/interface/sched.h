/* SPDX-License-Identifier: MIT */
/*
 * Xen scheduler hypercall ABI (__HYPERVISOR_sched_op), as described by
 * Xen's public header <xen/sched.h>.
 */
#ifndef _XEN_INTERFACE_SCHED_H
#define _XEN_INTERFACE_SCHED_H

#include <xen/interface/event_channel.h>

/* HYPERVISOR_sched_op(cmd, arg): the commands. */
#define SCHEDOP_yield		0	/* give up the CPU; arg: NULL */
#define SCHEDOP_block		1	/* sleep until an event; unmasks upcalls; arg: NULL */
#define SCHEDOP_shutdown	2	/* stop the whole domain; arg: sched_shutdown */
#define SCHEDOP_poll		3	/* wait for one of some ports; arg: sched_poll */
#define SCHEDOP_remote_shutdown	4	/* shut another domain down; arg: sched_remote_shutdown */
#define SCHEDOP_shutdown_code	5	/* record the reason for a later shutdown */
#define SCHEDOP_watchdog	6	/* arg: sched_watchdog */
#define SCHEDOP_pin_override	7	/* dom0: pin to a physical CPU; arg: sched_pin_override */

/*
 * Shutdown reasons, for the toolstack. With SHUTDOWN_suspend a PV guest
 * passes its start_info MFN as the third hypercall argument; the call then
 * returns 1 if the suspend was cancelled, 0 when resuming in a new domain.
 */
#define SHUTDOWN_poweroff	0	/* clean up and destroy the domain */
#define SHUTDOWN_reboot		1	/* clean up, destroy and restart it */
#define SHUTDOWN_suspend	2	/* save the domain for a later resume */
#define SHUTDOWN_crash		3	/* the guest crashed */
#define SHUTDOWN_watchdog	4	/* the domain watchdog expired */
#define SHUTDOWN_soft_reset	5	/* reset Xen state, keep memory and vCPUs */
#define SHUTDOWN_MAX		5

#ifndef __ASSEMBLY__

struct sched_shutdown {
	unsigned int reason;		/* SHUTDOWN_* */
};

DEFINE_GUEST_HANDLE_STRUCT(sched_shutdown);

/* Return when any of ports is pending, or after timeout (0: no timeout). */
struct sched_poll {
	GUEST_HANDLE(evtchn_port_t) ports;
	unsigned int nr_ports;
	uint64_t timeout;		/* absolute system time (ns) */
};

DEFINE_GUEST_HANDLE_STRUCT(sched_poll);

struct sched_remote_shutdown {
	domid_t domain_id;		/* domain to shut down */
	unsigned int reason;		/* SHUTDOWN_* */
};

DEFINE_GUEST_HANDLE_STRUCT(sched_remote_shutdown);

/*
 * id 0: create a watchdog that shuts the domain down after timeout seconds,
 * returning its id. Otherwise: timeout 0 destroys watchdog id, any other
 * timeout restarts it.
 */
struct sched_watchdog {
	uint32_t id;
	uint32_t timeout;
};

DEFINE_GUEST_HANDLE_STRUCT(sched_watchdog);

struct sched_pin_override {
	int32_t pcpu;			/* physical CPU, or negative to undo */
};

DEFINE_GUEST_HANDLE_STRUCT(sched_pin_override);

#endif /* !__ASSEMBLY__ */

#endif /* _XEN_INTERFACE_SCHED_H */
