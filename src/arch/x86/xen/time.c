// SPDX-License-Identifier: GPL-2.0
/*
 * Time for Xen guests: PV, PVH and HVM.
 *
 * Clock: Xen keeps a per-vCPU vcpu_time_info in each vcpu_info, in the
 * same layout as the kernel's pvclock ABI, so the "xen" clocksource,
 * sched_clock and the TSC frequency all come from the shared pvclock code.
 *
 * Timer: each CPU gets a one-shot clock_event_device programmed with
 * VCPUOP_set_singleshot_timer and delivered as that vCPU's VIRQ_TIMER.
 * We do not use the emulated local APIC timer: its frequency has to be
 * calibrated against a PIT or HPET, and PV and PVH guests have neither.
 *
 * Wall clock: shared_info's wc fields give the time at Xen system time 0.
 *
 * Steal time: each vCPU's runstate area, which Xen keeps up to date in
 * our memory, says how long the vCPU was runnable but not running.  That
 * is what the scheduler's steal clock reports.  Offline time is left out:
 * it also counts the time a vCPU we took down stayed down, which the
 * steal accounting would then drain tick by tick for as long again.
 */
#include <linux/clockchips.h>
#include <linux/clocksource.h>
#include <linux/interrupt.h>
#include <linux/percpu.h>
#include <linux/printk.h>
#include <linux/sched_clock.h>
#include <linux/static_call.h>
#include <asm/paravirt.h>
#include <asm/pvclock.h>
#include <asm/time.h>
#include <asm/x86_init.h>
#include <asm/xen/hypercall.h>
#include <xen/events.h>
#include <xen/interface/vcpu.h>
#include <xen/xen.h>
#include <xen/xen-guest.h>

#include "xen-core.h"

/* One-shot deltas Xen's timer can honour, in ns (the device ticks in ns). */
#define XEN_TIMER_MIN_DELTA_NS	1000
#define XEN_TIMER_MAX_DELTA_NS	0x7fffffffUL

struct xen_cpu_timer {
	struct clock_event_device evt;
	int irq;			/* VIRQ_TIMER of this CPU, or 0 */
	char name[16];
};

static DEFINE_PER_CPU(struct xen_cpu_timer, xen_cpu_timer);

/* Written by Xen; aligned so that it never straddles a page. */
static DEFINE_PER_CPU(struct vcpu_runstate_info, xen_runstate) __aligned(64);
static bool xen_have_steal __ro_after_init;

static u64 xen_sched_clock_offset __read_mostly;

/* On the sched_clock path: inline, so that nothing here is traced. */
static __always_inline struct pvclock_vcpu_time_info *xen_this_time_info(void)
{
	return &this_cpu_read(xen_vcpu_info)->time;
}

static u64 notrace xen_clock_read(void)
{
	u64 ns;

	preempt_disable_notrace();
	ns = pvclock_clocksource_read(xen_this_time_info());
	preempt_enable_notrace();
	return ns;
}

static u64 xen_clocksource_read(struct clocksource *cs)
{
	return xen_clock_read();
}

static u64 notrace xen_sched_clock(void)
{
	return xen_clock_read() - xen_sched_clock_offset;
}

static struct clocksource xen_clocksource = {
	.name	= "xen",
	/* Above the TSC: Xen's clock stays right across migration. */
	.rating	= 400,
	.read	= xen_clocksource_read,
	.mask	= CLOCKSOURCE_MASK(64),
	.flags	= CLOCK_SOURCE_IS_CONTINUOUS,
};

static unsigned long xen_tsc_khz(void)
{
	unsigned long khz;

	preempt_disable();
	khz = pvclock_tsc_khz(xen_this_time_info());
	preempt_enable();
	return khz;
}

static void xen_get_wallclock(struct timespec64 *ts)
{
	preempt_disable();
	pvclock_read_wallclock(&xen_shared_info->wc, xen_this_time_info(), ts);
	preempt_enable();
}

/* A PVH domain has no RTC to set, and only dom0 may set Xen's clock. */
static int xen_pvh_set_wallclock(const struct timespec64 *ts)
{
	return -ENODEV;
}

/*
 * Xen sets XEN_RUNSTATE_UPDATE in state_entry_time while it writes the
 * area: read until no update was in progress or happened meanwhile.
 */
static u64 xen_steal_clock(int cpu)
{
	const struct vcpu_runstate_info *rs = per_cpu_ptr(&xen_runstate, cpu);
	u64 entry, steal;

	do {
		entry = READ_ONCE(rs->state_entry_time);
		smp_rmb();	/* the times after the flag, as Xen writes them */
		steal = READ_ONCE(rs->time[RUNSTATE_runnable]);
		smp_rmb();	/* and the flag again after the times */
	} while ((entry & XEN_RUNSTATE_UPDATE) ||
		 entry != READ_ONCE(rs->state_entry_time));
	return steal;
}

/* Have Xen keep @cpu's runstate area; without it, its steal stays 0. */
static void xen_steal_cpu_prepare(unsigned int cpu)
{
	struct vcpu_register_runstate_memory_area area = {
		.addr.v = per_cpu_ptr(&xen_runstate, cpu),
	};
	int ret;

	if (!xen_have_steal)
		return;
	ret = HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area,
				 xen_vcpu_id(cpu), &area);
	if (ret)
		pr_warn_once("xen: no runstate area for CPU %u: %d\n", cpu, ret);
}

/*
 * The steal clock needs the update flag (a torn read could go backwards);
 * Xen has had it since 4.7.
 */
static void __init xen_steal_init(void)
{
	if (HYPERVISOR_vm_assist(VMASST_CMD_enable,
				 VMASST_TYPE_runstate_update_flag)) {
		pr_info("xen: no steal time: runstate update flag refused\n");
		return;
	}
	xen_vm_assists |= BIT(VMASST_TYPE_runstate_update_flag);
	xen_have_steal = true;
	static_call_update(pv_steal_clock, xen_steal_clock);
}

/* Steal time is accounted from here on, as with KVM and VMware. */
static int __init xen_steal_enable(void)
{
	if (!xen_have_steal)
		return 0;
	static_key_slow_inc(&paravirt_steal_enabled);
	if (IS_ENABLED(CONFIG_PARAVIRT_TIME_ACCOUNTING))
		static_key_slow_inc(&paravirt_steal_rq_enabled);
	return 0;
}
arch_initcall(xen_steal_enable);

static int xen_timer_set_next_event(unsigned long delta,
				    struct clock_event_device *evt)
{
	struct vcpu_set_singleshot_timer single = {
		.timeout_abs_ns = xen_clock_read() + delta,
	};
	int ret;

	ret = HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer,
				 xen_vcpu_id(smp_processor_id()), &single);
	if (ret)
		pr_warn_ratelimited("xen: singleshot timer refused: %d\n", ret);
	return ret ? -ETIME : 0;
}

static int xen_timer_shutdown(struct clock_event_device *evt)
{
	HYPERVISOR_vcpu_op(VCPUOP_stop_singleshot_timer,
			   xen_vcpu_id(smp_processor_id()), NULL);
	return 0;
}

static irqreturn_t xen_timer_interrupt(int irq, void *dev_id)
{
	struct clock_event_device *evt = dev_id;

	if (!evt->event_handler)
		return IRQ_NONE;
	evt->event_handler(evt);
	return IRQ_HANDLED;
}

/**
 * xen_time_cpu_prepare() - bind a CPU's VIRQ_TIMER before it starts
 * @cpu: the CPU about to come up
 *
 * Binding allocates, so it happens here on a running CPU; the CPU itself
 * registers the clockevent device once it runs.
 *
 * Return: 0 or a negative errno.
 */
int xen_time_cpu_prepare(unsigned int cpu)
{
	struct xen_cpu_timer *t = per_cpu_ptr(&xen_cpu_timer, cpu);
	int irq;

	if (t->irq > 0)
		return 0;
	xen_steal_cpu_prepare(cpu);
	snprintf(t->name, sizeof(t->name), "xen-timer%u", cpu);
	irq = xen_evtchn_bind_virq(VIRQ_TIMER, cpu, xen_timer_interrupt,
				   IRQF_PERCPU | IRQF_NOBALANCING | IRQF_TIMER,
				   t->name, &t->evt);
	if (irq < 0) {
		pr_err("xen: no timer interrupt for CPU %u: %d\n", cpu, irq);
		return irq;
	}
	t->irq = irq;
	return 0;
}

/**
 * xen_time_cpu_dead() - release an offlined CPU's VIRQ_TIMER
 * @cpu: the CPU that went down
 */
void xen_time_cpu_dead(unsigned int cpu)
{
	struct xen_cpu_timer *t = per_cpu_ptr(&xen_cpu_timer, cpu);

	if (t->irq > 0)
		xen_evtchn_unbind(t->irq, &t->evt);
	t->irq = 0;
}

/* On the CPU itself, as it comes up: its one-shot device. */
static void xen_setup_cpu_clockevent(void)
{
	unsigned int cpu = smp_processor_id();
	struct xen_cpu_timer *t = this_cpu_ptr(&xen_cpu_timer);
	struct clock_event_device *evt = &t->evt;

	/* Xen may run a periodic VIRQ_TIMER for us: we program every tick. */
	HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, xen_vcpu_id(cpu), NULL);

	evt->name = "xen";
	evt->features = CLOCK_EVT_FEAT_ONESHOT;
	evt->rating = 500;
	evt->set_next_event = xen_timer_set_next_event;
	evt->set_state_shutdown = xen_timer_shutdown;
	evt->set_state_oneshot_stopped = xen_timer_shutdown;
	evt->cpumask = cpumask_of(cpu);
	evt->irq = t->irq;
	clockevents_config_and_register(evt, NSEC_PER_SEC, XEN_TIMER_MIN_DELTA_NS,
					XEN_TIMER_MAX_DELTA_NS);
}

static void __init xen_time_init(void)
{
	clocksource_register_hz(&xen_clocksource, NSEC_PER_SEC);
	if (xen_time_cpu_prepare(0))
		panic("xen: no timer for the boot CPU\n");
	xen_setup_cpu_clockevent();
}

/**
 * xen_time_init_platform() - route the x86 time hooks to Xen
 *
 * Called from init_platform, before the TSC is calibrated: the boot CPU's
 * vcpu_info must already be reachable.
 */
void __init xen_time_init_platform(void)
{
	xen_sched_clock_offset = xen_clock_read();
	paravirt_set_sched_clock(xen_sched_clock);
	xen_steal_init();

	x86_platform.calibrate_tsc = xen_tsc_khz;
	x86_platform.calibrate_cpu = xen_tsc_khz;
	x86_platform.get_wallclock = xen_get_wallclock;
	/* An HVM guest keeps its emulated RTC for that. */
	if (xen_pvh_domain() || xen_pv_domain())
		x86_platform.set_wallclock = xen_pvh_set_wallclock;

	x86_init.timers.timer_init = xen_time_init;
	x86_init.timers.setup_percpu_clockev = x86_init_noop;
	x86_cpuinit.setup_percpu_clockev = xen_setup_cpu_clockevent;
}
