// SPDX-License-Identifier: GPL-2.0
/*
 * vCPU hotplug asked for by the toolstack.
 *
 * For a PV guest, "xl vcpu-set DOMAIN N" writes cpu/V/availability in
 * the guest's xenstore directory, "online" or "offline", for each vCPU V.
 * A watch on cpu/ brings the CPU running on vCPU V up or down to match,
 * through the same path as writing its sysfs "online" file.
 *
 * Trust: the toolstack (dom0) writes these nodes.  A vCPU number we do
 * not know, or a value other than the two words, is ignored with a
 * message; CPU 0 is never taken down.
 */
#define pr_fmt(fmt) "xen vcpu: " fmt

#include <linux/cpu.h>
#include <linux/err.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <xen/xen-guest.h>
#include <xen/xen.h>
#include <xen/xenbus.h>

/* The CPU that runs on @vcpu, or nr_cpu_ids if there is none. */
static unsigned int xen_vcpu_to_cpu(unsigned int vcpu)
{
	unsigned int cpu;

	for_each_present_cpu(cpu)
		if (xen_vcpu_id(cpu) == vcpu)
			return cpu;
	return nr_cpu_ids;
}

static void xen_vcpu_apply(unsigned int vcpu)
{
	unsigned int cpu, len;
	bool online;
	char dir[24];
	char *val;
	int ret;

	snprintf(dir, sizeof(dir), "cpu/%u", vcpu);
	val = xenstore_read(XS_NO_TXN, dir, "availability", &len);
	if (IS_ERR(val))
		return;		/* not there (yet): nothing asked */
	if (len == strlen("online") && !memcmp(val, "online", len)) {
		online = true;
	} else if (len == strlen("offline") && !memcmp(val, "offline", len)) {
		online = false;
	} else {
		pr_warn_ratelimited("%s/availability: \"%*pEhp\" is neither online nor offline\n",
				    dir, min(len, 16U), val);
		kfree(val);
		return;
	}
	kfree(val);

	cpu = xen_vcpu_to_cpu(vcpu);
	if (cpu >= nr_cpu_ids) {
		pr_warn_ratelimited("no CPU runs on vCPU %u\n", vcpu);
		return;
	}
	if (cpu_online(cpu) == online || (!online && cpu == 0))
		return;
	ret = online ? add_cpu(cpu) : remove_cpu(cpu);
	if (ret)
		pr_warn("cannot take CPU %u (vCPU %u) %s: %d\n", cpu, vcpu,
			online ? "online" : "offline", ret);
	else
		pr_info("CPU %u (vCPU %u) %s, as the toolstack asked\n", cpu,
			vcpu, online ? "online" : "offline");
}

/*
 * The watch fires with the node that changed, or with "cpu" itself when
 * it is first added: then every vCPU listed is looked at.
 */
static void xen_vcpu_fired(struct xenstore_watch *watch, const char *path)
{
	unsigned int vcpu, i, num;
	char **names;

	if (sscanf(path, "cpu/%u/", &vcpu) == 1) {
		xen_vcpu_apply(vcpu);
		return;
	}
	names = xenstore_directory(XS_NO_TXN, "cpu", "", &num);
	if (IS_ERR(names))
		return;
	for (i = 0; i < num; i++)
		if (!kstrtouint(names[i], 10, &vcpu))
			xen_vcpu_apply(vcpu);
	kfree(names);
}

static struct xenstore_watch xen_vcpu_watch = {
	.path = "cpu",
	.fire = xen_vcpu_fired,
};

static int __init xen_vcpu_hotplug_init(void)
{
	int ret;

	if (!xen_pv_domain() || !xenstore_available())
		return 0;
	ret = xenstore_watch_add(&xen_vcpu_watch);
	if (ret)
		pr_err("cannot watch cpu/: %d\n", ret);
	return ret;
}
late_initcall(xen_vcpu_hotplug_init);
