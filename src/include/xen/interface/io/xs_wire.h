/* SPDX-License-Identifier: MIT */
/*
 * Xenstore wire protocol: the message header exchanged with the xenstore
 * daemon and the shared ring page that carries it, as described by Xen's
 * public header <xen/io/xs_wire.h>, docs/misc/xenstore.txt and
 * docs/misc/xenstore-ring.txt.
 */
#ifndef _XEN_INTERFACE_IO_XS_WIRE_H
#define _XEN_INTERFACE_IO_XS_WIRE_H

#include <linux/types.h>

/*
 * Message types.  A reply echoes the type of its request, except that a
 * failed request is answered with XS_ERROR and that XS_WATCH_EVENT is sent
 * unsolicited.
 */
enum xsd_sockmsg_type {
	XS_CONTROL,
	XS_DIRECTORY,
	XS_READ,
	XS_GET_PERMS,
	XS_WATCH,
	XS_UNWATCH,
	XS_TRANSACTION_START,
	XS_TRANSACTION_END,
	XS_INTRODUCE,
	XS_RELEASE,
	XS_GET_DOMAIN_PATH,
	XS_WRITE,
	XS_MKDIR,
	XS_RM,
	XS_SET_PERMS,
	XS_WATCH_EVENT,
	XS_ERROR,
	XS_IS_DOMAIN_INTRODUCED,
	XS_RESUME,
	XS_SET_TARGET,
	/* 20 was XS_RESTRICT, since withdrawn: never reuse it. */
	XS_RESET_WATCHES = XS_SET_TARGET + 2,
	XS_DIRECTORY_PART,
	XS_TYPE_COUNT,		/* number of type values, holes included */
	XS_INVALID = 0xffff	/* never a valid type */
};

#define XS_DEBUG		XS_CONTROL	/* the old name of XS_CONTROL */

/*
 * Errors travel as the errno name, e.g. "ENOENT", NUL-terminated: EINVAL,
 * EACCES, EEXIST, EISDIR, ENOENT, ENOMEM, ENOSPC, EIO, ENOTEMPTY, ENOSYS,
 * EROFS, EBUSY, EAGAIN, EISCONN, E2BIG and EPERM.  New names are only ever
 * added, so a client must cope with one it does not know.
 */

/* Every message: this header, then len bytes of payload. */
struct xsd_sockmsg {
	uint32_t type;		/* enum xsd_sockmsg_type */
	uint32_t req_id;	/* chosen by the client, echoed in the reply */
	uint32_t tx_id;		/* transaction, 0 if none */
	uint32_t len;		/* payload bytes after the header */
};

/* Strings in a XS_WATCH_EVENT payload: "<path>\0<token>\0". */
enum xs_watch_type {
	XS_WATCH_PATH = 0,
	XS_WATCH_TOKEN
};

/* Largest payload in either direction; xenstored drops a client that sends more. */
#define XENSTORE_PAYLOAD_MAX	4096

/* Longest absolute and relative paths xenstored accepts. */
#define XENSTORE_ABS_PATH_MAX	3072
#define XENSTORE_REL_PATH_MAX	2048

/*
 * The shared ring page.  Each direction is a byte stream in a circular
 * buffer, with free-running producer and consumer indices: byte x of the
 * stream lives at buffer offset MASK_XENSTORE_IDX(x).
 */
#define XENSTORE_RING_SIZE	1024	/* a power of two */
typedef uint32_t XENSTORE_RING_IDX;
#define MASK_XENSTORE_IDX(idx)	((idx) & (XENSTORE_RING_SIZE - 1))

struct xenstore_domain_interface {
	char req[XENSTORE_RING_SIZE];	/* guest to xenstored */
	char rsp[XENSTORE_RING_SIZE];	/* xenstored to guest: replies, watch events */
	XENSTORE_RING_IDX req_cons, req_prod;
	XENSTORE_RING_IDX rsp_cons, rsp_prod;
	uint32_t server_features;	/* XENSTORE_SERVER_FEATURE_*, set by xenstored */
	uint32_t connection;		/* XENSTORE_CONNECTED or XENSTORE_RECONNECT */
	uint32_t error;			/* XENSTORE_ERROR_* */
};

/* server_features bits */
#define XENSTORE_SERVER_FEATURE_RECONNECTION	1	/* connection field is valid */
#define XENSTORE_SERVER_FEATURE_ERROR		2	/* error field is valid */

/* connection: the guest sets RECONNECT, xenstored resets the ring and clears it. */
#define XENSTORE_CONNECTED	0
#define XENSTORE_RECONNECT	1

/* error: why xenstored stopped serving the ring; other values may appear. */
#define XENSTORE_ERROR_NONE	0
#define XENSTORE_ERROR_COMM	1	/* event channel not working */
#define XENSTORE_ERROR_RINGIDX	2	/* inconsistent ring indices */
#define XENSTORE_ERROR_PROTO	3	/* protocol violation, e.g. payload too long */

#endif /* _XEN_INTERFACE_IO_XS_WIRE_H */
