// SPDX-License-Identifier: GPL-2.0
/*
 * Paravirtual queued spinlocks for Xen guests.
 *
 * A vCPU spinning on a lock whose holder Xen has descheduled burns its
 * time slice for nothing.  The kernel's paravirt qspinlock code lets a
 * waiter sleep and the unlocker wake it; this file supplies the two
 * primitives it needs.  Each CPU owns one event channel that is never
 * delivered as an interrupt (it stays masked).  A waiter clears the
 * port's pending bit, checks the lock byte again and, if it still has
 * to wait, blocks in SCHEDOP_poll until the port is pending.  The
 * unlocker's kick sets the port pending with EVTCHNOP_send.  A kick that
 * lands between the check and the poll leaves the port pending, and the
 * poll returns at once.  The three steps run with events masked: a lock
 * waiter in an interrupt handler would otherwise clear the port under
 * the interrupted waiter and swallow its kick.  Xen still ends the poll
 * for any event that comes meanwhile, which is handled once unmasked.
 *
 * Trust: only Xen is involved, and Xen is trusted.
 */
#define pr_fmt(fmt) "xen: " fmt

#include <linux/init.h>
#include <linux/percpu.h>
#include <linux/printk.h>
#include <linux/hardirq.h>
#include <asm/paravirt.h>
#include <asm/qspinlock.h>
#include <xen/events.h>

#include "xen-core.h"

/* This CPU's wakeup port, or 0 while it has none (early boot, offline). */
static DEFINE_PER_CPU(evtchn_port_t, xen_lock_port);

static bool xen_pv_spinlocks __ro_after_init;

static void xen_lock_wait(u8 *ptr, u8 val)
{
	unsigned long flags;
	evtchn_port_t port;

	/* An NMI must not sleep: the code it interrupted may hold the lock. */
	if (in_nmi())
		return;
	local_irq_save(flags);
	port = this_cpu_read(xen_lock_port);
	if (port) {
		xen_evtchn_clear_pending(port);
		if (READ_ONCE(*ptr) == val)
			xen_evtchn_poll(port);
	}
	local_irq_restore(flags);
}

static void xen_lock_kick(int cpu)
{
	evtchn_port_t port = READ_ONCE(per_cpu(xen_lock_port, cpu));

	if (port)
		xen_evtchn_notify(port);
}

/**
 * xen_spinlock_cpu_prepare() - open a CPU's wakeup port before it runs
 * @cpu: the CPU about to come up (or the boot CPU)
 *
 * Return: 0 or a negative errno.
 */
int xen_spinlock_cpu_prepare(unsigned int cpu)
{
	evtchn_port_t port;
	int ret;

	if (!xen_pv_spinlocks || per_cpu(xen_lock_port, cpu))
		return 0;
	ret = xen_evtchn_open_poll_port(cpu, &port);
	if (ret) {
		pr_err("no spinlock wakeup port for CPU %u: %d\n", cpu, ret);
		return ret;
	}
	WRITE_ONCE(per_cpu(xen_lock_port, cpu), port);
	return 0;
}

/**
 * xen_spinlock_cpu_dead() - close an offlined CPU's wakeup port
 * @cpu: the CPU that went down
 */
void xen_spinlock_cpu_dead(unsigned int cpu)
{
	evtchn_port_t port = per_cpu(xen_lock_port, cpu);

	if (!port)
		return;
	WRITE_ONCE(per_cpu(xen_lock_port, cpu), 0);
	xen_evtchn_close(port);
}

/**
 * xen_spinlock_init() - use paravirtual spinlocks if there is a point
 *
 * Called once the possible CPUs are known, before any other CPU runs.
 * With one vCPU, or "nopvspin" on the command line, the native qspinlock
 * stays; virt_spin_lock() is left off either way, as on KVM.
 */
void __init xen_spinlock_init(void)
{
	struct pv_lock_ops *lock = &pv_ops.lock;

	if (num_possible_cpus() == 1 || nopvspin) {
		pr_info("PV spinlocks disabled%s\n",
			nopvspin ? " by \"nopvspin\"" : ", one vCPU");
		goto out;
	}
	/* Our two primitives, under the kernel's paravirt qspinlock. */
	lock->wait = xen_lock_wait;
	lock->kick = xen_lock_kick;
	__pv_init_lock_hash();
	lock->queued_spin_unlock = PV_CALLEE_SAVE(__pv_queued_spin_unlock);
	lock->queued_spin_lock_slowpath = __pv_queued_spin_lock_slowpath;
	xen_pv_spinlocks = true;
	pr_info("PV spinlocks enabled\n");
out:
	static_branch_disable(&virt_spin_lock_key);
}
