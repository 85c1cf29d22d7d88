// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/xen/xenstore: drive the kernel's xenstore client from a
 * shell, to test it and the xenwatch thread.  Each write() is one command:
 *
 *   read PATH, write PATH VALUE, rm PATH, dir PATH, watch PATH, unwatch PATH
 *
 * run synchronously; write() returns the byte count or the command's
 * negative errno.  Reading the file gives the last successful command's
 * result: the value for read, one child per line for dir, "OK" otherwise.
 *
 * /sys/kernel/debug/xen/xenstore-watch-events lists the paths the debug
 * watches fired for, oldest first, the last XSDBG_MAX_EVENTS of them.
 */

#define pr_fmt(fmt) "xenstore debugfs: " fmt

#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include <xen/interface/io/xs_wire.h>
#include <xen/xenbus.h>

#define XSDBG_MAX_WATCHES	16
#define XSDBG_MAX_EVENTS	64
/* A command, a path and a value of the largest sizes xenstore takes. */
#define XSDBG_LINE_MAX		(16 + XENSTORE_ABS_PATH_MAX + XENSTORE_PAYLOAD_MAX)

struct xsdbg_watch {
	struct xenstore_watch watch;
	char path[];
};

/* Commands, their result and the watches. */
static DEFINE_MUTEX(xsdbg_lock);
static char *xsdbg_result;
static size_t xsdbg_result_len;
static struct xsdbg_watch *xsdbg_watches[XSDBG_MAX_WATCHES];

/*
 * The event log, a ring of the last XSDBG_MAX_EVENTS paths.  Its own lock:
 * unwatch waits for callbacks with xsdbg_lock held.
 */
static DEFINE_MUTEX(xsdbg_events_lock);
static char *xsdbg_events[XSDBG_MAX_EVENTS];
static unsigned int xsdbg_first_event, xsdbg_nr_events;

static void xsdbg_fired(struct xenstore_watch *watch, const char *path)
{
	char *copy = kstrdup(path, GFP_KERNEL);
	unsigned int slot;

	pr_info_ratelimited("watch fired: %s\n", path);
	if (!copy)
		return;

	mutex_lock(&xsdbg_events_lock);
	if (xsdbg_nr_events == XSDBG_MAX_EVENTS) {
		/* Full: the oldest makes room. */
		slot = xsdbg_first_event;
		kfree(xsdbg_events[slot]);
		xsdbg_first_event = (slot + 1) % XSDBG_MAX_EVENTS;
	} else {
		slot = (xsdbg_first_event + xsdbg_nr_events) % XSDBG_MAX_EVENTS;
		xsdbg_nr_events++;
	}
	xsdbg_events[slot] = copy;
	mutex_unlock(&xsdbg_events_lock);
}

static int xsdbg_events_show(struct seq_file *m, void *unused)
{
	unsigned int i;

	mutex_lock(&xsdbg_events_lock);
	for (i = 0; i < xsdbg_nr_events; i++)
		seq_printf(m, "%s\n", xsdbg_events[(xsdbg_first_event + i) %
						   XSDBG_MAX_EVENTS]);
	mutex_unlock(&xsdbg_events_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(xsdbg_events);

static int xsdbg_find_watch(const char *path)
{
	unsigned int i;

	for (i = 0; i < XSDBG_MAX_WATCHES; i++) {
		if (xsdbg_watches[i] && !strcmp(xsdbg_watches[i]->path, path))
			return i;
	}
	return -ENOENT;
}

static int xsdbg_watch(const char *path)
{
	struct xsdbg_watch *w;
	unsigned int i;
	int err;

	if (xsdbg_find_watch(path) >= 0)
		return -EEXIST;
	for (i = 0; i < XSDBG_MAX_WATCHES && xsdbg_watches[i]; i++)
		;
	if (i == XSDBG_MAX_WATCHES)
		return -ENOSPC;

	w = kzalloc(struct_size(w, path, strlen(path) + 1), GFP_KERNEL);
	if (!w)
		return -ENOMEM;
	strscpy(w->path, path, strlen(path) + 1);
	w->watch.path = w->path;
	w->watch.fire = xsdbg_fired;
	err = xenstore_watch_add(&w->watch);
	if (err) {
		kfree(w);
		return err;
	}
	xsdbg_watches[i] = w;
	return 0;
}

static int xsdbg_unwatch(const char *path)
{
	int i = xsdbg_find_watch(path);

	if (i < 0)
		return i;
	xenstore_watch_remove(&xsdbg_watches[i]->watch);
	kfree(xsdbg_watches[i]);
	xsdbg_watches[i] = NULL;
	return 0;
}

/* "read": the value, whose NUL becomes the newline. */
static int xsdbg_read(const char *path, char **out, size_t *out_len)
{
	unsigned int len;
	char *value;

	value = xenstore_read(XS_NO_TXN, path, "", &len);
	if (IS_ERR(value))
		return PTR_ERR(value);
	value[len] = '\n';
	*out = value;
	*out_len = len + 1;
	return 0;
}

/* "dir": one child per line. */
static int xsdbg_dir(const char *path, char **out, size_t *out_len)
{
	unsigned int n, i;
	size_t len = 0;
	char **names;
	char *buf, *p;

	names = xenstore_directory(XS_NO_TXN, path, "", &n);
	if (IS_ERR(names))
		return PTR_ERR(names);
	for (i = 0; i < n; i++)
		len += strlen(names[i]) + 1;
	buf = kmalloc(len + 1, GFP_KERNEL);
	if (!buf) {
		kfree(names);
		return -ENOMEM;
	}
	p = buf;
	for (i = 0; i < n; i++)
		p += sprintf(p, "%s\n", names[i]);
	kfree(names);
	*out = buf;
	*out_len = len;
	return 0;
}

/* Run one command line; on success *@out is its kmalloc'd result. */
static int xsdbg_run(char *line, char **out, size_t *out_len)
{
	char *cmd, *path;
	int err;

	path = line;
	cmd = strsep(&path, " ");
	if (!path || !*path)
		return -EINVAL;

	if (!strcmp(cmd, "read"))
		return xsdbg_read(path, out, out_len);
	if (!strcmp(cmd, "dir"))
		return xsdbg_dir(path, out, out_len);

	if (!strcmp(cmd, "write")) {
		char *value = path;

		path = strsep(&value, " ");
		if (!value || !*path)
			return -EINVAL;
		err = xenstore_write(XS_NO_TXN, path, "", value);
	} else if (!strcmp(cmd, "rm")) {
		err = xenstore_rm(XS_NO_TXN, path, "");
	} else if (!strcmp(cmd, "watch")) {
		err = xsdbg_watch(path);
	} else if (!strcmp(cmd, "unwatch")) {
		err = xsdbg_unwatch(path);
	} else {
		return -EINVAL;
	}
	if (err)
		return err;

	*out = kstrdup("OK\n", GFP_KERNEL);
	if (!*out)
		return -ENOMEM;
	*out_len = strlen(*out);
	return 0;
}

static ssize_t xsdbg_read_result(struct file *file, char __user *ubuf,
				 size_t count, loff_t *ppos)
{
	ssize_t ret;

	mutex_lock(&xsdbg_lock);
	ret = simple_read_from_buffer(ubuf, count, ppos, xsdbg_result,
				      xsdbg_result_len);
	mutex_unlock(&xsdbg_lock);
	return ret;
}

static ssize_t xsdbg_write(struct file *file, const char __user *ubuf,
			   size_t count, loff_t *ppos)
{
	size_t len, out_len;
	char *line, *out;
	int err;

	if (!count || count > XSDBG_LINE_MAX)
		return -EINVAL;
	line = memdup_user_nul(ubuf, count);
	if (IS_ERR(line))
		return PTR_ERR(line);
	len = strlen(line);
	if (len && line[len - 1] == '\n')
		line[len - 1] = '\0';

	mutex_lock(&xsdbg_lock);
	err = xsdbg_run(line, &out, &out_len);
	if (!err) {
		kfree(xsdbg_result);
		xsdbg_result = out;
		xsdbg_result_len = out_len;
	}
	mutex_unlock(&xsdbg_lock);
	kfree(line);
	return err ? err : count;
}

/* Write a command, then read its result. */
static const struct file_operations xsdbg_fops = {
	.owner	= THIS_MODULE,
	.read	= xsdbg_read_result,
	.write	= xsdbg_write,
	.llseek	= default_llseek,
};

static int __init xsdbg_init(void)
{
	struct dentry *dir, *found;

	if (!xenstore_available())
		return 0;
	/* Other Xen code may have made the directory already. */
	found = debugfs_lookup("xen", NULL);
	dir = found ?: debugfs_create_dir("xen", NULL);
	debugfs_create_file("xenstore", 0600, dir, NULL, &xsdbg_fops);
	debugfs_create_file("xenstore-watch-events", 0400, dir, NULL,
			    &xsdbg_events_fops);
	dput(found);
	return 0;
}
late_initcall(xsdbg_init);
