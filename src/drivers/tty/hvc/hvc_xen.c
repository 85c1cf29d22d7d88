// SPDX-License-Identifier: GPL-2.0
/*
 * The Xen primary console as hvc0, and the earlyprintk=xen boot console.
 *
 * Xen's toolstack gives each domain one console: a page with two byte rings
 * (struct xencons_interface) and an event channel to the backend in dom0,
 * xenconsoled or qemu.  HVM and PVH guests find both in HVM parameters, PV
 * guests in their start_info.
 *
 * The console works from console_initcall: output is copied into the ring
 * and the backend notified, no interrupt needed.  At device_initcall the tty
 * is registered and the event channel bound, so input and "the backend
 * drained the ring" arrive as interrupts.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/console.h>
#include <linux/delay.h>
#include <linux/err.h>
#include <linux/init.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/pfn.h>
#include <linux/printk.h>
#include <linux/processor.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <asm/barrier.h>
#include <asm/xen/hypercall.h>
#include <xen/events.h>
#include <xen/hvc-console.h>
#include <xen/interface/hvm/params.h>
#include <xen/interface/io/console.h>
#include <xen/interface/sched.h>
#include <xen/xen-guest.h>
#include <xen/xen.h>

#include "hvc_console.h"

#define XENCONS_VTERMNO		0

/*
 * With the out ring full, console output waits for the backend in steps of
 * XENCONS_STALL_STEP_US.  After XENCONS_STALL_STEPS steps (about a second)
 * without progress the backend counts as stalled and output is dropped,
 * without waiting, until it consumes again: a dead backend must not hang
 * printk.
 */
#define XENCONS_STALL_STEP_US	100
#define XENCONS_STALL_STEPS	10000

struct xencons {
	struct xencons_interface *intf;	/* NULL: no console */
	evtchn_port_t evtchn;
	spinlock_t lock;	/* one producer for out, one consumer for in */
	bool broken;		/* the backend corrupted an index: stop */
	bool stalled;		/* the backend stopped draining out */
	XENCONS_RING_IDX stall_cons;	/* out_cons when it last moved */
	unsigned int stall_steps;	/* waits since then */
};

static struct xencons xencons = {
	.lock = __SPIN_LOCK_UNLOCKED(xencons.lock),
};

/*
 * A crash may have stopped a CPU that held the lock (maybe this one): during
 * an oops, print without it rather than deadlock.
 */
static bool xencons_lock(struct xencons *cons, unsigned long *flags)
	__acquires(&cons->lock)
{
	if (!oops_in_progress) {
		spin_lock_irqsave(&cons->lock, *flags);
		return true;
	}
	if (spin_trylock_irqsave(&cons->lock, *flags))
		return true;
	__acquire(&cons->lock);
	return false;
}

static void xencons_unlock(struct xencons *cons, unsigned long flags,
			   bool locked)
	__releases(&cons->lock)
{
	if (locked)
		spin_unlock_irqrestore(&cons->lock, flags);
	else
		__release(&cons->lock);
}

/*
 * Read one ring's indices, with the lock held.  They are shared with the
 * backend: a producer never gets more than the ring size ahead of its
 * consumer.  Anything else means the ring is unusable from now on.
 */
static bool xencons_read_indices(struct xencons *cons,
				 const XENCONS_RING_IDX *cons_idx,
				 const XENCONS_RING_IDX *prod_idx, size_t size,
				 XENCONS_RING_IDX *c, XENCONS_RING_IDX *prod)
{
	if (cons->broken)
		return false;
	*c = READ_ONCE(*cons_idx);
	*prod = READ_ONCE(*prod_idx);
	if (*prod - *c > size)
		cons->broken = true;
	return !cons->broken;
}

/* Without the lock: printk may come back through this console. */
static void xencons_report_broken(void)
{
	pr_err_once("backend corrupted the console ring indices; console disabled\n");
}

static ssize_t xencons_put_chars(u32 vtermno, const u8 *buf, size_t count)
{
	struct xencons *cons = &xencons;
	struct xencons_interface *intf = cons->intf;
	XENCONS_RING_IDX out_cons, prod;
	unsigned long flags;
	bool locked, valid = true;
	ssize_t ret;
	size_t sent = 0;

	locked = xencons_lock(cons, &flags);
	valid = xencons_read_indices(cons, &intf->out_cons, &intf->out_prod,
				     sizeof(intf->out), &out_cons, &prod);
	if (!valid) {
		ret = -EIO;
		goto out;
	}

	while (sent < count && prod - out_cons < sizeof(intf->out))
		intf->out[XENCONS_RING_OFFSET(intf->out, prod++)] = buf[sent++];

	if (sent) {
		/* The backend must see the bytes before the index covering them. */
		virt_wmb();
		WRITE_ONCE(intf->out_prod, prod);
		ret = sent;
	} else if (cons->stalled && out_cons == cons->stall_cons) {
		ret = -EIO;	/* the hvc core drops the output */
	} else {
		ret = -EAGAIN;	/* full: the hvc core retries, or flushes */
	}
out:
	xencons_unlock(cons, flags, locked);
	if (ret > 0)
		xen_evtchn_notify(cons->evtchn);
	if (!valid)
		xencons_report_broken();
	return ret;
}

/*
 * The hvc core calls this after each console message and whenever the out
 * ring was full.  While it is full, give the backend a moment to drain it
 * (the console path calls again until there is room), but stop waiting
 * once the backend has made no progress for XENCONS_STALL_STEPS steps.
 */
static int xencons_flush(u32 vtermno, bool wait)
{
	struct xencons *cons = &xencons;
	struct xencons_interface *intf = cons->intf;
	XENCONS_RING_IDX out_cons, prod;
	unsigned long flags;
	bool locked, valid, full;

	locked = xencons_lock(cons, &flags);
	valid = xencons_read_indices(cons, &intf->out_cons, &intf->out_prod,
				     sizeof(intf->out), &out_cons, &prod);
	full = valid && prod - out_cons >= sizeof(intf->out);
	if (full) {
		if (out_cons != cons->stall_cons) {
			cons->stall_cons = out_cons;
			cons->stall_steps = 0;
			cons->stalled = false;
		}
		if (cons->stall_steps < XENCONS_STALL_STEPS)
			cons->stall_steps++;
		else
			cons->stalled = true;
		full = !cons->stalled;
	}
	xencons_unlock(cons, flags, locked);
	if (!valid)
		xencons_report_broken();
	if (!full)
		return 0;

	xen_evtchn_notify(cons->evtchn);
	/* The backend may be waiting for this physical CPU. */
	HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	udelay(XENCONS_STALL_STEP_US);
	return 0;
}

static ssize_t xencons_get_chars(u32 vtermno, u8 *buf, size_t count)
{
	struct xencons *cons = &xencons;
	struct xencons_interface *intf = cons->intf;
	XENCONS_RING_IDX prod, c;
	unsigned long flags;
	bool locked, valid = true;
	size_t got = 0;

	locked = xencons_lock(cons, &flags);
	valid = xencons_read_indices(cons, &intf->in_cons, &intf->in_prod,
				     sizeof(intf->in), &c, &prod);
	if (!valid)
		goto out;
	/* Read the bytes only after the index that covers them. */
	virt_rmb();

	while (got < count && c != prod)
		buf[got++] = intf->in[XENCONS_RING_OFFSET(intf->in, c++)];

	if (got) {
		/* Done with the bytes before the backend may reuse their slots. */
		virt_mb();
		WRITE_ONCE(intf->in_cons, c);
	}
out:
	xencons_unlock(cons, flags, locked);
	if (got)
		xen_evtchn_notify(cons->evtchn);
	if (!valid) {
		xencons_report_broken();
		return -EIO;
	}
	return got;
}

/* What the hvc core calls; input arrives through hvc_poll() on our irq. */
static const struct hv_ops xencons_ops = {
	.get_chars = xencons_get_chars,
	.put_chars = xencons_put_chars,
	.flush = xencons_flush,
};

/* HVM and PVH guests: the ring's frame and port are HVM parameters. */
static int __init xencons_find_hvm(phys_addr_t *ring, evtchn_port_t *port)
{
	u64 pfn, evtchn;
	int err;

	err = xen_hvm_param_get(HVM_PARAM_CONSOLE_PFN, &pfn);
	if (err)
		return err;
	if (!pfn)
		return -ENODEV;		/* the domain has no console */
	err = xen_hvm_param_get(HVM_PARAM_CONSOLE_EVTCHN, &evtchn);
	if (err)
		return err;
	if (!evtchn || evtchn > U32_MAX)
		return -EINVAL;

	*ring = PFN_PHYS(pfn);
	*port = evtchn;
	return 0;
}

/* PV guests other than dom0 (which has Xen's console): start_info. */
static int xencons_find_pv(phys_addr_t *ring, evtchn_port_t *port)
{
#ifdef CONFIG_XEN_PV
	const struct start_info *si = xen_start_info;
	unsigned long pfn;

	if (si->flags & SIF_INITDOMAIN)
		return -ENODEV;
	pfn = xen_mfn_to_pfn(si->console.domU.mfn);
	if (pfn == ~0UL)
		return -EINVAL;
	*ring = PFN_PHYS(pfn);
	*port = si->console.domU.evtchn;
	return 0;
#else
	return -ENODEV;
#endif
}

/* Where the ring is depends on the kind of guest. */
static int __init xencons_find_ring(phys_addr_t *ring, evtchn_port_t *port)
{
	if (xen_hvm_domain())
		return xencons_find_hvm(ring, port);
	if (xen_pv_domain())
		return xencons_find_pv(ring, port);
	return -ENODEV;
}

static void xencons_use(struct xencons_interface *intf, evtchn_port_t port)
{
	struct xencons *cons = &xencons;

	cons->evtchn = port;
	cons->stall_cons = READ_ONCE(intf->out_cons);
	cons->intf = intf;
}

/* Find and map the ring, once. */
static int __init xencons_setup(void)
{
	struct xencons *cons = &xencons;
	struct xencons_interface *intf;
	evtchn_port_t port;
	phys_addr_t ring;
	int err;

	if (cons->intf)
		return 0;
	err = xencons_find_ring(&ring, &port);
	if (err)
		return err;
	intf = memremap(ring, PAGE_SIZE, MEMREMAP_WB);
	if (!intf)
		return -ENOMEM;
	xencons_use(intf, port);
	return 0;
}

/* Early enough for console=hvc0 to show the whole boot log. */
static int __init xencons_console_init(void)
{
	int err;

	if (!xen_domain())
		return 0;
	err = xencons_setup();
	if (err) {
		if (err != -ENODEV)
			pr_err("cannot set up the console ring: %d\n", err);
		return err;
	}
	if (hvc_instantiate(XENCONS_VTERMNO, 0, &xencons_ops))
		return -EBUSY;	/* hvc0 is taken */
	return 0;
}
console_initcall(xencons_console_init);

static irqreturn_t xencons_interrupt(int irq, void *dev_id)
{
	struct hvc_struct *hp = dev_id;

	/* A bounded pass; khvcd takes over when there is more. */
	if (hvc_poll(hp))
		hvc_kick();
	/* The port stays masked until now: a flooding backend cannot pin us. */
	xen_irq_lateeoi(irq);
	return IRQ_HANDLED;
}

/*
 * The tty.  The event channel is bound once, here, and stays bound: the
 * toolstack's port lives as long as the domain and hvc0 is never removed,
 * so there is nothing to do when the tty is opened or closed.
 */
static int __init xencons_init(void)
{
	struct xencons *cons = &xencons;
	struct hvc_struct *hp;
	unsigned long flags;
	int irq, err;

	if (!xen_domain())
		return 0;
	err = xencons_setup();
	if (err)
		return err;

	hp = hvc_alloc(XENCONS_VTERMNO, 0, &xencons_ops,
		       sizeof(cons->intf->out));
	if (IS_ERR(hp)) {
		pr_err("cannot register hvc%d: %ld\n", XENCONS_VTERMNO,
		       PTR_ERR(hp));
		return PTR_ERR(hp);
	}

	irq = xen_evtchn_bind_port_lateeoi(cons->evtchn, xencons_interrupt, 0,
					   "hvc_console", hp);
	if (irq < 0) {
		pr_warn("cannot bind event channel %u (%d): polling for input\n",
			cons->evtchn, irq);
		return 0;
	}
	/* Stop khvcd polling: input now raises an interrupt. */
	spin_lock_irqsave(&hp->lock, flags);
	hp->irq_requested = 1;
	spin_unlock_irqrestore(&hp->lock, flags);
	return 0;
}
device_initcall(xencons_init);

/*
 * earlyprintk=xen.  Xen's HVM emulation (PVH included) logs what a guest
 * writes to I/O port 0xe9 on the hypervisor's console, a line at a time,
 * tagged with the domain (shown with Xen's guest_loglvl=all).  No ring,
 * mapping or event channel is involved, so it works before anything else
 * is set up and even when the console backend in dom0 is not running.
 *
 * A PV guest may not do port I/O, but its console ring is one of the
 * pages Xen's domain builder maps, in the direct map from the start: the
 * boot console writes into the ring, as hvc0 does later.
 */
#define XEN_HVM_DEBUG_PORT	0xe9

static bool xenboot_debug_port;
static bool xenboot_ring;

static int xenboot_setup(struct console *con, char *options)
{
	phys_addr_t ring;
	evtchn_port_t port;

	if (xen_pv_domain()) {
		if (!xencons.intf) {
			if (xencons_find_pv(&ring, &port))
				return -ENODEV;
			xencons_use(__va(ring), port);
		}
		xenboot_ring = true;
		return 0;
	}
	/*
	 * setup_arch() parses earlyprintk before it identifies an HVM guest
	 * (the PVH entry marks its domain earlier), so ask CPUID for Xen.
	 */
	xenboot_debug_port = xen_hvm_domain() ||
			     hypervisor_cpuid_base("XenVMMXenVMM", 0);
	return xenboot_debug_port ? 0 : -ENODEV;
}

static void xenboot_write(struct console *con, const char *s, unsigned int n)
{
	ssize_t sent;

	while (xenboot_ring && n) {
		sent = xencons_put_chars(XENCONS_VTERMNO, (const u8 *)s, n);
		if (sent < 0 && sent != -EAGAIN)
			return;
		if (sent <= 0) {
			xencons_flush(XENCONS_VTERMNO, true);
			continue;
		}
		s += sent;
		n -= sent;
	}
	if (!xenboot_debug_port)
		return;
	while (n--)
		outb(*s++, XEN_HVM_DEBUG_PORT);
}

struct console xenboot_console = {
	.name	= "xenboot",
	.write	= xenboot_write,
	.setup	= xenboot_setup,
	.flags	= CON_PRINTBUFFER,
	.index	= -1,
};
