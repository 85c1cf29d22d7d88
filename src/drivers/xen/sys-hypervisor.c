// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/hypervisor for a Xen domain: type, guest_type, version/{major,minor,
 * extra} and uuid, so that user space can tell where it runs without
 * hypercalls of its own.
 *
 * The version is asked of Xen on every read, not cached: a domain can be
 * migrated to a host running another release.
 */
#define pr_fmt(fmt) "xen sysfs: " fmt

#include <linux/init.h>
#include <linux/kobject.h>
#include <linux/printk.h>
#include <linux/sysfs.h>
#include <linux/types.h>
#include <asm/xen/hypercall.h>
#include <xen/interface/version.h>
#include <xen/xen.h>

static ssize_t type_show(struct kobject *kobj, struct kobj_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "xen\n");
}

static ssize_t guest_type_show(struct kobject *kobj,
			       struct kobj_attribute *attr, char *buf)
{
	const char *type;

	/* A PVH domain is an HVM container too: test for it first. */
	if (xen_pvh_domain())
		type = "PVH";
	else if (xen_hvm_domain())
		type = "HVM";
	else if (xen_pv_domain())
		type = "PV";
	else
		return -ENODEV;
	return sysfs_emit(buf, "%s\n", type);
}

static ssize_t uuid_show(struct kobject *kobj, struct kobj_attribute *attr,
			 char *buf)
{
	xen_domain_handle_t handle;
	int ret;

	/* The toolstack's handle for this domain is its UUID. */
	ret = HYPERVISOR_xen_version(XENVER_guest_handle, handle);
	if (ret < 0)
		return ret;
	return sysfs_emit(buf, "%pUb\n", handle);
}

static struct kobj_attribute type_attr = __ATTR_RO(type);
static struct kobj_attribute guest_type_attr = __ATTR_RO(guest_type);
static struct kobj_attribute uuid_attr = __ATTR_RO(uuid);

static struct attribute *xen_sysfs_attrs[] = {
	&type_attr.attr, &guest_type_attr.attr, &uuid_attr.attr, NULL
};

static const struct attribute_group xen_sysfs_group = {
	.attrs = xen_sysfs_attrs,
};

/* XENVER_version is major << 16 | minor: @shift picks the half. */
static ssize_t xen_version_half(char *buf, unsigned int shift)
{
	int version = HYPERVISOR_xen_version(XENVER_version, NULL);

	if (version < 0)
		return version;
	return sysfs_emit(buf, "%d\n", (version >> shift) & 0xffff);
}

static ssize_t major_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	return xen_version_half(buf, 16);
}

static ssize_t minor_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	return xen_version_half(buf, 0);
}

static ssize_t extra_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	struct xen_extraversion extra;
	int ret;

	ret = HYPERVISOR_xen_version(XENVER_extraversion, &extra);
	if (ret < 0)
		return ret;
	/* Xen pads the buffer with NULs, but need not end it with one. */
	return sysfs_emit(buf, "%.*s\n", (int)sizeof(extra.extraversion),
			  extra.extraversion);
}

static struct kobj_attribute major_attr = __ATTR_RO(major);
static struct kobj_attribute minor_attr = __ATTR_RO(minor);
static struct kobj_attribute extra_attr = __ATTR_RO(extra);

/* Asked anew on each read: migration can change them. */
static struct attribute *xen_version_attrs[] = {
	&major_attr.attr, &minor_attr.attr, &extra_attr.attr, NULL
};

static const struct attribute_group xen_version_group = {
	.name = "version",
	.attrs = xen_version_attrs,
};

static const struct attribute_group *xen_sysfs_groups[] = {
	&xen_sysfs_group,
	&xen_version_group,
	NULL
};

static int __init xen_sysfs_init(void)
{
	int err;

	if (!xen_domain())
		return 0;
	/* Created by driver_init(); NULL if that ran out of memory. */
	if (!hypervisor_kobj)
		return -ENOMEM;

	err = sysfs_create_groups(hypervisor_kobj, xen_sysfs_groups);
	if (err)
		pr_err("cannot create /sys/hypervisor attributes: %d\n", err);
	return err;
}
device_initcall(xen_sysfs_init);
