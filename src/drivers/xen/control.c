// SPDX-License-Identifier: GPL-2.0
/*
 * The toolstack's requests through this domain's control/ directory.
 *
 * "xl shutdown", "xl reboot" and "xl sysrq" write a command to
 * control/shutdown or control/sysrq; the guest acknowledges it by writing
 * the empty string back, then acts.  The control/feature-* nodes tell the
 * toolstack which requests we answer, so that it need not wait for a
 * timeout before trying something else.
 */
#define pr_fmt(fmt) "xen control: " fmt

#include <linux/err.h>
#include <linux/init.h>
#include <linux/minmax.h>
#include <linux/printk.h>
#include <linux/reboot.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysrq.h>
#include <linux/types.h>
#include <xen/xen.h>
#include <xen/xenbus.h>

/* How much of a request we do not understand goes to the log. */
#define CONTROL_LOG_MAX		32U

/* A request in control/@node, as one run of the transaction saw it. */
struct control_request {
	const char *node;
	char *req;
	unsigned int len;
};

static int control_take_txn(u32 txn, void *ctx)
{
	struct control_request *r = ctx;
	char *req;

	/* What a run that conflicted read is stale. */
	kfree(r->req);
	r->req = NULL;
	req = xenstore_read(txn, "control", r->node, &r->len);
	if (IS_ERR(req))
		return PTR_ERR(req);
	r->req = req;
	/* Nothing asked, or our own "" firing the watch again. */
	if (!r->len)
		return -ENODATA;
	return xenstore_write(txn, "control", r->node, "");
}

/*
 * Take the request in control/@node: read it and acknowledge it by writing
 * "" in one transaction, so that each request is taken exactly once even
 * when the toolstack writes again meanwhile.  Returns the request (kfree
 * it) with its length in *@len, or NULL if there is none or on error.
 */
static char *control_take_request(const char *node, unsigned int *len)
{
	struct control_request r = { .node = node };
	int err;

	err = xenstore_transact(control_take_txn, &r);
	if (!err) {
		*len = r.len;
		return r.req;
	}
	kfree(r.req);
	if (err != -ENOENT && err != -ENODATA)
		pr_warn("cannot take the request in control/%s: %d\n", node, err);
	return NULL;
}

/* Compare lengths too: a value may hide more bytes behind a NUL. */
static bool control_request_is(const char *req, unsigned int len,
			       const char *cmd)
{
	return len == strlen(cmd) && !memcmp(req, cmd, len);
}

static void control_shutdown_fired(struct xenstore_watch *watch,
				   const char *path)
{
	unsigned int len;
	char *req;

	req = control_take_request("shutdown", &len);
	if (!req)
		return;

	if (control_request_is(req, len, "poweroff") ||
	    control_request_is(req, len, "halt")) {
		pr_info("the toolstack asked for %s\n", req);
		orderly_poweroff(false);
	} else if (control_request_is(req, len, "reboot")) {
		pr_info("the toolstack asked for a reboot\n");
		orderly_reboot();
	} else if (control_request_is(req, len, "suspend")) {
		/* Not advertised in feature-suspend: the toolstack times out. */
		pr_warn("suspend requested, but this kernel cannot suspend yet\n");
	} else {
		pr_warn_ratelimited("unknown shutdown request \"%*pEhp\"\n",
				    min(len, CONTROL_LOG_MAX), req);
	}
	kfree(req);
}

/* One key, as if typed after Alt-SysRq. */
static void control_sysrq_fired(struct xenstore_watch *watch, const char *path)
{
	unsigned int len;
	char *req;

	req = control_take_request("sysrq", &len);
	if (!req)
		return;

	if (len == 1 && req[0])
		handle_sysrq(req[0]);
	else
		pr_warn_ratelimited("ignoring sysrq request \"%*pEhp\": not one key\n",
				    min(len, CONTROL_LOG_MAX), req);
	kfree(req);
}

static struct xenstore_watch control_shutdown_watch = {
	.path = "control/shutdown",
	.fire = control_shutdown_fired,
};

static struct xenstore_watch control_sysrq_watch = {
	.path = "control/sysrq",
	.fire = control_sysrq_fired,
};

/*
 * The toolstack may have left control/ read-only to us: then it does not
 * learn what we support, but requests are still answered.
 */
static void control_advertise(const char *feature)
{
	int err;

	err = xenstore_write(XS_NO_TXN, "control", feature, "1");
	if (err)
		pr_info("cannot write control/%s: %d\n", feature, err);
}

static int __init control_init(void)
{
	int err;

	/* dom0 is shut down from within; its xenstored may not run yet. */
	if (!xen_domain() || xen_initial_domain())
		return 0;
	if (!xenstore_available()) {
		pr_warn("no xenstore: shutdown and sysrq requests are ignored\n");
		return -ENODEV;
	}

	err = xenstore_watch_add(&control_shutdown_watch);
	if (err) {
		pr_err("cannot watch control/shutdown: %d\n", err);
		return err;
	}
	control_advertise("feature-poweroff");
	control_advertise("feature-reboot");

	/*
	 * No feature-sysrq: libxl does not let a guest create it (EACCES),
	 * and xl sysrq writes control/sysrq regardless.
	 */
	if (IS_ENABLED(CONFIG_MAGIC_SYSRQ)) {
		err = xenstore_watch_add(&control_sysrq_watch);
		if (err)
			pr_err("cannot watch control/sysrq: %d\n", err);
	}
	return 0;
}
late_initcall(control_init);
