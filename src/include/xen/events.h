/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Event channels as Linux interrupts.
 *
 * Each bound port gets an irq in the "xen-evtchn" irq domain (hwirq =
 * port).  Channels a peer domain can signal are bound "lateeoi": after
 * the handler runs the port stays masked until the driver calls
 * xen_irq_lateeoi(), so a peer that floods us cannot keep a CPU in
 * interrupt context.  Drivers bind with the calls below and release with
 * xen_evtchn_unbind(); they never see the irq domain itself.
 */
#ifndef _XEN_EVENTS_H
#define _XEN_EVENTS_H

#include <linux/interrupt.h>
#include <xen/interface/event_channel.h>

/*
 * A virtual IRQ on @cpu: per-vCPU ones (VIRQ_TIMER, VIRQ_DEBUG, ...) stay
 * there; global ones take @cpu 0 and can move like any other port.
 */
int xen_evtchn_bind_virq(unsigned int virq, unsigned int cpu,
			 irq_handler_t handler, unsigned long irqflags,
			 const char *name, void *dev_id);

/* An inter-processor event channel that raises @handler on @cpu. */
int xen_evtchn_bind_ipi(unsigned int cpu, irq_handler_t handler,
			const char *name, void *dev_id, evtchn_port_t *port);

/*
 * A masked IPI port without an irq, bound to @cpu, which waits for it in
 * xen_evtchn_poll() after xen_evtchn_clear_pending().
 */
int xen_evtchn_open_poll_port(unsigned int cpu, evtchn_port_t *port);
void xen_evtchn_clear_pending(evtchn_port_t port);
void xen_evtchn_poll(evtchn_port_t port);

/*
 * A local port that already exists (the xenstore and console ports Xen's
 * toolstack set up, or one from xen_evtchn_alloc_unbound()), lateeoi.
 */
int xen_evtchn_bind_port_lateeoi(evtchn_port_t port, irq_handler_t handler,
				 unsigned long irqflags, const char *name,
				 void *dev_id);

/* Connect to @remote_port of domain @remote_dom, lateeoi. */
int xen_evtchn_bind_interdomain_lateeoi(domid_t remote_dom,
					evtchn_port_t remote_port,
					irq_handler_t handler,
					unsigned long irqflags,
					const char *name, void *dev_id);

/* A fresh port that domain @remote_dom may connect to. */
int xen_evtchn_alloc_unbound(domid_t remote_dom, evtchn_port_t *port);

/* Close a port we allocated but never bound. */
void xen_evtchn_close(evtchn_port_t port);

/* free_irq() and close the port (ports Xen's toolstack gave us stay open). */
void xen_evtchn_unbind(int irq, void *dev_id);

/* Signal the other end of @port. */
void xen_evtchn_notify(evtchn_port_t port);

/* A lateeoi handler's work is done: let the port raise interrupts again. */
void xen_irq_lateeoi(unsigned int irq);

/* Core hooks: set up once, then called on each upcall (irqs off). */
int __init xen_evtchn_init(void);
void xen_evtchn_handle_upcall(void);

#endif /* _XEN_EVENTS_H */
