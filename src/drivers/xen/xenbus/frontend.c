// SPDX-License-Identifier: GPL-2.0
/*
 * The xenbus frontend bus, "xen": this domain's virtual devices, found in
 * xenstore under device/<type>/<id>, bound to xenbus drivers by type.
 *
 * Devices are found at boot and again whenever something changes under
 * "device" (hotplug); a device whose node disappears is removed.  The scans
 * run in a work item, not in xenwatch, so that a driver's probe and remove
 * may wait for watch callbacks.  A bound device watches its backend's
 * "state" and hands the driver every change.
 *
 * The nodes were written by the toolstack and the backend, not by us:
 * names and values are checked, and a device with bad ones is logged and
 * skipped.
 */

#define pr_fmt(fmt) "xenbus: " fmt

#include <linux/ctype.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/export.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/workqueue.h>

#include <xen/interface/io/xs_wire.h>
#include <xen/xenbus.h>

/* Longest <type> or <id> we take from device/; real ones are short. */
#define XENBUS_NAME_MAX		64

/* Transaction conflicts we retry before giving up on a state switch. */

static bool xenbus_frontend_ready;
/* Serialises scans: adding and removing devices. */
static DEFINE_MUTEX(xenbus_scan_lock);

/*
 * A <type> or <id> from device/ that is safe to paste into a path.  The
 * device is named "<type>-<id>": a '-' in <type> could make two nodes
 * ("a-b/c", "a/b-c") share that name, so <type> may not have one.
 */
static bool xenbus_valid_name(const char *name, bool dash_ok)
{
	size_t len = strlen(name);
	size_t i;

	if (!len || len > XENBUS_NAME_MAX)
		return false;
	for (i = 0; i < len; i++) {
		if (!isalnum(name[i]) && name[i] != '_' &&
		    !(dash_ok && name[i] == '-'))
			return false;
	}
	return true;
}

static int xenbus_match(struct device *dev, const struct device_driver *drv)
{
	return !strcmp(to_xenbus_driver(drv)->devicetype,
		       to_xenbus_device(dev)->devicetype);
}

static int xenbus_uevent(const struct device *dev, struct kobj_uevent_env *env)
{
	return add_uevent_var(env, "MODALIAS=xen:%s",
			      to_xenbus_device(dev)->devicetype);
}

/* The backend's state changed; runs in xenwatch while the driver is bound. */
static void xenbus_otherend_fired(struct xenstore_watch *watch,
				  const char *path)
{
	struct xenbus_device *xdev =
		container_of(watch, struct xenbus_device, otherend_watch);
	struct xenbus_driver *drv = to_xenbus_driver(xdev->dev.driver);
	enum xenbus_state state = xenbus_read_state(xdev->otherend);

	dev_dbg(&xdev->dev, "backend state %d\n", state);
	if (drv->otherend_changed)
		drv->otherend_changed(xdev, state);
}

static int xenbus_probe(struct device *dev)
{
	struct xenbus_device *xdev = to_xenbus_device(dev);
	struct xenbus_driver *drv = to_xenbus_driver(dev->driver);
	int err;

	if (!drv->probe)
		return -ENODEV;
	err = drv->probe(xdev);
	if (err)
		return err;

	/* Its first event gives the driver the backend's current state. */
	xdev->otherend_watch.fire = xenbus_otherend_fired;
	err = xenstore_watch_add(&xdev->otherend_watch);
	if (err) {
		dev_err(dev, "cannot watch %s: %d\n",
			xdev->otherend_watch.path, err);
		if (drv->remove)
			drv->remove(xdev);
		return err;
	}
	return 0;
}

static void xenbus_remove(struct device *dev)
{
	struct xenbus_device *xdev = to_xenbus_device(dev);
	struct xenbus_driver *drv = to_xenbus_driver(dev->driver);

	/* No more otherend_changed() once remove() starts. */
	xenstore_watch_remove(&xdev->otherend_watch);
	if (drv->remove)
		drv->remove(xdev);
}

static ssize_t nodename_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	return sysfs_emit(buf, "%s\n", to_xenbus_device(dev)->nodename);
}
static DEVICE_ATTR_RO(nodename);

static ssize_t devtype_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%s\n", to_xenbus_device(dev)->devicetype);
}
static DEVICE_ATTR_RO(devtype);

static ssize_t modalias_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	return sysfs_emit(buf, "xen:%s\n", to_xenbus_device(dev)->devicetype);
}
static DEVICE_ATTR_RO(modalias);

static struct attribute *xenbus_dev_attrs[] = {
	&dev_attr_nodename.attr, &dev_attr_devtype.attr, &dev_attr_modalias.attr,
	NULL
};
ATTRIBUTE_GROUPS(xenbus_dev);

static const struct bus_type xenbus_frontend_bus = {
	.match		= xenbus_match,
	/* MODALIAS=xen:<type>, for module autoloading. */
	.uevent		= xenbus_uevent,
	.name		= "xen",
	.probe		= xenbus_probe,
	.remove		= xenbus_remove,
	.dev_groups	= xenbus_dev_groups,
};

static void xenbus_release(struct device *dev)
{
	struct xenbus_device *xdev = to_xenbus_device(dev);

	kfree(xdev->otherend_watch.path);
	kfree(xdev->otherend);
	kfree(xdev->nodename);
	kfree(xdev->devicetype);
	kfree(xdev);
}

static int xenbus_match_nodename(struct device *dev, const void *nodename)
{
	return !strcmp(to_xenbus_device(dev)->nodename, nodename);
}

/* The device for @nodename, with a reference, or NULL. */
static struct device *xenbus_find_device(const char *nodename)
{
	return bus_find_device(&xenbus_frontend_bus, NULL, nodename,
			       xenbus_match_nodename);
}

/*
 * The backend's path from <nodename>/backend: absolute, non-empty, no
 * hidden NUL, and short enough to append "/state" to.
 */
static char *xenbus_read_backend(const char *nodename)
{
	unsigned int len;
	char *path;

	path = xenstore_read(XS_NO_TXN, nodename, "backend", &len);
	if (IS_ERR(path))
		return path;
	if (len < 2 || path[0] != '/' || strlen(path) != len ||
	    len > XENSTORE_ABS_PATH_MAX - sizeof("/state")) {
		kfree(path);
		return ERR_PTR(-EINVAL);
	}
	return path;
}

/* Register device/<type>/<id> (checked names); log and skip if it is bad. */
static void xenbus_add_device(const char *type, const char *id)
{
	struct xenbus_device *xdev;
	unsigned int backend_id;
	char *nodename, *backend;
	struct device *dev;
	int err;

	/* libxl's device/suspend/event-channel is a node, not a device. */
	if (!strcmp(type, "suspend"))
		return;

	nodename = kasprintf(GFP_KERNEL, "device/%s/%s", type, id);
	if (!nodename)
		return;
	dev = xenbus_find_device(nodename);
	if (dev) {
		put_device(dev);
		kfree(nodename);
		return;
	}

	backend = xenbus_read_backend(nodename);
	if (IS_ERR(backend)) {
		pr_warn_ratelimited("%s: bad or missing backend: %ld\n",
				    nodename, PTR_ERR(backend));
		kfree(nodename);
		return;
	}
	err = xenstore_read_uint(XS_NO_TXN, nodename, "backend-id",
				 &backend_id);
	if (!err && backend_id >= DOMID_FIRST_RESERVED)
		err = -ERANGE;
	if (err) {
		pr_warn_ratelimited("%s: bad or missing backend-id: %d\n",
				    nodename, err);
		goto err_free;
	}

	xdev = kzalloc(sizeof(*xdev), GFP_KERNEL);
	if (!xdev)
		goto err_free;
	/* From here on the device owns nodename and backend. */
	xdev->nodename = nodename;
	xdev->devicetype = kstrdup(type, GFP_KERNEL);
	xdev->otherend_id = backend_id;
	xdev->otherend = backend;
	xdev->otherend_watch.path = kasprintf(GFP_KERNEL, "%s/state", backend);
	xdev->state = XenbusStateUnknown;
	xdev->dev.bus = &xenbus_frontend_bus;
	xdev->dev.release = xenbus_release;
	device_initialize(&xdev->dev);
	/* From here on the release function frees everything. */
	if (!xdev->devicetype || !xdev->otherend_watch.path)
		err = -ENOMEM;
	else
		err = dev_set_name(&xdev->dev, "%s-%s", type, id);
	if (!err)
		err = device_add(&xdev->dev);
	if (err) {
		pr_warn("%s: cannot add the device: %d\n", nodename, err);
		put_device(&xdev->dev);
	}
	return;

err_free:
	kfree(backend);
	kfree(nodename);
}

/* Remove devices whose node is gone; keep them on any other error. */
static int xenbus_device_gone(struct device *dev, const void *unused)
{
	char *value;

	value = xenstore_read(XS_NO_TXN, to_xenbus_device(dev)->nodename, "",
			      NULL);
	if (!IS_ERR(value)) {
		kfree(value);
		return 0;
	}
	return PTR_ERR(value) == -ENOENT;
}

static void xenbus_scan_type(const char *type)
{
	unsigned int n, i;
	char **ids;

	ids = xenstore_directory(XS_NO_TXN, "device", type, &n);
	if (IS_ERR(ids)) {
		if (PTR_ERR(ids) != -ENOENT)
			pr_warn("cannot list device/%s: %ld\n", type,
				PTR_ERR(ids));
		return;
	}
	for (i = 0; i < n; i++) {
		if (xenbus_valid_name(ids[i], true))
			xenbus_add_device(type, ids[i]);
		else
			pr_warn_ratelimited("device/%s: skipped a bad id\n",
					    type);
	}
	kfree(ids);
}

/* Bring the bus in line with device/: add what is new, remove what left. */
static void xenbus_scan(void)
{
	struct device *dev;
	unsigned int n, i;
	char **types;

	mutex_lock(&xenbus_scan_lock);
	types = xenstore_directory(XS_NO_TXN, "device", "", &n);
	if (!IS_ERR(types)) {
		for (i = 0; i < n; i++) {
			if (xenbus_valid_name(types[i], false))
				xenbus_scan_type(types[i]);
			else
				pr_warn_ratelimited("device/: skipped a bad type\n");
		}
		kfree(types);
	} else if (PTR_ERR(types) != -ENOENT) {
		pr_warn("cannot list device/: %ld\n", PTR_ERR(types));
	}

	while ((dev = bus_find_device(&xenbus_frontend_bus, NULL, NULL,
				      xenbus_device_gone))) {
		dev_info(dev, "node removed\n");
		device_unregister(dev);
		put_device(dev);
	}
	mutex_unlock(&xenbus_scan_lock);
}

static void xenbus_scan_workfn(struct work_struct *work)
{
	xenbus_scan();
}

static DECLARE_WORK(xenbus_scan_work, xenbus_scan_workfn);

/*
 * A change below device/<type>/<id>/ of a device we have is no news to
 * the bus (most are our own writes); anything else may add or remove one.
 */
static bool xenbus_change_inside_device(const char *path)
{
	const char *slash;
	struct device *dev;
	char *nodename;
	size_t skip;

	skip = str_has_prefix(path, "device/");
	if (!skip)
		return false;
	slash = strchr(path + skip, '/');
	if (slash)
		slash = strchr(slash + 1, '/');
	if (!slash)
		return false;

	nodename = kstrndup(path, slash - path, GFP_KERNEL);
	if (!nodename)
		return false;
	dev = xenbus_find_device(nodename);
	kfree(nodename);
	put_device(dev);
	return dev;
}

static void xenbus_devices_changed(struct xenstore_watch *watch,
				   const char *path)
{
	if (!xenbus_change_inside_device(path))
		queue_work(system_long_wq, &xenbus_scan_work);
}

static struct xenstore_watch xenbus_devices_watch = {
	.path = "device",
	.fire = xenbus_devices_changed,
};

/**
 * xenbus_read_state() - Read the "state" node of a xenbus device.
 * @dir: the device's xenstore path, ours or the backend's
 *
 * Context: process context; sleeps.
 * Return: the state, or XenbusStateUnknown if the node is missing or
 * holds anything but a known state.
 */
enum xenbus_state xenbus_read_state(const char *dir)
{
	unsigned int state;

	if (xenstore_read_uint(XS_NO_TXN, dir, "state", &state) ||
	    state > XenbusStateReconfigured)
		return XenbusStateUnknown;
	return state;
}
EXPORT_SYMBOL_GPL(xenbus_read_state);

/**
 * xenbus_otherend_lost() - Whether the backend's state is Unknown for good.
 * @dev: the device
 *
 * xenbus_read_state() says Unknown for any failure.  A driver that tears
 * down a connection on Unknown asks this first, so that an error of
 * xenstore's own (no memory, a malformed reply) does not cost a working
 * device.
 *
 * Context: process context; sleeps.
 * Return: true if the backend's state node is gone (its directory went,
 * e.g. with its driver domain) or holds no state we know.
 */
bool xenbus_otherend_lost(struct xenbus_device *dev)
{
	unsigned int state;
	int err;

	err = xenstore_read_uint(XS_NO_TXN, dev->otherend, "state", &state);
	if (!err)
		return state > XenbusStateReconfigured;
	return err == -ENOENT || err == -EINVAL || err == -ERANGE;
}
EXPORT_SYMBOL_GPL(xenbus_otherend_lost);

/**
 * xenbus_read_otherend_uint() - Read a number the backend may offer.
 * @dev: the device
 * @node: the node under the backend's directory, e.g. "feature-sg"
 * @def: the value if the backend does not offer @node
 *
 * For the optional nodes of a protocol: absent means @def; one that is
 * present but unreadable (not a number, xenstore error) also means @def,
 * with a warning, since the backend said something we cannot use.
 *
 * Context: process context; sleeps.
 * Return: the backend's value or @def.
 */
unsigned int xenbus_read_otherend_uint(struct xenbus_device *dev,
				       const char *node, unsigned int def)
{
	unsigned int val;
	int err;

	err = xenstore_read_uint(XS_NO_TXN, dev->otherend, node, &val);
	if (!err)
		return val;
	if (err != -ENOENT)
		dev_warn(&dev->dev, "backend's %s unreadable (%d), taking %u\n",
			 node, err, def);
	return def;
}
EXPORT_SYMBOL_GPL(xenbus_read_otherend_uint);

/* A device's state, written only while its node exists. */
struct xenbus_state_write {
	const struct xenbus_device *dev;
	enum xenbus_state state;
};

static int xenbus_write_state(u32 txn, void *ctx)
{
	const struct xenbus_state_write *w = ctx;
	char *value;

	value = xenstore_read(txn, w->dev->nodename, "", NULL);
	if (IS_ERR(value))
		return PTR_ERR(value);
	kfree(value);
	return xenstore_printf(txn, w->dev->nodename, "state", "%d", w->state);
}

/**
 * xenbus_switch_state() - Publish our state in <nodename>/state.
 * @dev: the device
 * @state: the new state
 *
 * Written in a transaction that first checks the device's node still
 * exists, so that a device the toolstack removed is not brought back.
 * On success @dev->state records @state.
 *
 * Context: process context; sleeps.
 * Return: 0 or a negative errno (-ENOENT if the device's node is gone).
 */
int xenbus_switch_state(struct xenbus_device *dev, enum xenbus_state state)
{
	struct xenbus_state_write w = { dev, state };
	int err;

	err = xenstore_transact(xenbus_write_state, &w);
	if (err == -ENOENT) {
		/* Unplugged: nobody is left to read the state. */
		dev_dbg(&dev->dev, "node gone, state %d not written\n", state);
		return err;
	}
	if (err) {
		dev_warn(&dev->dev, "cannot switch to state %d: %d\n", state,
			 err);
		return err;
	}
	dev->state = state;
	return 0;
}
EXPORT_SYMBOL_GPL(xenbus_switch_state);

/**
 * xenbus_dev_fatal() - Report that a device cannot go on.
 * @dev: the device
 * @err: the error, a negative errno
 * @fmt: printf() format of what failed
 *
 * Logs the message with @err, writes "<err> <message>" to
 * error/<nodename>/error for the toolstack and switches the device to
 * Closing.
 *
 * Context: process context; sleeps.
 */
void xenbus_dev_fatal(struct xenbus_device *dev, int err, const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;
	char *msg, *errdir;
	int ret = -ENOMEM;

	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	dev_err(&dev->dev, "%pV: %d\n", &vaf, err);
	va_end(args);

	va_start(args, fmt);
	msg = kvasprintf(GFP_KERNEL, fmt, args);
	va_end(args);
	errdir = kasprintf(GFP_KERNEL, "error/%s", dev->nodename);
	if (msg && errdir)
		ret = xenstore_printf(XS_NO_TXN, errdir, "error", "%d %s", err,
				      msg);
	if (ret)
		dev_warn(&dev->dev, "cannot record the error: %d\n", ret);
	kfree(errdir);
	kfree(msg);
	xenbus_switch_state(dev, XenbusStateClosing);
}
EXPORT_SYMBOL_GPL(xenbus_dev_fatal);

/**
 * xenbus_driver_register() - Register a xenbus frontend driver.
 * @drv: the driver, with @devicetype and its callbacks filled in
 *
 * Context: process context; sleeps.
 * Return: 0, -ENODEV if this domain has no xenbus, or a negative errno
 * from the driver core.
 */
int xenbus_driver_register(struct xenbus_driver *drv)
{
	if (!xenbus_frontend_ready)
		return -ENODEV;
	drv->driver.name = drv->devicetype;
	drv->driver.bus = &xenbus_frontend_bus;
	return driver_register(&drv->driver);
}
EXPORT_SYMBOL_GPL(xenbus_driver_register);

/**
 * xenbus_driver_unregister() - Unregister a xenbus frontend driver.
 * @drv: a driver xenbus_driver_register() accepted
 *
 * Context: process context; sleeps.
 */
void xenbus_driver_unregister(struct xenbus_driver *drv)
{
	driver_unregister(&drv->driver);
}
EXPORT_SYMBOL_GPL(xenbus_driver_unregister);

/*
 * At subsys_initcall, after xenstore's (link order): devices exist before
 * drivers register at device_initcall, which binds them.
 */
static int __init xenbus_frontend_init(void)
{
	int err;

	if (!xenstore_available())
		return 0;
	err = bus_register(&xenbus_frontend_bus);
	if (err) {
		pr_err("cannot register the bus: %d\n", err);
		return err;
	}
	xenbus_frontend_ready = true;

	xenbus_scan();
	/* Its first event rescans, which covers changes since the scan. */
	err = xenstore_watch_add(&xenbus_devices_watch);
	if (err)
		pr_err("cannot watch device/, no hotplug: %d\n", err);
	return 0;
}
subsys_initcall(xenbus_frontend_init);
