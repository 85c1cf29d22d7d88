/* SPDX-License-Identifier: MIT */
/*
 * The primary console's shared ring page, as described by Xen's public
 * header <xen/io/console.h> and docs/misc/console.txt.
 */
#ifndef _XEN_INTERFACE_IO_CONSOLE_H
#define _XEN_INTERFACE_IO_CONSOLE_H

#include <linux/types.h>

typedef uint32_t XENCONS_RING_IDX;

/*
 * Each direction is a byte stream in a circular buffer with free-running
 * indices: the producer only advances *_prod, the consumer only *_cons,
 * and prod - cons is the number of unread bytes.
 */
struct xencons_interface {
	char in[1024];			/* backend to guest: keyboard input */
	char out[2048];			/* guest to backend: console output */
	XENCONS_RING_IDX in_cons, in_prod;
	XENCONS_RING_IDX out_cons, out_prod;
};

/*
 * Offset in @ring (in or out above) of stream byte @idx: the ring sizes
 * are powers of two, so masking wraps the free-running index.
 */
#define XENCONS_RING_OFFSET(ring, idx)	((idx) & (sizeof(ring) - 1))

#endif /* _XEN_INTERFACE_IO_CONSOLE_H */
