// SPDX-License-Identifier: GPL-2.0
/*
 * Xen event channels as Linux interrupts, 2-level ABI.
 *
 * shared_info holds two bitmaps over the 4096 ports, 64 words of 64 bits:
 * evtchn_pending and evtchn_mask.  To raise an event Xen sets the port's
 * pending bit; unless the port is masked it then sets the word's bit in
 * evtchn_pending_sel of the vCPU the port is bound to, sets that vCPU's
 * evtchn_upcall_pending and injects the callback vector.  The upcall walks
 * the selector and handles each pending, unmasked port.  The selector is
 * per vCPU but the words are not, so an upcall also sees ports bound to
 * other vCPUs: each CPU keeps a bitmap of its own ports and handles only
 * those.
 *
 * Ports a peer domain can signal are bound "lateeoi": the ack masks the
 * port besides clearing it, and it stays masked until the driver calls
 * xen_irq_lateeoi() when its work is done, so a peer that floods us cannot
 * keep a CPU in interrupt context.
 */

#define pr_fmt(fmt) "xen-evtchn: " fmt

#include <linux/atomic.h>
#include <linux/bitmap.h>
#include <linux/cpumask.h>
#include <linux/export.h>
#include <linux/init.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/irqdomain.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <asm/sync_bitops.h>
#include <asm/xen/hypercall.h>
#include <xen/events.h>
#include <xen/interface/sched.h>
#include <xen/xen-guest.h>

#define XEN_EVTCHN_NR_PORTS	EVTCHN_2L_NR_CHANNELS
#define XEN_EVTCHN_NO_CPU	UINT_MAX

/* VIRQs Xen raises on every vCPU, each through a port of its own. */
#define XEN_PERCPU_VIRQS	(BIT(VIRQ_TIMER) | BIT(VIRQ_DEBUG) |	\
				 BIT(VIRQ_XENOPROF) | BIT(VIRQ_XENPMU))

/* Chip data of an event channel irq. */
struct xen_evtchn_irq {
	unsigned int cpu;	/* whose bitmap holds the port, or NO_CPU */
	bool percpu;		/* per-vCPU VIRQ: Xen fixed the vCPU */
};

struct xen_evtchn_ports {
	DECLARE_BITMAP(bound, XEN_EVTCHN_NR_PORTS);
};

/* Ports bound to each CPU; the upcall reads its own without locking. */
static DEFINE_PER_CPU(struct xen_evtchn_ports, xen_evtchn_ports);

/* Serializes moving ports between CPUs and xen_evtchn_irq.cpu. */
static DEFINE_RAW_SPINLOCK(xen_evtchn_cpu_lock);

/* Serializes creating and disposing of port mappings. */
static DEFINE_MUTEX(xen_evtchn_mutex);

/* Ports this domain opened, so must close when done with them. */
static DECLARE_BITMAP(xen_evtchn_owned, XEN_EVTCHN_NR_PORTS);

static struct irq_domain *xen_evtchn_domain;
static atomic_long_t xen_evtchn_stray;

static void xen_evtchn_close_port(evtchn_port_t port)
{
	struct evtchn_close op = { .port = port };
	int ret;

	ret = HYPERVISOR_event_channel_op(EVTCHNOP_close, &op);
	if (ret)
		pr_warn("closing port %u failed: %d\n", port, ret);
}

static void xen_evtchn_mask_port(evtchn_port_t port)
{
	sync_set_bit(port, xen_shared_info->evtchn_mask);
}

static void xen_evtchn_unmask_port(evtchn_port_t port)
{
	struct shared_info *s = xen_shared_info;
	struct evtchn_unmask op = { .port = port };

	/*
	 * Xen does not signal an event raised on a masked port, and raises
	 * it again only when it clears the mask bit itself.
	 */
	if (!sync_test_bit(port, s->evtchn_pending)) {
		sync_clear_bit(port, s->evtchn_mask);
		/* Done, unless it came in just before the bit was cleared. */
		if (!sync_test_bit(port, s->evtchn_pending) ||
		    sync_test_and_set_bit(port, s->evtchn_mask))
			return;
	}
	if (HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &op))
		sync_clear_bit(port, s->evtchn_mask);	/* later events still flow */
}

/* Point @port at @cpu's vCPU.  Called with xen_evtchn_cpu_lock held. */
static int xen_evtchn_route(evtchn_port_t port, struct xen_evtchn_irq *xi,
			    unsigned int cpu)
{
	struct evtchn_bind_vcpu op = { .port = port, .vcpu = xen_vcpu_id(cpu) };
	struct shared_info *s = xen_shared_info;
	int ret;

	if (cpu == xi->cpu)
		return 0;
	/* Both CPUs listen while Xen switches; the irq core serializes them. */
	set_bit(port, per_cpu(xen_evtchn_ports, cpu).bound);
	ret = HYPERVISOR_event_channel_op(EVTCHNOP_bind_vcpu, &op);
	if (ret) {
		clear_bit(port, per_cpu(xen_evtchn_ports, cpu).bound);
		return ret;
	}
	if (xi->cpu != XEN_EVTCHN_NO_CPU)
		clear_bit(port, per_cpu(xen_evtchn_ports, xi->cpu).bound);
	xi->cpu = cpu;
	/* An event already signalled to the old vCPU is raised again here. */
	if (sync_test_bit(port, s->evtchn_pending) &&
	    !sync_test_and_set_bit(port, s->evtchn_mask))
		xen_evtchn_unmask_port(port);
	return 0;
}

static void xen_evtchn_ack(struct irq_data *d)
{
	sync_clear_bit(irqd_to_hwirq(d), xen_shared_info->evtchn_pending);
}

static void xen_evtchn_ack_lateeoi(struct irq_data *d)
{
	xen_evtchn_mask_port(irqd_to_hwirq(d));
	sync_clear_bit(irqd_to_hwirq(d), xen_shared_info->evtchn_pending);
}

static void xen_evtchn_mask(struct irq_data *d)
{
	xen_evtchn_mask_port(irqd_to_hwirq(d));
}

static void xen_evtchn_unmask(struct irq_data *d)
{
	xen_evtchn_unmask_port(irqd_to_hwirq(d));
}

static int xen_evtchn_set_affinity(struct irq_data *d,
				   const struct cpumask *dest, bool force)
{
	struct xen_evtchn_irq *xi = irq_data_get_irq_chip_data(d);
	unsigned int cpu = cpumask_first_and(dest, cpu_online_mask);
	int ret = -EINVAL;

	if (xi->percpu || cpu >= nr_cpu_ids)
		return -EINVAL;
	raw_spin_lock(&xen_evtchn_cpu_lock);
	if (xi->cpu != XEN_EVTCHN_NO_CPU)
		ret = xen_evtchn_route(irqd_to_hwirq(d), xi, cpu);
	raw_spin_unlock(&xen_evtchn_cpu_lock);
	if (ret)
		return ret;
	irq_data_update_effective_affinity(d, cpumask_of(cpu));
	return IRQ_SET_MASK_OK;
}

/*
 * The two chips differ only in what acknowledging a port means; masking
 * and moving a port work the same way for both.
 */
#define XEN_EVTCHN_CHIP(chip_name, ack)					\
	{								\
		.name = chip_name, .irq_ack = ack,			\
		.irq_mask = xen_evtchn_mask,				\
		.irq_unmask = xen_evtchn_unmask,			\
		.irq_disable = xen_evtchn_mask,				\
		.irq_enable = xen_evtchn_unmask,			\
		.irq_set_affinity = xen_evtchn_set_affinity,		\
		.flags = IRQCHIP_AFFINITY_PRE_STARTUP,			\
	}

static struct irq_chip xen_evtchn_chip =
	XEN_EVTCHN_CHIP("xen-evtchn", xen_evtchn_ack);
static struct irq_chip xen_evtchn_lateeoi_chip =
	XEN_EVTCHN_CHIP("xen-evtchn-lateeoi", xen_evtchn_ack_lateeoi);

static const struct irq_domain_ops xen_evtchn_domain_ops = {};

/* The irq_data of @irq if it is an event channel, else NULL. */
static struct irq_data *xen_evtchn_irq_data(unsigned int irq)
{
	struct irq_data *d = irq_get_irq_data(irq);

	if (!d || !xen_evtchn_domain || d->domain != xen_evtchn_domain)
		return NULL;
	return d;
}

/* Undo the irq side of a binding; the port stays open.  Mutex held. */
static void xen_evtchn_unmap(unsigned int irq, evtchn_port_t port,
			     struct xen_evtchn_irq *xi)
{
	unsigned long flags;

	xen_evtchn_mask_port(port);
	raw_spin_lock_irqsave(&xen_evtchn_cpu_lock, flags);
	if (xi->cpu != XEN_EVTCHN_NO_CPU)
		clear_bit(port, per_cpu(xen_evtchn_ports, xi->cpu).bound);
	xi->cpu = XEN_EVTCHN_NO_CPU;
	raw_spin_unlock_irqrestore(&xen_evtchn_cpu_lock, flags);
	/*
	 * Upcalls run with irqs off: once none still sees the port as
	 * bound, it cannot hit a missing mapping or one a new binding of
	 * the same port number gets.
	 */
	synchronize_rcu();
	irq_dispose_mapping(irq);
	kfree(xi);
}

/*
 * Map @port to a new irq on @cpu and request it.  If @opened (we just
 * opened the port) the port is ours to close, now on failure or later on
 * unbind.
 */
static int xen_evtchn_bind(evtchn_port_t port, bool opened, unsigned int cpu,
			   bool percpu, bool lateeoi, irq_handler_t handler,
			   unsigned long irqflags, const char *name,
			   void *dev_id)
{
	struct xen_evtchn_irq *xi;
	unsigned long flags;
	int irq, ret;

	mutex_lock(&xen_evtchn_mutex);
	ret = -EINVAL;
	if (!xen_evtchn_domain || !port || port >= XEN_EVTCHN_NR_PORTS)
		goto out_unlock;
	ret = -EBUSY;
	if (irq_find_mapping(xen_evtchn_domain, port))
		goto out_unlock;
	ret = -ENOMEM;
	xi = kzalloc(sizeof(*xi), GFP_KERNEL);
	if (!xi)
		goto out_unlock;
	xi->cpu = XEN_EVTCHN_NO_CPU;
	xi->percpu = percpu;
	irq = irq_create_mapping(xen_evtchn_domain, port);
	if (!irq) {
		kfree(xi);
		goto out_unlock;
	}

	irq_set_chip_data(irq, xi);
	if (percpu) {
		irq_set_chip_and_handler(irq, &xen_evtchn_chip,
					 handle_percpu_irq);
		irqflags |= IRQF_PERCPU | IRQF_NOBALANCING;
		irq_data_update_affinity(irq_get_irq_data(irq),
					 cpumask_of(cpu));
	} else {
		irq_set_chip_and_handler(irq, lateeoi ?
					 &xen_evtchn_lateeoi_chip :
					 &xen_evtchn_chip, handle_edge_irq);
		/* Rebinding is a hypercall: no need to wait for an ack. */
		irq_set_status_flags(irq, IRQ_MOVE_PCNTXT);
	}

	raw_spin_lock_irqsave(&xen_evtchn_cpu_lock, flags);
	if (percpu) {
		set_bit(port, per_cpu(xen_evtchn_ports, cpu).bound);
		xi->cpu = cpu;
		ret = 0;
	} else {
		ret = xen_evtchn_route(port, xi, cpu);
	}
	raw_spin_unlock_irqrestore(&xen_evtchn_cpu_lock, flags);
	if (ret)
		goto out_unmap;
	irq_data_update_effective_affinity(irq_get_irq_data(irq),
					   cpumask_of(cpu));

	ret = request_irq(irq, handler, irqflags, name, dev_id);
	if (ret)
		goto out_unmap;
	if (opened)
		set_bit(port, xen_evtchn_owned);
	mutex_unlock(&xen_evtchn_mutex);
	return irq;

out_unmap:
	xen_evtchn_unmap(irq, port, xi);
out_unlock:
	mutex_unlock(&xen_evtchn_mutex);
	if (opened)
		xen_evtchn_close_port(port);
	return ret;
}

/**
 * xen_evtchn_bind_virq() - Bind a virtual IRQ to an irq and request it
 * @virq: VIRQ_* number
 * @cpu: CPU whose vCPU receives it; 0 for global (non per-vCPU) VIRQs
 * @handler: interrupt handler, as for request_irq()
 * @irqflags: IRQF_* flags; per-vCPU VIRQs get IRQF_PERCPU|IRQF_NOBALANCING
 * @name: name shown in /proc/interrupts
 * @dev_id: cookie passed to @handler
 *
 * A per-vCPU VIRQ (VIRQ_TIMER, VIRQ_DEBUG, ...) stays on @cpu; a global
 * one starts on CPU 0 and moves like any other port.  Process context.
 *
 * Return: the irq on success, else a negative errno.
 */
int xen_evtchn_bind_virq(unsigned int virq, unsigned int cpu,
			 irq_handler_t handler, unsigned long irqflags,
			 const char *name, void *dev_id)
{
	bool percpu = virq < BITS_PER_LONG && (XEN_PERCPU_VIRQS & BIT(virq));
	struct evtchn_bind_virq op = { .virq = virq };
	int ret;

	if (cpu >= nr_cpu_ids || !cpu_possible(cpu) || (!percpu && cpu))
		return -EINVAL;
	/* Xen binds global VIRQs on vCPU 0 only. */
	op.vcpu = percpu ? xen_vcpu_id(cpu) : 0;
	ret = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &op);
	if (ret)
		return ret;
	return xen_evtchn_bind(op.port, true, cpu, percpu, false, handler,
			       irqflags, name, dev_id);
}
EXPORT_SYMBOL_GPL(xen_evtchn_bind_virq);

/* A new port on which any CPU can raise an event on @cpu's vCPU. */
static int xen_evtchn_open_ipi(unsigned int cpu, evtchn_port_t *port)
{
	struct evtchn_bind_ipi op = {};
	int ret;

	if (cpu >= nr_cpu_ids || !cpu_possible(cpu))
		return -EINVAL;
	op.vcpu = xen_vcpu_id(cpu);
	ret = HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &op);
	if (ret)
		return ret;
	if (!op.port || op.port >= XEN_EVTCHN_NR_PORTS) {
		xen_evtchn_close_port(op.port);
		return -EINVAL;
	}
	*port = op.port;
	return 0;
}

/**
 * xen_evtchn_bind_ipi() - Open an inter-processor event channel to a CPU
 * @cpu: the CPU that receives the events
 * @handler: interrupt handler, as for request_irq()
 * @name: name shown in /proc/interrupts
 * @dev_id: cookie passed to @handler
 * @port: where to store the port other CPUs signal
 *
 * The port stays bound to @cpu's vCPU.  Sending on it with
 * xen_evtchn_notify() from any CPU raises it there.  Process context.
 *
 * Return: the irq on success, else a negative errno.
 */
int xen_evtchn_bind_ipi(unsigned int cpu, irq_handler_t handler,
			const char *name, void *dev_id, evtchn_port_t *port)
{
	evtchn_port_t new;
	int ret;

	ret = xen_evtchn_open_ipi(cpu, &new);
	if (ret)
		return ret;
	ret = xen_evtchn_bind(new, true, cpu, true, false, handler,
			      IRQF_NO_SUSPEND, name, dev_id);
	if (ret >= 0)
		*port = new;
	return ret;
}
EXPORT_SYMBOL_GPL(xen_evtchn_bind_ipi);

/**
 * xen_evtchn_open_poll_port() - Open an IPI port that is only ever polled
 * @cpu: the CPU whose vCPU the port is bound to
 * @port: where to store the port
 *
 * The port stays masked and has no irq: @cpu waits for it with
 * xen_evtchn_poll(), other CPUs raise it with xen_evtchn_notify(), and
 * xen_evtchn_close() closes it.  Process context.
 *
 * Return: 0 on success, else a negative errno.
 */
int xen_evtchn_open_poll_port(unsigned int cpu, evtchn_port_t *port)
{
	evtchn_port_t new;
	int ret;

	ret = xen_evtchn_open_ipi(cpu, &new);
	if (ret)
		return ret;
	xen_evtchn_mask_port(new);
	sync_clear_bit(new, xen_shared_info->evtchn_pending);
	*port = new;
	return 0;
}
EXPORT_SYMBOL_GPL(xen_evtchn_open_poll_port);

/**
 * xen_evtchn_clear_pending() - Forget an event on a polled port
 * @port: a port from xen_evtchn_open_poll_port()
 *
 * A full barrier: what the caller reads next is read after the clear.
 */
void xen_evtchn_clear_pending(evtchn_port_t port)
{
	sync_clear_bit(port, xen_shared_info->evtchn_pending);
}
EXPORT_SYMBOL_GPL(xen_evtchn_clear_pending);

/**
 * xen_evtchn_poll() - Block this vCPU until @port is pending
 * @port: a port from xen_evtchn_open_poll_port(), bound to this vCPU
 *
 * Returns at once if the port is pending already, and may return early
 * (Xen wakes a polling vCPU for its other events too): callers check
 * their condition again.
 */
void xen_evtchn_poll(evtchn_port_t port)
{
	struct sched_poll poll = { .nr_ports = 1 };

	set_xen_guest_handle(poll.ports, &port);
	HYPERVISOR_sched_op(SCHEDOP_poll, &poll);
}
EXPORT_SYMBOL_GPL(xen_evtchn_poll);

/**
 * xen_evtchn_bind_port_lateeoi() - Bind an existing local port, lateeoi
 * @port: a port the toolstack gave us, or one from xen_evtchn_alloc_unbound()
 * @handler: interrupt handler, as for request_irq()
 * @irqflags: IRQF_* flags
 * @name: name shown in /proc/interrupts
 * @dev_id: cookie passed to @handler
 *
 * The port is delivered to CPU 0 until its affinity changes, and stays
 * masked after each event until xen_irq_lateeoi().  On failure the port
 * is left open.  Process context.
 *
 * Return: the irq on success, else a negative errno.
 */
int xen_evtchn_bind_port_lateeoi(evtchn_port_t port, irq_handler_t handler,
				 unsigned long irqflags, const char *name,
				 void *dev_id)
{
	return xen_evtchn_bind(port, false, 0, false, true, handler, irqflags,
			       name, dev_id);
}
EXPORT_SYMBOL_GPL(xen_evtchn_bind_port_lateeoi);

/**
 * xen_evtchn_bind_interdomain_lateeoi() - Connect to a remote port, lateeoi
 * @remote_dom: the peer domain
 * @remote_port: its unbound port, allocated for us
 * @handler: interrupt handler, as for request_irq()
 * @irqflags: IRQF_* flags
 * @name: name shown in /proc/interrupts
 * @dev_id: cookie passed to @handler
 *
 * As xen_evtchn_bind_port_lateeoi(), on a new local port that is closed
 * again on failure or by xen_evtchn_unbind().  Process context.
 *
 * Return: the irq on success, else a negative errno.
 */
int xen_evtchn_bind_interdomain_lateeoi(domid_t remote_dom,
					evtchn_port_t remote_port,
					irq_handler_t handler,
					unsigned long irqflags,
					const char *name, void *dev_id)
{
	struct evtchn_bind_interdomain op = {
		.remote_dom = remote_dom,
		.remote_port = remote_port,
	};
	int ret;

	ret = HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &op);
	if (ret)
		return ret;
	return xen_evtchn_bind(op.local_port, true, 0, false, true, handler,
			       irqflags, name, dev_id);
}
EXPORT_SYMBOL_GPL(xen_evtchn_bind_interdomain_lateeoi);

/**
 * xen_evtchn_alloc_unbound() - Allocate a port a remote domain may bind
 * @remote_dom: the domain allowed to connect
 * @port: where to store the new port
 *
 * The port is ours: xen_evtchn_close() it if it is never bound, else
 * xen_evtchn_unbind() closes it.
 *
 * Return: 0 on success, else a negative errno.
 */
int xen_evtchn_alloc_unbound(domid_t remote_dom, evtchn_port_t *port)
{
	struct evtchn_alloc_unbound op = {
		.dom = DOMID_SELF,
		.remote_dom = remote_dom,
	};
	int ret;

	ret = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &op);
	if (ret)
		return ret;
	if (!op.port || op.port >= XEN_EVTCHN_NR_PORTS) {
		xen_evtchn_close_port(op.port);
		return -EINVAL;
	}
	set_bit(op.port, xen_evtchn_owned);
	*port = op.port;
	return 0;
}
EXPORT_SYMBOL_GPL(xen_evtchn_alloc_unbound);

/**
 * xen_evtchn_close() - Close a port that is not bound to an irq
 * @port: the port, typically from xen_evtchn_alloc_unbound()
 *
 * A bound port is left alone (with a warning): use xen_evtchn_unbind().
 */
void xen_evtchn_close(evtchn_port_t port)
{
	mutex_lock(&xen_evtchn_mutex);
	if (port < XEN_EVTCHN_NR_PORTS) {
		if (WARN(xen_evtchn_domain &&
			 irq_find_mapping(xen_evtchn_domain, port),
			 "xen-evtchn: closing bound port %u\n", port))
			goto out;
		clear_bit(port, xen_evtchn_owned);
	}
	xen_evtchn_close_port(port);
out:
	mutex_unlock(&xen_evtchn_mutex);
}
EXPORT_SYMBOL_GPL(xen_evtchn_close);

/**
 * xen_evtchn_unbind() - Free an event channel irq
 * @irq: irq returned by one of the bind calls
 * @dev_id: the cookie given when binding
 *
 * Frees the irq and closes the port, unless the toolstack opened it for
 * us (the xenstore and console ports stay open).  Process context.
 */
void xen_evtchn_unbind(int irq, void *dev_id)
{
	struct irq_data *d = xen_evtchn_irq_data(irq);
	struct xen_evtchn_irq *xi;
	evtchn_port_t port;

	if (WARN_ON(!d))
		return;
	port = irqd_to_hwirq(d);
	xi = irq_data_get_irq_chip_data(d);
	free_irq(irq, dev_id);

	mutex_lock(&xen_evtchn_mutex);
	xen_evtchn_unmap(irq, port, xi);
	if (test_and_clear_bit(port, xen_evtchn_owned))
		xen_evtchn_close_port(port);
	mutex_unlock(&xen_evtchn_mutex);
}
EXPORT_SYMBOL_GPL(xen_evtchn_unbind);

/**
 * xen_evtchn_notify() - Signal the other end of a port
 * @port: a local port, bound or not
 *
 * Any context.
 */
void xen_evtchn_notify(evtchn_port_t port)
{
	struct evtchn_send op = { .port = port };
	int ret;

	ret = HYPERVISOR_event_channel_op(EVTCHNOP_send, &op);
	if (ret)
		pr_warn_ratelimited("notify on port %u failed: %d\n", port, ret);
}
EXPORT_SYMBOL_GPL(xen_evtchn_notify);

/**
 * xen_irq_lateeoi() - End a lateeoi event: let the port interrupt again
 * @irq: irq returned by a lateeoi bind call
 *
 * Call once the work the event asked for is done, from any context.  An
 * event that came in meanwhile is raised again.  Does nothing while the
 * irq is disabled or being freed.
 */
void xen_irq_lateeoi(unsigned int irq)
{
	struct irq_data *d = xen_evtchn_irq_data(irq);

	if (WARN_ON_ONCE(!d))
		return;
	if (!irqd_irq_disabled(d))
		xen_evtchn_unmask_port(irqd_to_hwirq(d));
}
EXPORT_SYMBOL_GPL(xen_irq_lateeoi);

static void xen_evtchn_handle_port(unsigned int port)
{
	if (likely(!generic_handle_domain_irq(xen_evtchn_domain, port)))
		return;
	/* Ours but not mapped: silence it rather than take it again. */
	xen_evtchn_mask_port(port);
	pr_warn_ratelimited("masked port %u with no irq (%ld so far)\n", port,
			    atomic_long_inc_return(&xen_evtchn_stray));
}

/*
 * Called by the callback vector handler, irqs off, inside irq_enter() and
 * with the irq regs set, on the CPU the upcall was injected into.
 */
void xen_evtchn_handle_upcall(void)
{
	struct vcpu_info *vi = this_cpu_read(xen_vcpu_info);
	unsigned long *bound = this_cpu_ptr(&xen_evtchn_ports)->bound;
	struct shared_info *s = xen_shared_info;
	unsigned long sel, bits;
	unsigned int word;

	if (WARN_ON_ONCE(!vi))
		return;
	do {
		WRITE_ONCE(vi->evtchn_upcall_pending, 0);
		/* A full barrier: later events set the flag again. */
		sel = xchg(&vi->evtchn_pending_sel, 0UL);
		while (sel) {
			word = __ffs(sel);
			sel &= sel - 1;
			bits = READ_ONCE(s->evtchn_pending[word]) &
			       ~READ_ONCE(s->evtchn_mask[word]) &
			       READ_ONCE(bound[word]);
			while (bits) {
				xen_evtchn_handle_port(word * BITS_PER_LONG +
						       __ffs(bits));
				bits &= bits - 1;
			}
		}
	} while (READ_ONCE(vi->evtchn_upcall_pending));
}

/* Called once at init_IRQ() time, before any binding. */
int __init xen_evtchn_init(void)
{
	struct fwnode_handle *fwnode;
	unsigned int i;

	BUILD_BUG_ON(sizeof(xen_ulong_t) != sizeof(unsigned long));
	BUILD_BUG_ON(sizeof_field(struct shared_info, evtchn_pending) *
		     BITS_PER_BYTE != XEN_EVTCHN_NR_PORTS);

	if (!xen_shared_info)
		return -ENODEV;
	/* Ports the toolstack bound stay quiet until someone binds them. */
	for (i = 0; i < ARRAY_SIZE(xen_shared_info->evtchn_mask); i++)
		WRITE_ONCE(xen_shared_info->evtchn_mask[i], ~0UL);

	fwnode = irq_domain_alloc_named_fwnode("xen-evtchn");
	if (!fwnode)
		return -ENOMEM;
	xen_evtchn_domain = irq_domain_create_linear(fwnode, XEN_EVTCHN_NR_PORTS,
						     &xen_evtchn_domain_ops,
						     NULL);
	if (!xen_evtchn_domain) {
		irq_domain_free_fwnode(fwnode);
		return -ENOMEM;
	}
	return 0;
}
