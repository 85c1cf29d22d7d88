/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Xenstore wire format: pure checks and parsing of the messages and ring
 * indices xenstored hands us.  No allocation, locking or global state, so
 * the ring reader and the KUnit tests can both call them.
 */
#ifndef _XENBUS_XS_WIRE_H
#define _XENBUS_XS_WIRE_H

#include <xen/interface/io/xs_wire.h>

int xs_check_header(const struct xsd_sockmsg *hdr);
int xs_reply_errno(const char *payload, unsigned int len);
int xs_split_strings(const char *buf, unsigned int len, const char **vec,
		     unsigned int max);
int xs_parse_watch_event(const char *payload, unsigned int len,
			 const char **path, const char **token);

int xs_ring_readable(XENSTORE_RING_IDX cons, XENSTORE_RING_IDX prod);
int xs_ring_writable(XENSTORE_RING_IDX cons, XENSTORE_RING_IDX prod);
unsigned int xs_ring_chunk(XENSTORE_RING_IDX idx, unsigned int avail);

#endif /* _XENBUS_XS_WIRE_H */
