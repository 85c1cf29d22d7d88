// SPDX-License-Identifier: GPL-2.0
/*
 * State every kind of Xen guest shares: what kind of domain this is, how
 * to reach Xen (hypercalls, feature flags, HVM parameters), where the
 * shared_info page and each CPU's vcpu_info live, and how the domain
 * powers off, reboots and crashes.
 *
 * The guest type is decided by the entry point, before the BSS is
 * cleared, so these variables live in initialised data.
 */
#include <linux/bio.h>
#include <linux/console.h>
#include <linux/export.h>
#include <linux/init.h>
#include <linux/panic.h>
#include <linux/panic_notifier.h>
#include <linux/percpu.h>
#include <asm/reboot.h>
#include <asm/xen/hypercall.h>
#include <asm/xen/hypervisor.h>
#include <xen/interface/hvm/hvm_op.h>
#include <xen/interface/sched.h>
#include <xen/interface/version.h>
#include <xen/xen.h>
#include <xen/xen-guest.h>

#include "xen-core.h"

enum xen_guest_type xen_guest_type __ro_after_init = XEN_GUEST_NONE;
EXPORT_SYMBOL_GPL(xen_guest_type);
bool xen_guest_is_pvh __ro_after_init;
EXPORT_SYMBOL_GPL(xen_guest_is_pvh);
bool xen_guest_is_dom0 __ro_after_init;
EXPORT_SYMBOL_GPL(xen_guest_is_dom0);

bool xen_hypercall_use_vmmcall __ro_after_init;
EXPORT_SYMBOL_GPL(xen_hypercall_use_vmmcall);

struct shared_info *xen_shared_info __ro_after_init;
EXPORT_SYMBOL_GPL(xen_shared_info);

DEFINE_PER_CPU(struct vcpu_info *, xen_vcpu_info);
EXPORT_PER_CPU_SYMBOL_GPL(xen_vcpu_info);
DEFINE_PER_CPU(u32, xen_vcpu_nr);
EXPORT_PER_CPU_SYMBOL_GPL(xen_vcpu_nr);

domid_t xen_domain_id __ro_after_init = DOMID_SELF;
EXPORT_SYMBOL_GPL(xen_domain_id);
u32 xen_version __ro_after_init;
EXPORT_SYMBOL_GPL(xen_version);

unsigned long xen_vm_assists __ro_after_init;

/* Read Xen's version once, early in setup_arch(). */
void __init xen_read_version(void)
{
	int ret = HYPERVISOR_xen_version(XENVER_version, NULL);

	if (ret > 0)
		xen_version = ret;
}

/**
 * xen_hvm_param_get() - read one of this domain's HVM parameters
 * @index: HVM_PARAM_*
 * @value: where to store the value
 *
 * Return: 0, or the negative errno Xen returned.
 */
int xen_hvm_param_get(unsigned int index, u64 *value)
{
	struct xen_hvm_param param = { .domid = DOMID_SELF, .index = index };
	int ret;

	ret = HYPERVISOR_hvm_op(HVMOP_get_param, &param);
	if (!ret)
		*value = param.value;
	return ret;
}
EXPORT_SYMBOL_GPL(xen_hvm_param_get);

/**
 * xen_hvm_param_set() - set one of this domain's HVM parameters
 * @index: HVM_PARAM_*
 * @value: the new value
 *
 * Return: 0, or the negative errno Xen returned.
 */
int xen_hvm_param_set(unsigned int index, u64 value)
{
	struct xen_hvm_param param = {
		.domid = DOMID_SELF,
		.index = index,
		.value = value,
	};

	return HYPERVISOR_hvm_op(HVMOP_set_param, &param);
}
EXPORT_SYMBOL_GPL(xen_hvm_param_set);

static void xen_shutdown_domain(unsigned int reason)
{
	struct sched_shutdown arg = { .reason = reason };

	HYPERVISOR_sched_op(SCHEDOP_shutdown, &arg);
}

static void xen_power_off(void)
{
	xen_shutdown_domain(SHUTDOWN_poweroff);
}

static void xen_restart(char *cmd)
{
	xen_shutdown_domain(SHUTDOWN_reboot);
}

static void xen_emergency_restart(void)
{
	xen_shutdown_domain(SHUTDOWN_reboot);
}

/*
 * A panic that would otherwise hang forever (no panic= timeout) becomes a
 * crash the toolstack's on_crash policy sees; with a timeout, panic()
 * reboots through machine_ops as usual.  Flush the console first: the
 * domain ends here, before panic() would flush it.
 */
static int xen_panic_event(struct notifier_block *nb, unsigned long ev,
			   void *ptr)
{
	if (panic_timeout)
		return NOTIFY_DONE;
	console_flush_on_panic(CONSOLE_FLUSH_PENDING);
	xen_shutdown_domain(SHUTDOWN_crash);
	return NOTIFY_DONE;
}

static struct notifier_block xen_panic_block = {
	.notifier_call = xen_panic_event,
	.priority = INT_MIN,	/* after everything else had its say */
};

/**
 * xen_set_machine_ops() - power off, reboot and crash through Xen
 *
 * Every kind of guest asks Xen to end or restart the domain; the
 * toolstack's on_poweroff, on_reboot and on_crash settings decide what
 * happens next.
 */
void __init xen_set_machine_ops(void)
{
	machine_ops.power_off = xen_power_off;
	machine_ops.restart = xen_restart;
	machine_ops.emergency_restart = xen_emergency_restart;
	machine_ops.halt = xen_power_off;
	atomic_notifier_chain_register(&panic_notifier_list, &xen_panic_block);
}

/*
 * The block layer asks whether two physically contiguous pages may share
 * a segment.  In an HVM container guest-physical contiguity is all a
 * device sees; only a PV guest's machine frames can be scattered.
 */
bool xen_biovec_phys_mergeable(const struct bio_vec *first,
			       const struct page *next)
{
	return !xen_pv_domain();
}
EXPORT_SYMBOL_GPL(xen_biovec_phys_mergeable);
