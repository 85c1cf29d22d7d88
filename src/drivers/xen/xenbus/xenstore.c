// SPDX-License-Identifier: GPL-2.0
/*
 * The xenstore client of Xen guests.
 *
 * Requests and replies travel through the ring page Xen's toolstack set up
 * for us (HVM_PARAM_STORE_PFN, or a PV guest's start_info) and its event
 * channel.  A caller writes its
 * request under xs_write_lock, then sleeps until the "xenbus" thread, which
 * drains the response ring, hands it the reply carrying its req_id.  Watch
 * events go to a queue that the "xenwatch" thread works through, one
 * callback at a time.
 *
 * xenstored is another domain: every index and header it gives us is copied
 * once and checked with the xs_wire.h helpers.  A bad reply fails only the
 * request it answers; a ring we can no longer make sense of is stopped for
 * good, and every caller then gets -EIO.
 */

#define pr_fmt(fmt) "xenstore: " fmt

#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/completion.h>
#include <linux/err.h>
#include <linux/export.h>
#include <linux/init.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/limits.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/pfn.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/wait.h>

#include <xen/events.h>
#include <xen/interface/hvm/params.h>
#include <xen/xen-guest.h>
#include <xen/xen.h>
#include <xen/xenbus.h>

#include "xs_wire.h"

enum xs_state {
	XS_ABSENT,	/* no ring (yet): requests fail with -ENODEV */
	XS_LIVE,
	XS_DEAD,	/* stopped for good: requests fail with -EIO */
};

/* How long a boot waits for xenstored to finish a ring reset it found. */
#define XS_RECONNECT_TIMEOUT	(10 * HZ)

/* Watch events waiting for xenwatch; more are dropped (a flooding peer). */
#define XS_MAX_QUEUED_EVENTS	1024

static struct xenstore_domain_interface *xs_intf;
static evtchn_port_t xs_port;
static int xs_irq = -1;

/* Our own indices: written to the page, never read back from it. */
static XENSTORE_RING_IDX xs_req_prod;	/* under xs_write_lock */
static XENSTORE_RING_IDX xs_rsp_cons;	/* the reader thread's */

/* Serialises writers, so that messages do not interleave on the ring. */
static DEFINE_MUTEX(xs_write_lock);

/* Protects xs_state changes, xs_pending and xs_next_req_id. */
static DEFINE_SPINLOCK(xs_lock);
static enum xs_state xs_state;
static LIST_HEAD(xs_pending);
static u32 xs_next_req_id;

#define XS_IRQ_PENDING	0
static unsigned long xs_irq_flags;
static DECLARE_WAIT_QUEUE_HEAD(xs_reader_wq);
/* Woken after each batch of events: ring space, connection, death. */
static DECLARE_WAIT_QUEUE_HEAD(xs_space_wq);
static struct task_struct *xs_reader_task;

/* A request waiting for its reply; lives on its sender's stack. */
struct xs_request {
	struct list_head list;	/* in xs_pending until answered */
	struct completion done;
	u32 req_id;
	u32 type;
	int err;
	char *reply;		/* kmalloc'd, NUL-terminated, if !err */
	unsigned int len;
};

/* One piece of a request payload. */
struct xs_iov {
	const void *data;
	size_t len;
};

/*
 * The message being received.  Its payload may be larger than the ring, so
 * it can arrive over several events; the buffer is static so that a failed
 * allocation can never leave the stream out of step.
 */
static struct {
	struct xsd_sockmsg hdr;
	bool have_hdr;
	unsigned int got;
	char body[XENSTORE_PAYLOAD_MAX + 1];
} xs_rx;

/* Registered watches, found by token. */
static LIST_HEAD(xs_watches);
static DEFINE_SPINLOCK(xs_watches_lock);
static atomic64_t xs_watch_seq = ATOMIC64_INIT(0);

struct xs_watch_event {
	struct list_head list;
	const char *path;
	const char *token;
	char payload[];		/* "<path>\0<token>\0..." */
};

static LIST_HEAD(xs_events);
static unsigned int xs_nr_events;
static DEFINE_SPINLOCK(xs_events_lock);
static DECLARE_WAIT_QUEUE_HEAD(xs_events_wq);
/* Held by xenwatch while a callback runs, so that removal can wait for it. */
static DEFINE_MUTEX(xs_watch_run_lock);
static struct task_struct *xs_watch_task;

/* Stop the ring for good and fail every request with -EIO. */
static __printf(1, 2) void xs_fatal(const char *fmt, ...)
{
	struct xs_request *req, *tmp;
	struct va_format vaf;
	va_list args;

	spin_lock(&xs_lock);
	if (xs_state == XS_DEAD) {
		spin_unlock(&xs_lock);
		return;
	}
	WRITE_ONCE(xs_state, XS_DEAD);
	list_for_each_entry_safe(req, tmp, &xs_pending, list) {
		list_del_init(&req->list);
		req->err = -EIO;
		complete(&req->done);
	}
	spin_unlock(&xs_lock);

	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	pr_err("%pV: ring stopped, requests fail with -EIO\n", &vaf);
	va_end(args);
	wake_up_all(&xs_space_wq);
}

/* xenstored says it gave up on us; the field is only valid if offered. */
static u32 xs_server_error(void)
{
	if (!(READ_ONCE(xs_intf->server_features) &
	      XENSTORE_SERVER_FEATURE_ERROR))
		return XENSTORE_ERROR_NONE;
	return READ_ONCE(xs_intf->error);
}

/* Free bytes in the request ring, or -EIO if it is dead or inconsistent. */
static int xs_req_space(void)
{
	if (READ_ONCE(xs_state) == XS_DEAD)
		return -EIO;
	return xs_ring_writable(READ_ONCE(xs_intf->req_cons), xs_req_prod);
}

/* Copy @len bytes into the request ring, waiting for room.  Sleeps. */
static int xs_write_bytes(const void *data, size_t len)
{
	while (len) {
		unsigned int n, first;
		int space;

		space = xs_req_space();
		if (!space) {
			/* Make sure xenstored knows there is something to take. */
			xen_evtchn_notify(xs_port);
			wait_event(xs_space_wq, (space = xs_req_space()) != 0);
		}
		if (space < 0) {
			xs_fatal("bad request ring indices");
			return -EIO;
		}
		/* xenstored's reads of the space we reuse come first. */
		virt_mb();

		n = min_t(size_t, len, space);
		first = xs_ring_chunk(xs_req_prod, n);
		memcpy(xs_intf->req + MASK_XENSTORE_IDX(xs_req_prod), data,
		       first);
		memcpy(xs_intf->req, data + first, n - first);
		/* The bytes, then the index that hands them over. */
		virt_wmb();
		xs_req_prod += n;
		WRITE_ONCE(xs_intf->req_prod, xs_req_prod);

		data += n;
		len -= n;
	}
	return 0;
}

/*
 * Send one request and wait for its reply.  On success *@reply (if @reply
 * is not NULL) is the kmalloc'd payload with a NUL added, *@reply_len its
 * length without it.
 */
static int xs_talk(u32 txn, u32 type, const struct xs_iov *iov,
		   unsigned int niov, char **reply, unsigned int *reply_len)
{
	struct xsd_sockmsg hdr = { .type = type, .tx_id = txn };
	struct xs_request req = { .type = type };
	unsigned int i;
	int err;

	might_sleep();
	for (i = 0; i < niov; i++) {
		/* xenstored drops a client that sends more. */
		if (iov[i].len > XENSTORE_PAYLOAD_MAX - hdr.len)
			return -E2BIG;
		hdr.len += iov[i].len;
	}
	init_completion(&req.done);

	/* Behind a writer stuck on a full ring: let a killed caller go. */
	if (mutex_lock_killable(&xs_write_lock))
		return -EINTR;
	spin_lock(&xs_lock);
	if (xs_state != XS_LIVE) {
		err = xs_state == XS_DEAD ? -EIO : -ENODEV;
		spin_unlock(&xs_lock);
		mutex_unlock(&xs_write_lock);
		return err;
	}
	/* Listed before it is sent, so that even a quick reply finds it. */
	req.req_id = xs_next_req_id++;
	hdr.req_id = req.req_id;
	list_add_tail(&req.list, &xs_pending);
	spin_unlock(&xs_lock);

	/* A failed write stops the ring, which answers us with -EIO. */
	err = xs_write_bytes(&hdr, sizeof(hdr));
	for (i = 0; !err && i < niov; i++)
		err = xs_write_bytes(iov[i].data, iov[i].len);
	xen_evtchn_notify(xs_port);
	mutex_unlock(&xs_write_lock);

	/*
	 * No timeout: xenstored may be slow.  A dead ring answers everyone;
	 * a fatal signal abandons the request, whose reply is then dropped.
	 */
	if (wait_for_completion_killable(&req.done)) {
		spin_lock(&xs_lock);
		if (!list_empty(&req.list)) {
			list_del(&req.list);
			spin_unlock(&xs_lock);
			return -EINTR;
		}
		/* Answered meanwhile: the reply is ours to use or free. */
		spin_unlock(&xs_lock);
	}

	if (req.err)
		return req.err;
	if (reply_len)
		*reply_len = req.len;
	if (reply)
		*reply = req.reply;
	else
		kfree(req.reply);
	return 0;
}

/* The request payload "<dir>/<node>\0", or "<dir>\0" if @node is empty. */
static unsigned int xs_path_iov(struct xs_iov *iov, const char *dir,
				const char *node)
{
	unsigned int n = 0;

	iov[n++] = (struct xs_iov){ dir, strlen(dir) };
	if (node && node[0]) {
		iov[n++] = (struct xs_iov){ "/", 1 };
		iov[n++] = (struct xs_iov){ node, strlen(node) };
	}
	iov[n++] = (struct xs_iov){ "", 1 };
	return n;
}

/* A request on one path, followed by @value (no NUL) if not NULL. */
static int xs_path_op(u32 txn, u32 type, const char *dir, const char *node,
		      const char *value, char **reply, unsigned int *len)
{
	struct xs_iov iov[5];
	unsigned int n = xs_path_iov(iov, dir, node);

	if (value)
		iov[n++] = (struct xs_iov){ value, strlen(value) };
	return xs_talk(txn, type, iov, n, reply, len);
}

/* Copy @len bytes out of the response ring, consuming them. */
static void xs_ring_read(void *dst, unsigned int len)
{
	unsigned int first = xs_ring_chunk(xs_rsp_cons, len);

	memcpy(dst, xs_intf->rsp + MASK_XENSTORE_IDX(xs_rsp_cons), first);
	memcpy(dst + first, xs_intf->rsp, len - first);
	xs_rsp_cons += len;
}

static struct xs_request *xs_find_request(u32 req_id)
{
	struct xs_request *req;

	lockdep_assert_held(&xs_lock);
	list_for_each_entry(req, &xs_pending, list) {
		if (req->req_id == req_id)
			return req;
	}
	return NULL;
}

/* Hand a reply (@body is NUL-terminated) to the request it answers. */
static void xs_complete_request(const struct xsd_sockmsg *hdr,
				const char *body)
{
	struct xs_request *req;
	char *copy = NULL;
	int err = 0;

	if (hdr->type == XS_ERROR) {
		err = xs_reply_errno(body, hdr->len);
	} else {
		copy = kmemdup(body, hdr->len + 1, GFP_KERNEL);
		if (!copy)
			err = -ENOMEM;
	}

	spin_lock(&xs_lock);
	req = xs_find_request(hdr->req_id);
	if (!req) {
		spin_unlock(&xs_lock);
		/* Abandoned by a killed caller, or made up by xenstored. */
		pr_warn_ratelimited("dropped reply to unknown request %u\n",
				    hdr->req_id);
		kfree(copy);
		return;
	}
	/* A reply carries its request's type, or XS_ERROR. */
	if (!err && hdr->type != req->type) {
		pr_warn_ratelimited("reply of type %u to a request of type %u\n",
				    hdr->type, req->type);
		err = -EIO;
	}
	if (err) {
		kfree(copy);
		copy = NULL;
	}
	list_del_init(&req->list);
	req->err = err;
	req->reply = copy;
	req->len = hdr->len;
	complete(&req->done);
	spin_unlock(&xs_lock);
}

/* Queue a watch event for xenwatch; its token is only looked up there. */
static void xs_queue_watch_event(const char *body, unsigned int len)
{
	struct xs_watch_event *ev;
	const char *path, *token;

	if (xs_parse_watch_event(body, len, &path, &token)) {
		pr_warn_ratelimited("dropped malformed watch event\n");
		return;
	}
	/* The allocator reports a failure; the event is lost like one dropped. */
	ev = kmalloc(struct_size(ev, payload, len + 1), GFP_KERNEL);
	if (!ev)
		return;
	memcpy(ev->payload, body, len + 1);
	ev->path = ev->payload + (path - body);
	ev->token = ev->payload + (token - body);

	spin_lock(&xs_events_lock);
	if (xs_nr_events >= XS_MAX_QUEUED_EVENTS) {
		spin_unlock(&xs_events_lock);
		pr_warn_ratelimited("too many watch events queued, dropped one\n");
		kfree(ev);
		return;
	}
	list_add_tail(&ev->list, &xs_events);
	WRITE_ONCE(xs_nr_events, xs_nr_events + 1);
	spin_unlock(&xs_events_lock);
	wake_up(&xs_events_wq);
}

/*
 * Drain the response ring into xs_rx and dispatch each complete message.
 * Returns when the ring holds no full header or only part of a payload,
 * or once the ring has been stopped.
 */
static void xs_process_responses(void)
{
	bool consumed = false;

	for (;;) {
		unsigned int n;
		int avail;

		if (READ_ONCE(xs_state) == XS_DEAD)
			return;
		avail = xs_ring_readable(xs_rsp_cons,
					 READ_ONCE(xs_intf->rsp_prod));
		if (avail < 0) {
			xs_fatal("bad response ring indices");
			return;
		}
		/* The index that says the bytes are there, then the bytes. */
		virt_rmb();

		if (!xs_rx.have_hdr) {
			if (avail < sizeof(xs_rx.hdr))
				break;
			xs_ring_read(&xs_rx.hdr, sizeof(xs_rx.hdr));
			avail -= sizeof(xs_rx.hdr);
			consumed = true;
			/* A bad header means we lost the message boundaries. */
			if (xs_check_header(&xs_rx.hdr)) {
				xs_fatal("bad message header (type %u, length %u)",
					 xs_rx.hdr.type, xs_rx.hdr.len);
				return;
			}
			xs_rx.have_hdr = true;
			xs_rx.got = 0;
		}

		n = min_t(unsigned int, avail, xs_rx.hdr.len - xs_rx.got);
		xs_ring_read(xs_rx.body + xs_rx.got, n);
		xs_rx.got += n;
		if (n)
			consumed = true;
		/* Our reads are done before xenstored may reuse the space. */
		virt_mb();
		WRITE_ONCE(xs_intf->rsp_cons, xs_rsp_cons);
		if (xs_rx.got < xs_rx.hdr.len)
			break;

		xs_rx.body[xs_rx.hdr.len] = '\0';
		xs_rx.have_hdr = false;
		if (xs_rx.hdr.type == XS_WATCH_EVENT)
			xs_queue_watch_event(xs_rx.body, xs_rx.hdr.len);
		else
			xs_complete_request(&xs_rx.hdr, xs_rx.body);
		/* A peer that keeps the ring full must not hog the CPU. */
		cond_resched();
	}
	/* xenstored may be waiting for room to send the rest. */
	if (consumed)
		xen_evtchn_notify(xs_port);
}

static irqreturn_t xs_interrupt(int irq, void *dev_id)
{
	set_bit(XS_IRQ_PENDING, &xs_irq_flags);
	wake_up(&xs_reader_wq);
	return IRQ_HANDLED;
}

/* The "xenbus" thread: the ring's only reader. */
static int xs_reader_thread(void *unused)
{
	for (;;) {
		u32 server_err;

		/* xs_irq is set once the bind returns; the port may fire first. */
		wait_event_idle(xs_reader_wq,
				(READ_ONCE(xs_irq) >= 0 &&
				 test_bit(XS_IRQ_PENDING, &xs_irq_flags)) ||
				kthread_should_stop());
		if (kthread_should_stop())
			break;
		clear_bit(XS_IRQ_PENDING, &xs_irq_flags);

		/* Pairs with the release that made the ring live. */
		if (smp_load_acquire(&xs_state) == XS_LIVE) {
			server_err = xs_server_error();
			if (server_err != XENSTORE_ERROR_NONE)
				xs_fatal("xenstored reports error %u",
					 server_err);
			else
				xs_process_responses();
		}
		wake_up_all(&xs_space_wq);
		/* A dead ring's port stays masked: nothing more to hear. */
		if (READ_ONCE(xs_state) != XS_DEAD)
			xen_irq_lateeoi(xs_irq);
	}
	return 0;
}

static struct xenstore_watch *xs_find_watch(const char *token)
{
	struct xenstore_watch *watch;

	lockdep_assert_held(&xs_watches_lock);
	list_for_each_entry(watch, &xs_watches, list) {
		if (!strcmp(watch->token, token))
			return watch;
	}
	return NULL;
}

/* The "xenwatch" thread: runs the callbacks, one at a time. */
static int xs_watch_thread(void *unused)
{
	struct xenstore_watch *watch;
	struct xs_watch_event *ev;

	for (;;) {
		wait_event_idle(xs_events_wq, READ_ONCE(xs_nr_events) ||
				kthread_should_stop());
		if (kthread_should_stop())
			break;

		spin_lock(&xs_events_lock);
		ev = list_first_entry_or_null(&xs_events, struct xs_watch_event,
					      list);
		if (ev) {
			list_del(&ev->list);
			WRITE_ONCE(xs_nr_events, xs_nr_events - 1);
		}
		spin_unlock(&xs_events_lock);
		if (!ev)
			continue;

		/*
		 * Look the token up with the run lock held: a watch removed
		 * before this is not found, and one removed after waits for
		 * its callback.  Nothing here touches @watch after fire().
		 */
		mutex_lock(&xs_watch_run_lock);
		spin_lock(&xs_watches_lock);
		watch = xs_find_watch(ev->token);
		spin_unlock(&xs_watches_lock);
		if (watch)
			watch->fire(watch, ev->path);
		mutex_unlock(&xs_watch_run_lock);
		kfree(ev);
	}
	return 0;
}

/* Send XS_WATCH or XS_UNWATCH: "<path>\0<token>\0". */
static int xs_watch_request(u32 type, struct xenstore_watch *watch)
{
	struct xs_iov iov[] = {
		{ watch->path, strlen(watch->path) + 1 },
		{ watch->token, strlen(watch->token) + 1 },
	};

	return xs_talk(XS_NO_TXN, type, iov, ARRAY_SIZE(iov), NULL, NULL);
}

/* Stop delivering to @watch: unlist it, drop its events, wait out fire(). */
static void xs_watch_forget(struct xenstore_watch *watch)
{
	struct xs_watch_event *ev, *tmp;
	LIST_HEAD(dropped);

	spin_lock(&xs_watches_lock);
	list_del_init(&watch->list);
	spin_unlock(&xs_watches_lock);

	/* Tokens are never reused, so these can only be @watch's. */
	spin_lock(&xs_events_lock);
	list_for_each_entry_safe(ev, tmp, &xs_events, list) {
		if (!strcmp(ev->token, watch->token)) {
			list_move(&ev->list, &dropped);
			WRITE_ONCE(xs_nr_events, xs_nr_events - 1);
		}
	}
	spin_unlock(&xs_events_lock);
	list_for_each_entry_safe(ev, tmp, &dropped, list)
		kfree(ev);

	/*
	 * In xenwatch itself the callback running is the caller's, so none
	 * of @watch's can be: waiting for the run lock would deadlock.
	 */
	if (current != xs_watch_task) {
		mutex_lock(&xs_watch_run_lock);
		mutex_unlock(&xs_watch_run_lock);
	}
}

/**
 * xenstore_available() - Whether xenstore can be used.
 *
 * Return: true once the ring is connected; false before, without one, or
 * after it has been stopped for a fatal error.
 */
bool xenstore_available(void)
{
	return READ_ONCE(xs_state) == XS_LIVE;
}
EXPORT_SYMBOL_GPL(xenstore_available);

/**
 * xenstore_read() - Read a node's value.
 * @txn: transaction id, or XS_NO_TXN
 * @dir: the node's path, or its parent's
 * @node: the node's name under @dir, or "" for @dir itself
 * @len: if not NULL, receives the value's length in bytes
 *
 * Context: process context; sleeps.
 * Return: the value, kmalloc'd and NUL-terminated (free with kfree()), or
 * an ERR_PTR: -ENOENT for a missing node, another negative errno from
 * xenstored, or -EIO if the ring failed.
 */
char *xenstore_read(u32 txn, const char *dir, const char *node,
		    unsigned int *len)
{
	unsigned int n;
	char *value;
	int err;

	err = xs_path_op(txn, XS_READ, dir, node, NULL, &value, &n);
	if (err)
		return ERR_PTR(err);
	if (len)
		*len = n;
	return value;
}
EXPORT_SYMBOL_GPL(xenstore_read);

/**
 * xenstore_write() - Write a node's value, creating it if needed.
 * @txn: transaction id, or XS_NO_TXN
 * @dir: the node's path, or its parent's
 * @node: the node's name under @dir, or "" for @dir itself
 * @value: the new value, a string (its NUL is not stored)
 *
 * Context: process context; sleeps.
 * Return: 0 or a negative errno.
 */
int xenstore_write(u32 txn, const char *dir, const char *node,
		   const char *value)
{
	return xs_path_op(txn, XS_WRITE, dir, node, value, NULL, NULL);
}
EXPORT_SYMBOL_GPL(xenstore_write);

/**
 * xenstore_printf() - Write a formatted value to a node.
 * @txn: transaction id, or XS_NO_TXN
 * @dir: the node's path, or its parent's
 * @node: the node's name under @dir, or "" for @dir itself
 * @fmt: printf() format of the value
 *
 * Context: process context; sleeps.
 * Return: 0 or a negative errno.
 */
int xenstore_printf(u32 txn, const char *dir, const char *node,
		    const char *fmt, ...)
{
	va_list args;
	char *value;
	int err;

	va_start(args, fmt);
	value = kvasprintf(GFP_KERNEL, fmt, args);
	va_end(args);
	/* The value is a string without its NUL, like every xenstore value. */
	err = value ? xenstore_write(txn, dir, node, value) : -ENOMEM;
	kfree(value);
	return err;
}
EXPORT_SYMBOL_GPL(xenstore_printf);

/**
 * xenstore_read_u64() - Read a node holding an unsigned decimal number.
 * @txn: transaction id, or XS_NO_TXN
 * @dir: the node's path, or its parent's
 * @node: the node's name under @dir, or "" for @dir itself
 * @value: receives the number; left alone on failure
 *
 * Context: process context; sleeps.
 * Return: 0, -EINVAL or -ERANGE if the node holds anything but a number
 * that fits, or the error reading it.
 */
int xenstore_read_u64(u32 txn, const char *dir, const char *node, u64 *value)
{
	unsigned int len;
	char *str;
	int err;

	str = xenstore_read(txn, dir, node, &len);
	if (IS_ERR(str))
		return PTR_ERR(str);
	/* An embedded NUL would hide whatever follows it from kstrtoull(). */
	err = strlen(str) == len ? kstrtoull(str, 10, value) : -EINVAL;
	kfree(str);
	return err;
}
EXPORT_SYMBOL_GPL(xenstore_read_u64);

/**
 * xenstore_read_uint() - xenstore_read_u64() for a number that fits an int
 * @txn: transaction id, or XS_NO_TXN
 * @dir: the node's path, or its parent's
 * @node: the node's name under @dir, or "" for @dir itself
 * @value: receives the number; left alone on failure
 *
 * Context: process context; sleeps.
 * Return: as xenstore_read_u64(); -ERANGE above UINT_MAX.
 */
int xenstore_read_uint(u32 txn, const char *dir, const char *node,
		       unsigned int *value)
{
	u64 v;
	int err;

	err = xenstore_read_u64(txn, dir, node, &v);
	if (!err && v > UINT_MAX)
		err = -ERANGE;
	if (!err)
		*value = v;
	return err;
}
EXPORT_SYMBOL_GPL(xenstore_read_uint);

/**
 * xenstore_rm() - Remove a node and everything below it.
 * @txn: transaction id, or XS_NO_TXN
 * @dir: the node's path, or its parent's
 * @node: the node's name under @dir, or "" for @dir itself
 *
 * Context: process context; sleeps.
 * Return: 0 (also if the node did not exist but its parent does) or a
 * negative errno.
 */
int xenstore_rm(u32 txn, const char *dir, const char *node)
{
	return xs_path_op(txn, XS_RM, dir, node, NULL, NULL, NULL);
}
EXPORT_SYMBOL_GPL(xenstore_rm);

/**
 * xenstore_directory() - List a node's children.
 * @txn: transaction id, or XS_NO_TXN
 * @dir: the node's path, or its parent's
 * @node: the node's name under @dir, or "" for @dir itself
 * @num: receives the number of children
 *
 * The names are whatever xenstored sent: callers building paths from them
 * must check them.
 *
 * Context: process context; sleeps.
 * Return: an array of *@num names followed by a NULL, in one kmalloc'd
 * block with the names (free with kfree()), or an ERR_PTR: -EIO if the
 * reply is malformed.
 */
char **xenstore_directory(u32 txn, const char *dir, const char *node,
			  unsigned int *num)
{
	unsigned int len, nuls = 0, i;
	char *reply, *names;
	char **vec;
	int n;

	n = xs_path_op(txn, XS_DIRECTORY, dir, node, NULL, &reply, &len);
	if (n)
		return ERR_PTR(n);

	/* Each name ends with a NUL, so this bounds their number. */
	for (i = 0; i < len; i++)
		nuls += !reply[i];
	vec = kmalloc(size_add(array_size(nuls + 1, sizeof(*vec)), len),
		      GFP_KERNEL);
	if (!vec) {
		kfree(reply);
		return ERR_PTR(-ENOMEM);
	}
	names = (char *)(vec + nuls + 1);
	memcpy(names, reply, len);
	kfree(reply);

	n = xs_split_strings(names, len, (const char **)vec, nuls);
	if (n < 0) {
		kfree(vec);
		return ERR_PTR(n);
	}
	vec[n] = NULL;
	*num = n;
	return vec;
}
EXPORT_SYMBOL_GPL(xenstore_directory);

/**
 * xenstore_transaction_start() - Start a transaction.
 * @txn: receives the transaction id
 *
 * Context: process context; sleeps.
 * Return: 0, -EIO if xenstored's reply is not a valid id, or another
 * negative errno.
 */
int xenstore_transaction_start(u32 *txn)
{
	static const struct xs_iov empty = { "", 1 };
	unsigned int len;
	char *reply;
	u32 id;
	int err;

	err = xs_talk(XS_NO_TXN, XS_TRANSACTION_START, &empty, 1, &reply,
		      &len);
	if (err)
		return err;
	/* "<decimal id>\0", and never the "no transaction" id. */
	if (len && !reply[len - 1])
		len--;
	if (strlen(reply) != len || kstrtou32(reply, 10, &id) ||
	    id == XS_NO_TXN) {
		pr_warn_ratelimited("bad transaction id from xenstored\n");
		err = -EIO;
	} else {
		*txn = id;
	}
	kfree(reply);
	return err;
}
EXPORT_SYMBOL_GPL(xenstore_transaction_start);

/**
 * xenstore_transaction_end() - Commit or abort a transaction.
 * @txn: the id from xenstore_transaction_start()
 * @abort: discard the transaction's changes instead of committing them
 *
 * The id is invalid afterwards, whatever the result.
 *
 * Context: process context; sleeps.
 * Return: 0, -EAGAIN if another change conflicted (run the whole
 * transaction again), or another negative errno.
 */
int xenstore_transaction_end(u32 txn, bool abort)
{
	struct xs_iov iov = { abort ? "F" : "T", 2 };

	if (txn == XS_NO_TXN)
		return -EINVAL;
	return xs_talk(txn, XS_TRANSACTION_END, &iov, 1, NULL, NULL);
}
EXPORT_SYMBOL_GPL(xenstore_transaction_end);

/* Conflicts in a row before a transaction gives up: only under a storm. */
#define XENSTORE_TRANSACT_TRIES	32

/**
 * xenstore_transact() - Run a function as one xenstore transaction.
 * @fn: reads and writes through the transaction id it is given; returns
 *	0 to commit or a negative errno to abort
 * @ctx: passed to @fn
 *
 * Runs @fn again from the start while the commit conflicts with another
 * change (-EAGAIN), up to a bound: @fn must not keep state of its own
 * across runs.
 *
 * Context: process context; sleeps.
 * Return: 0 once committed, @fn's error, or a negative errno of xenstore's
 * (-EAGAIN if every try conflicted).
 */
int xenstore_transact(int (*fn)(u32 txn, void *ctx), void *ctx)
{
	unsigned int tries;
	int err, end;
	u32 txn;

	for (tries = 0; tries < XENSTORE_TRANSACT_TRIES; tries++) {
		err = xenstore_transaction_start(&txn);
		if (err)
			return err;
		err = fn(txn, ctx);
		end = xenstore_transaction_end(txn, err != 0);
		if (!err)
			err = end;
		if (err != -EAGAIN)
			return err;
	}
	return -EAGAIN;
}
EXPORT_SYMBOL_GPL(xenstore_transact);

/**
 * xenstore_watch_add() - Watch a path and everything below it.
 * @watch: @path and @fire filled in; the rest is ours until removal
 *
 * @fire may be called before this returns: xenstored fires every new
 * watch once.  @watch and @path must stay valid until
 * xenstore_watch_remove() has returned.
 *
 * Context: process context; sleeps.
 * Return: 0 or a negative errno.
 */
int xenstore_watch_add(struct xenstore_watch *watch)
{
	int err;

	if (!watch->path || !watch->fire)
		return -EINVAL;
	snprintf(watch->token, sizeof(watch->token), "%llu",
		 (unsigned long long)atomic64_inc_return(&xs_watch_seq));

	/* Listed first, so that the first event finds it. */
	spin_lock(&xs_watches_lock);
	list_add_tail(&watch->list, &xs_watches);
	spin_unlock(&xs_watches_lock);

	err = xs_watch_request(XS_WATCH, watch);
	if (err)
		xs_watch_forget(watch);
	return err;
}
EXPORT_SYMBOL_GPL(xenstore_watch_add);

/**
 * xenstore_watch_remove() - Remove a watch added by xenstore_watch_add().
 * @watch: the watch
 *
 * On return @watch's callback is not queued and, unless this is called
 * from it, not running: @watch may be freed.  It may be called from any
 * watch callback.  Called from @watch's own callback, it returns while
 * that callback is still running (obviously), but the callback is never
 * called again and xenwatch does not touch @watch once it returns, so the
 * callback may free @watch.  Do not call it with a lock held that a
 * callback may take.
 *
 * Context: process context; sleeps.
 */
void xenstore_watch_remove(struct xenstore_watch *watch)
{
	int err;

	spin_lock(&xs_watches_lock);
	list_del_init(&watch->list);
	spin_unlock(&xs_watches_lock);

	/* If this fails, events may still come: nothing will match them. */
	err = xs_watch_request(XS_UNWATCH, watch);
	if (err)
		pr_debug("unwatch %s: %d\n", watch->path, err);
	xs_watch_forget(watch);
}
EXPORT_SYMBOL_GPL(xenstore_watch_remove);

/* Where the ring is: HVM parameters, or a PV guest's start_info. */
static int __init xs_find_ring(u64 *pfn, u64 *port)
{
	int err;

#ifdef CONFIG_XEN_PV
	if (xen_pv_domain()) {
		unsigned long mfn = xen_start_info->store_mfn;

		*pfn = mfn ? xen_mfn_to_pfn(mfn) : 0;
		*port = xen_start_info->store_evtchn;
		if (*pfn == ~0UL) {
			pr_err("the ring's frame %#lx is not ours\n", mfn);
			return -EINVAL;
		}
		return 0;
	}
#endif
	err = xen_hvm_param_get(HVM_PARAM_STORE_PFN, pfn);
	if (!err)
		err = xen_hvm_param_get(HVM_PARAM_STORE_EVTCHN, port);
	if (err)
		pr_err("cannot read the ring's HVM parameters: %d\n", err);
	return err;
}

static int __init xs_map_ring(void)
{
	u64 pfn, port;
	int err;

	err = xs_find_ring(&pfn, &port);
	if (err)
		return err;
	if (!pfn || !port) {
		pr_info("this domain has no xenstore ring\n");
		return -ENODEV;
	}
	if (pfn > PHYS_PFN(PHYS_ADDR_MAX) || port > U32_MAX) {
		pr_err("bad ring parameters: pfn %#llx, port %llu\n", pfn, port);
		return -EINVAL;
	}

	xs_intf = memremap(PFN_PHYS(pfn), PAGE_SIZE, MEMREMAP_WB);
	if (!xs_intf) {
		pr_err("cannot map the ring page %#llx\n", pfn);
		return -ENOMEM;
	}
	xs_port = port;
	return 0;
}

/* Wait out a ring reset someone else started, as xenstore-ring.txt says. */
static int __init xs_wait_connected(void)
{
	if (!(READ_ONCE(xs_intf->server_features) &
	      XENSTORE_SERVER_FEATURE_RECONNECTION) ||
	    READ_ONCE(xs_intf->connection) == XENSTORE_CONNECTED)
		return 0;

	pr_info("waiting for xenstored to reset the ring\n");
	if (!wait_event_timeout(xs_space_wq,
				READ_ONCE(xs_intf->connection) ==
				XENSTORE_CONNECTED, XS_RECONNECT_TIMEOUT))
		return -ETIMEDOUT;
	return 0;
}

static int __init xs_init(void)
{
	XENSTORE_RING_IDX req_cons, rsp_prod;
	u32 server_err;
	int err, irq;

	if (!xen_domain())
		return 0;
	err = xs_map_ring();
	if (err)
		return err == -ENODEV ? 0 : err;

	xs_reader_task = kthread_run(xs_reader_thread, NULL, "xenbus");
	if (IS_ERR(xs_reader_task)) {
		err = PTR_ERR(xs_reader_task);
		goto err_unmap;
	}
	xs_watch_task = kthread_run(xs_watch_thread, NULL, "xenwatch");
	if (IS_ERR(xs_watch_task)) {
		err = PTR_ERR(xs_watch_task);
		goto err_reader;
	}
	irq = xen_evtchn_bind_port_lateeoi(xs_port, xs_interrupt, 0,
					   "xenstore", NULL);
	if (irq < 0) {
		err = irq;
		goto err_watch;
	}
	WRITE_ONCE(xs_irq, irq);
	wake_up(&xs_reader_wq);

	/* From here on the threads stay: failures just stop the ring. */
	if (xs_wait_connected()) {
		xs_fatal("xenstored did not finish resetting the ring");
		return 0;
	}
	server_err = xs_server_error();
	if (server_err != XENSTORE_ERROR_NONE) {
		xs_fatal("xenstored reports error %u", server_err);
		return 0;
	}

	/* Indices need not start at zero, but they must make sense. */
	xs_req_prod = READ_ONCE(xs_intf->req_prod);
	xs_rsp_cons = READ_ONCE(xs_intf->rsp_cons);
	req_cons = READ_ONCE(xs_intf->req_cons);
	rsp_prod = READ_ONCE(xs_intf->rsp_prod);
	if (xs_ring_writable(req_cons, xs_req_prod) < 0 ||
	    xs_ring_readable(xs_rsp_cons, rsp_prod) < 0) {
		xs_fatal("bad ring indices at boot");
		return 0;
	}

	spin_lock(&xs_lock);
	/* Pairs with the reader's acquire: it sees our indices. */
	smp_store_release(&xs_state, XS_LIVE);
	spin_unlock(&xs_lock);
	pr_info("connected, event channel %u\n", xs_port);
	return 0;

err_watch:
	kthread_stop(xs_watch_task);
	xs_watch_task = NULL;
err_reader:
	kthread_stop(xs_reader_task);
	xs_reader_task = NULL;
err_unmap:
	memunmap(xs_intf);
	xs_intf = NULL;
	pr_err("cannot start: %d\n", err);
	return err;
}
subsys_initcall(xs_init);
