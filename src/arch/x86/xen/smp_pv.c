// SPDX-License-Identifier: GPL-2.0
/*
 * SMP for a PV guest: finding the vCPUs, starting them, IPIs and CPU
 * hotplug.
 *
 * A PV guest has no local APIC, so none of the native ways applies.  The
 * vCPUs the toolstack created are found with VCPUOP_is_up and registered
 * with the x86 topology code under fake APIC IDs.  A secondary vCPU is
 * started by handing Xen its complete initial state (VCPUOP_initialise:
 * registers, GDT, trap table, page tables, callbacks), then VCPUOP_up.
 * IPIs are event channels: each CPU has one port per IPI vector, bound to
 * its vCPU, which other CPUs signal with EVTCHNOP_send.  A small APIC
 * driver turns the kernel's IPI sends into those, so the native IPI and
 * stop paths work unchanged.
 *
 * Xen lets a vCPU be initialised only once.  A CPU that goes offline
 * takes itself down with VCPUOP_down; when it is wanted again, VCPUOP_up
 * resumes it in xen_pv_play_dead(), which starts it over on a fresh stack.
 *
 * Trust: only Xen is involved, and Xen is trusted.
 */
#define pr_fmt(fmt) "xen-smp: " fmt

#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/jiffies.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/sched/hotplug.h>
#include <linux/sched/task_stack.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/topology.h>
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/desc.h>
#include <asm/fpu/api.h>
#include <asm/hw_irq.h>
#include <asm/idtentry.h>
#include <asm/x86_init.h>
#include <asm/xen/hypercall.h>
#include <xen/events.h>
#include <xen/interface/sched.h>
#include <xen/interface/vcpu.h>
#include <xen/xen-guest.h>
#include <xen/xen.h>

#include "pv-internal.h"
#include "xen-core.h"

/* vCPUs that went through VCPUOP_initialise: only VCPUOP_up from now on. */
static DEFINE_PER_CPU(bool, xen_pv_vcpu_initialised);

/* Where a CPU that was brought down starts over when it is brought up. */
static DEFINE_PER_CPU(unsigned long, xen_pv_restart_sp);

/* ---- IPIs ---- */

static irqreturn_t xen_pv_ipi_reschedule(int irq, void *dev_id)
{
	inc_irq_stat(irq_resched_count);
	scheduler_ipi();
	return IRQ_HANDLED;
}

static irqreturn_t xen_pv_ipi_call_func(int irq, void *dev_id)
{
	inc_irq_stat(irq_call_count);
	generic_smp_call_function_interrupt();
	return IRQ_HANDLED;
}

static irqreturn_t xen_pv_ipi_call_func_single(int irq, void *dev_id)
{
	inc_irq_stat(irq_call_count);
	generic_smp_call_function_single_interrupt();
	return IRQ_HANDLED;
}

/* Reboot, halt or panic (native_stop_other_cpus()): stop for good. */
static irqreturn_t xen_pv_ipi_stop(int irq, void *dev_id)
{
	stop_this_cpu(NULL);
	return IRQ_HANDLED;
}

/* stop_this_cpu()'s last step, in place of HLT, which Xen refuses. */
static void xen_pv_stop_this_cpu(void)
{
	HYPERVISOR_vcpu_op(VCPUOP_down, xen_vcpu_id(smp_processor_id()), NULL);
}

/* Each vector the kernel sends as an IPI has an event channel of its own. */
static const struct {
	u8 vector;
	const char *name;
	irq_handler_t handler;
} xen_pv_ipis_by_vector[] = {
	{ RESCHEDULE_VECTOR, "resched", xen_pv_ipi_reschedule },
	{ CALL_FUNCTION_VECTOR, "callfunc", xen_pv_ipi_call_func },
	{ CALL_FUNCTION_SINGLE_VECTOR, "callfuncsingle",
	  xen_pv_ipi_call_func_single },
	{ REBOOT_VECTOR, "stop", xen_pv_ipi_stop },
};

#define XEN_PV_IPI_NR	ARRAY_SIZE(xen_pv_ipis_by_vector)

/*
 * A CPU's IPI ports and their irqs.  Written by the CPU hotplug callbacks
 * while the CPU is offline, read by any CPU that sends it an IPI, which
 * only targets online CPUs.
 */
struct xen_pv_cpu_ipis {
	evtchn_port_t port[XEN_PV_IPI_NR];
	int irq[XEN_PV_IPI_NR];
	char name[XEN_PV_IPI_NR][24];
};

static DEFINE_PER_CPU(struct xen_pv_cpu_ipis, xen_pv_ipis);

/*
 * The local APIC of a PV guest, for the code that drives one: IPIs become
 * event channels, an NMI is VCPUOP_send_nmi, and the APIC ID reads back
 * as the fake one the vCPU was registered with.  Nothing else exists.
 */
static void xen_pv_apic_send_IPI(int cpu, int vector)
{
	unsigned int i;
	evtchn_port_t port;

	if (vector == NMI_VECTOR) {
		HYPERVISOR_vcpu_op(VCPUOP_send_nmi, xen_vcpu_id(cpu), NULL);
		return;
	}
	for (i = 0; i < XEN_PV_IPI_NR; i++) {
		if (xen_pv_ipis_by_vector[i].vector != vector)
			continue;
		port = per_cpu(xen_pv_ipis, cpu).port[i];
		if (!WARN_ONCE(!port, "no IPI port on CPU %d\n", cpu))
			xen_evtchn_notify(port);
		return;
	}
	WARN_ONCE(1, "IPI vector %#x has no event channel\n", vector);
}

static void xen_pv_apic_send_IPI_mask(const struct cpumask *mask, int vector)
{
	unsigned int cpu;

	for_each_cpu_and(cpu, mask, cpu_online_mask)
		xen_pv_apic_send_IPI(cpu, vector);
}

static void xen_pv_apic_send_IPI_mask_allbutself(const struct cpumask *mask,
						 int vector)
{
	unsigned int cpu, me = smp_processor_id();

	for_each_cpu_and(cpu, mask, cpu_online_mask)
		if (cpu != me)
			xen_pv_apic_send_IPI(cpu, vector);
}

static void xen_pv_apic_send_IPI_allbutself(int vector)
{
	xen_pv_apic_send_IPI_mask_allbutself(cpu_online_mask, vector);
}

static void xen_pv_apic_send_IPI_all(int vector)
{
	xen_pv_apic_send_IPI_mask(cpu_online_mask, vector);
}

static void xen_pv_apic_send_IPI_self(int vector)
{
	xen_pv_apic_send_IPI(smp_processor_id(), vector);
}

static u32 xen_pv_apic_read(u32 reg)
{
	if (reg != APIC_ID)
		return 0;
	return xen_pv_vcpu_to_apicid(xen_vcpu_id(raw_smp_processor_id())) << 24;
}

static void xen_pv_apic_write(u32 reg, u32 val)
{
}

static void xen_pv_apic_eoi(void)
{
}

static u64 xen_pv_apic_icr_read(void)
{
	return 0;
}

static void xen_pv_apic_icr_write(u32 low, u32 high)
{
}

static u32 xen_pv_apic_get_apic_id(u32 reg)
{
	return reg >> 24;
}

static struct apic xen_pv_apic __ro_after_init = {
	.name				= "Xen PV",
	.max_apic_id			= 2 * XEN_LEGACY_MAX_VCPUS - 1,

	/* IPIs and NMIs, by event channel and hypercall. */
	.send_IPI			= xen_pv_apic_send_IPI,
	.send_IPI_self			= xen_pv_apic_send_IPI_self,
	.send_IPI_all			= xen_pv_apic_send_IPI_all,
	.send_IPI_allbutself		= xen_pv_apic_send_IPI_allbutself,
	.send_IPI_mask			= xen_pv_apic_send_IPI_mask,
	.send_IPI_mask_allbutself	= xen_pv_apic_send_IPI_mask_allbutself,

	/* The fake IDs. */
	.read				= xen_pv_apic_read,
	.get_apic_id			= xen_pv_apic_get_apic_id,
	.cpu_present_to_apicid		= default_cpu_present_to_apicid,
	.calc_dest_apicid		= apic_default_calc_apicid,

	/* No registers to program and no interrupt to acknowledge. */
	.write				= xen_pv_apic_write,
	.icr_write			= xen_pv_apic_icr_write,
	.icr_read			= xen_pv_apic_icr_read,
	.native_eoi			= xen_pv_apic_eoi,
	.eoi				= xen_pv_apic_eoi,
};

/* ---- Finding the vCPUs ---- */

/*
 * Every vCPU the domain has, online or not, is a present CPU: an offline
 * vCPU can be brought up later.  Only vCPUs with a vcpu_info slot in
 * shared_info count, as this guest does not register vcpu_info areas of
 * its own yet.
 */
static void __init xen_pv_parse_smp_cfg(void)
{
	unsigned int vcpu;

	/* The boot vCPU first, then all as firmware would list them. */
	topology_register_boot_apic(xen_pv_vcpu_to_apicid(0));
	for (vcpu = 0; vcpu < XEN_LEGACY_MAX_VCPUS; vcpu++) {
		if (HYPERVISOR_vcpu_op(VCPUOP_is_up, vcpu, NULL) < 0)
			break;
		topology_register_apic(xen_pv_vcpu_to_apicid(vcpu),
				       CPU_ACPIID_INVALID, true);
	}
	if (vcpu == XEN_LEGACY_MAX_VCPUS &&
	    HYPERVISOR_vcpu_op(VCPUOP_is_up, vcpu, NULL) >= 0)
		pr_warn("vCPUs from %u on are not used\n", vcpu);
	smp_found_config = 1;
	apic_install_driver(&xen_pv_apic);
}

static void xen_pv_unbind_ipis(unsigned int cpu)
{
	struct xen_pv_cpu_ipis *ipis = per_cpu_ptr(&xen_pv_ipis, cpu);
	unsigned int i;

	for (i = 0; i < XEN_PV_IPI_NR; i++) {
		if (ipis->irq[i] > 0)
			xen_evtchn_unbind(ipis->irq[i], NULL);
		ipis->irq[i] = 0;
		ipis->port[i] = 0;
	}
}

static int xen_pv_bind_ipis(unsigned int cpu)
{
	struct xen_pv_cpu_ipis *ipis = per_cpu_ptr(&xen_pv_ipis, cpu);
	unsigned int i;
	int irq;

	for (i = 0; i < XEN_PV_IPI_NR; i++) {
		if (ipis->irq[i] > 0)
			continue;
		snprintf(ipis->name[i], sizeof(ipis->name[i]), "%s%u",
			 xen_pv_ipis_by_vector[i].name, cpu);
		irq = xen_evtchn_bind_ipi(cpu, xen_pv_ipis_by_vector[i].handler,
					  ipis->name[i], NULL, &ipis->port[i]);
		if (irq < 0) {
			pr_err("no %s IPI for CPU %u: %d\n",
			       xen_pv_ipis_by_vector[i].name, cpu, irq);
			xen_pv_unbind_ipis(cpu);
			return irq;
		}
		ipis->irq[i] = irq;
	}
	return 0;
}

/*
 * What each CPU needs from Xen before it starts, set up in this order
 * and released in the reverse one.
 */
static const struct {
	int (*prepare)(unsigned int cpu);
	void (*release)(unsigned int cpu);
} xen_pv_cpu_parts[] = {
	{ xen_pv_bind_ipis, xen_pv_unbind_ipis },
	{ xen_spinlock_cpu_prepare, xen_spinlock_cpu_dead },
	{ xen_time_cpu_prepare, xen_time_cpu_dead },
};

/* Release the first @n parts of @cpu's. */
static void xen_pv_cpu_release(unsigned int cpu, unsigned int n)
{
	while (n--)
		xen_pv_cpu_parts[n].release(cpu);
}

/*
 * CPU hotplug, on a running CPU before @cpu starts: its vCPU number
 * first, which binding its event channels needs, then its parts.
 */
static int xen_pv_cpu_prepare(unsigned int cpu)
{
	u32 vcpu = xen_pv_apicid_to_vcpu(cpu_physical_id(cpu));
	unsigned int i;
	int ret;

	if (vcpu >= XEN_LEGACY_MAX_VCPUS)
		return -ENODEV;
	per_cpu(xen_vcpu_nr, cpu) = vcpu;
	per_cpu(xen_vcpu_info, cpu) = &xen_shared_info->vcpu_info[vcpu];
	for (i = 0; i < ARRAY_SIZE(xen_pv_cpu_parts); i++) {
		ret = xen_pv_cpu_parts[i].prepare(cpu);
		if (ret) {
			xen_pv_cpu_release(cpu, i);
			return ret;
		}
	}
	return 0;
}

/* And after it died. */
static int xen_pv_cpu_dead(unsigned int cpu)
{
	xen_pv_cpu_release(cpu, ARRAY_SIZE(xen_pv_cpu_parts));
	return 0;
}

/* ---- Starting a vCPU ---- */

/*
 * The C side of xen_pv_cpu_entry: what start_secondary() does on bare
 * metal, minus the local APIC, on the state VCPUOP_initialise gave us.
 */
asmlinkage __visible void xen_pv_cpu_start(void)
{
	unsigned int cpu = smp_processor_id();

	cr4_init();
	xen_pv_set_iopl();
	cpu_init_exception_handling(false);
	cpuhp_ap_sync_alive();

	cpu_init();
	fpu__init_cpu();
	rcutree_report_cpu_starting(cpu);
	smp_store_cpu_info(cpu);
	set_cpu_sibling_map(cpu);
	notify_cpu_starting(cpu);

	lock_vector_lock();
	set_cpu_online(cpu, true);
	lapic_online();
	unlock_vector_lock();

	local_irq_enable();
	x86_cpuinit.setup_percpu_clockev();
	cpu_startup_entry(CPUHP_AP_ONLINE_IDLE);
}

/* The vCPU's first state: as the boot CPU runs now, on @idle's stack. */
static void xen_pv_fill_context(struct vcpu_guest_context *ctxt,
				unsigned int cpu, struct task_struct *idle)
{
	struct desc_struct *gdt = get_cpu_gdt_rw(cpu);

	ctxt->flags = VGCF_in_kernel | VGCF_syscall_disables_events;
	ctxt->user_regs.rip = (unsigned long)xen_pv_cpu_entry;
	ctxt->user_regs.rsp = (unsigned long)task_pt_regs(idle);
	ctxt->user_regs.cs = FLAT_KERNEL_CS;
	ctxt->user_regs.ss = FLAT_KERNEL_SS;
	ctxt->user_regs.rflags = X86_EFLAGS_FIXED;
	ctxt->kernel_ss = __KERNEL_DS;
	ctxt->kernel_sp = task_top_of_stack(idle);

	xen_pv_protect_table(gdt, GDT_SIZE, true);
	ctxt->gdt_frames[0] = xen_virt_to_machine(gdt) >> PAGE_SHIFT;
	ctxt->gdt_ents = GDT_ENTRIES;
	xen_pv_fill_trap_ctxt(ctxt->trap_ctxt);

	ctxt->ctrlreg[3] = xen_pv_cpu_boot_cr3(cpu);
	ctxt->event_callback_eip =
		(unsigned long)xen_asm_exc_xen_hypervisor_callback;
	ctxt->failsafe_callback_eip = (unsigned long)xen_failsafe_callback;
	ctxt->syscall_callback_eip = (unsigned long)xen_entry_SYSCALL_64;
	/* Xen keeps one set per domain: the one we have, not a subset. */
	ctxt->vm_assist = xen_vm_assists;
	ctxt->gs_base_kernel = per_cpu_offset(cpu);
}

static int xen_pv_vcpu_initialise(unsigned int cpu, struct task_struct *idle)
{
	struct vcpu_guest_context *ctxt;
	int ret;

	ctxt = kzalloc(sizeof(*ctxt), GFP_KERNEL);
	if (!ctxt)
		return -ENOMEM;
	xen_pv_fill_context(ctxt, cpu, idle);
	ret = HYPERVISOR_vcpu_op(VCPUOP_initialise, xen_vcpu_id(cpu), ctxt);
	kfree(ctxt);
	if (ret) {
		pr_err("vCPU %u refused its initial state: %d\n",
		       xen_vcpu_id(cpu), ret);
		return ret;
	}
	per_cpu(xen_pv_vcpu_initialised, cpu) = true;
	return 0;
}

/*
 * A vCPU that was offlined takes itself down right after it reported
 * dead: wait, a second at most, until Xen has it down.
 */
static int xen_pv_wait_vcpu_down(unsigned int cpu)
{
	unsigned long end = jiffies + HZ;

	do {
		if (HYPERVISOR_vcpu_op(VCPUOP_is_up, xen_vcpu_id(cpu), NULL) <= 0)
			return 0;
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	} while (time_before(jiffies, end));
	pr_err("vCPU %u did not go down\n", xen_vcpu_id(cpu));
	return -EBUSY;
}

static int xen_pv_kick_ap_alive(unsigned int cpu, struct task_struct *idle)
{
	int ret;

	/* It starts with events masked, as the native CPU with IF clear. */
	WRITE_ONCE(per_cpu(xen_vcpu_info, cpu)->evtchn_upcall_mask, 1);
	/* Its FPU registers start blank: no task's state is loaded there. */
	per_cpu(fpu_fpregs_owner_ctx, cpu) = NULL;

	ret = common_cpu_up(cpu, idle);
	if (ret)
		return ret;
	if (per_cpu(xen_pv_vcpu_initialised, cpu)) {
		ret = xen_pv_wait_vcpu_down(cpu);
		if (ret)
			return ret;
		per_cpu(xen_pv_restart_sp, cpu) =
			(unsigned long)task_pt_regs(idle);
	} else {
		ret = xen_pv_vcpu_initialise(cpu, idle);
		if (ret)
			return ret;
	}
	ret = HYPERVISOR_vcpu_op(VCPUOP_up, xen_vcpu_id(cpu), NULL);
	if (ret)
		pr_err("vCPU %u did not come up: %d\n", xen_vcpu_id(cpu), ret);
	return ret;
}

/* The boot CPU waits for a new one: let it have the physical CPU. */
static void xen_pv_poll_sync_state(void)
{
	HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
}

/* ---- CPU hotplug ---- */

static int xen_pv_cpu_disable(void)
{
	cpu_disable_common();
	return 0;
}

/*
 * The CPU goes down in Xen's hands.  VCPUOP_down from the vCPU itself is
 * synchronous; it returns when the vCPU is brought up again, which only
 * xen_pv_kick_ap_alive() does, after setting the stack to start over on.
 */
static void __noreturn xen_pv_play_dead(void)
{
	unsigned int cpu = smp_processor_id();
	unsigned long sp;

	play_dead_common();
	this_cpu_write(xen_pv_restart_sp, 0);
	do {
		HYPERVISOR_vcpu_op(VCPUOP_down, xen_vcpu_id(cpu), NULL);
		sp = this_cpu_read(xen_pv_restart_sp);
	} while (!sp);
	xen_pv_cpu_restart(sp);
}

/* ---- Boot ---- */

/* The possible CPUs are known now: paravirtual spinlocks or not. */
static void __init xen_pv_smp_prepare_boot_cpu(void)
{
	native_smp_prepare_boot_cpu();
	xen_spinlock_init();
}

static void __init xen_pv_smp_prepare_cpus(unsigned int max_cpus)
{
	unsigned int cpu;
	int ret;

	smp_prepare_cpus_common();
	/* Every CPU's vCPU number, for whoever looks one up before it runs. */
	for_each_present_cpu(cpu)
		per_cpu(xen_vcpu_nr, cpu) =
			xen_pv_apicid_to_vcpu(cpu_physical_id(cpu));
	ret = cpuhp_setup_state(CPUHP_XEN_PREPARE, "x86/xen/pv:prepare",
				xen_pv_cpu_prepare, xen_pv_cpu_dead);
	if (ret < 0) {
		pr_err("no CPU hotplug callbacks: %d; one CPU only\n", ret);
		init_cpu_present(cpumask_of(0));
	}
}

/**
 * xen_pv_smp_init() - route SMP bring-up and IPIs through Xen
 *
 * Called from init_platform, before setup_arch() looks for CPUs.
 */
void __init xen_pv_smp_init(void)
{
	/* The layout of Xen's public headers, x86_64. */
	BUILD_BUG_ON(sizeof(struct vcpu_guest_context) != 5168);

	x86_init.mpparse.find_mptable = x86_init_noop;
	x86_init.mpparse.early_parse_smp_cfg = x86_init_noop;
	x86_init.mpparse.parse_smp_cfg = xen_pv_parse_smp_cfg;
	/* Each vCPU is started in turn: Xen's VCPUOP_up, not INIT/SIPI. */
	x86_cpuinit.parallel_bringup = false;

	smp_ops.smp_prepare_boot_cpu = xen_pv_smp_prepare_boot_cpu;
	smp_ops.smp_prepare_cpus = xen_pv_smp_prepare_cpus;
	smp_ops.kick_ap_alive = xen_pv_kick_ap_alive;
	smp_ops.poll_sync_state = xen_pv_poll_sync_state;
	smp_ops.cpu_disable = xen_pv_cpu_disable;
	smp_ops.play_dead = xen_pv_play_dead;
	smp_ops.stop_this_cpu = xen_pv_stop_this_cpu;
	smp_ops.crash_stop_other_cpus = NULL;
}
