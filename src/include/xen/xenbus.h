/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Xenstore access and the xenbus frontend bus.
 *
 * Paths that do not start with '/' are relative to this domain's home,
 * /local/domain/<domid>; xenstored resolves them.  Every call sleeps and
 * returns a negative errno on failure, including when xenstored's reply
 * is malformed: it is that caller's error, never the bus's.
 */
#ifndef _XEN_XENBUS_H
#define _XEN_XENBUS_H

#include <linux/device.h>
#include <linux/list.h>
#include <linux/types.h>
#include <xen/interface/io/xenbus.h>
#include <xen/interface/xen.h>

/* Transaction id; XS_NO_TXN outside a transaction. */
#define XS_NO_TXN	0U

/* True once the xenstore ring is connected. */
bool xenstore_available(void);

/*
 * Read @dir/@node (@node may be "" for @dir itself).  Returns a kmalloc'd,
 * NUL-terminated copy (free with kfree) and its length in @len if @len is
 * not NULL, or an ERR_PTR.
 */
char *xenstore_read(u32 txn, const char *dir, const char *node,
		    unsigned int *len);
int xenstore_write(u32 txn, const char *dir, const char *node,
		   const char *value);
__printf(4, 5)
int xenstore_printf(u32 txn, const char *dir, const char *node,
		    const char *fmt, ...);
/* Read an unsigned decimal number; -EINVAL if the node holds anything else. */
int xenstore_read_u64(u32 txn, const char *dir, const char *node, u64 *value);
int xenstore_read_uint(u32 txn, const char *dir, const char *node,
		       unsigned int *value);
int xenstore_rm(u32 txn, const char *dir, const char *node);
/*
 * The children of @dir/@node: a kmalloc'd array of *@num strings (one
 * allocation, free with kfree), or an ERR_PTR.
 */
char **xenstore_directory(u32 txn, const char *dir, const char *node,
			  unsigned int *num);

int xenstore_transaction_start(u32 *txn);
/* Commit (or abort); -EAGAIN means "conflict, run the transaction again". */
int xenstore_transaction_end(u32 txn, bool abort);
/* Run @fn in a transaction, again on each conflict; 0 once committed. */
int xenstore_transact(int (*fn)(u32 txn, void *ctx), void *ctx);

/*
 * A watch on a path and everything below it.  xenstored fires it once when
 * it is added, then on each change.  Callbacks run one at a time in the
 * "xenwatch" thread and may sleep and use xenstore.
 */
struct xenstore_watch {
	const char *path;
	void (*fire)(struct xenstore_watch *watch, const char *path);
	/* private to xenstore.c */
	struct list_head list;
	char token[24];
};

int xenstore_watch_add(struct xenstore_watch *watch);
/* When this returns, the callback is neither running nor queued. */
void xenstore_watch_remove(struct xenstore_watch *watch);

/* The xenbus frontend bus: devices under device/<type>/<id>. */

struct xenbus_device {
	const char *devicetype;		/* "vbd", "vif", ... */
	const char *nodename;		/* "device/vbd/768" */
	const char *otherend;		/* the backend's path, from "backend" */
	domid_t otherend_id;		/* from "backend-id" */
	enum xenbus_state state;	/* what we last wrote to our "state" */
	struct xenstore_watch otherend_watch;
	struct device dev;
};

#define to_xenbus_device(d) container_of_const(d, struct xenbus_device, dev)

struct xenbus_driver {
	/* The one device type it drives ("vbd", "vif"); also its name. */
	const char *devicetype;
	int (*probe)(struct xenbus_device *dev);
	/* The backend's "state" changed (or could not be read: Unknown). */
	void (*otherend_changed)(struct xenbus_device *dev,
				 enum xenbus_state backend_state);
	void (*remove)(struct xenbus_device *dev);
	struct device_driver driver;
};

#define to_xenbus_driver(d) container_of_const(d, struct xenbus_driver, driver)

int xenbus_driver_register(struct xenbus_driver *drv);
void xenbus_driver_unregister(struct xenbus_driver *drv);

/* Publish our state in <nodename>/state. */
int xenbus_switch_state(struct xenbus_device *dev, enum xenbus_state state);

/* Read a "state" node; XenbusStateUnknown if missing or not a state. */
enum xenbus_state xenbus_read_state(const char *dir);
/* The backend's state node is gone or nonsense, not just unreadable now. */
bool xenbus_otherend_lost(struct xenbus_device *dev);

/* The backend's optional number @node: @def if absent or unreadable. */
unsigned int xenbus_read_otherend_uint(struct xenbus_device *dev,
				       const char *node, unsigned int def);

/*
 * The device cannot go on: log the message with @err, record it in
 * error/<nodename>/error for the toolstack, and switch to Closing.
 */
__printf(3, 4)
void xenbus_dev_fatal(struct xenbus_device *dev, int err, const char *fmt, ...);

#endif /* _XEN_XENBUS_H */
