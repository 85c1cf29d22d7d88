/* SPDX-License-Identifier: MIT */
/*
 * The state each end of a split device publishes in its xenstore "state"
 * node, as described by Xen's public header <xen/io/xenbus.h>.
 */
#ifndef _XEN_INTERFACE_IO_XENBUS_H
#define _XEN_INTERFACE_IO_XENBUS_H

enum xenbus_state {
	XenbusStateUnknown	= 0,
	XenbusStateInitialising	= 1,
	XenbusStateInitWait	= 2,	/* waiting for the other end's details */
	XenbusStateInitialised	= 3,	/* our details are published */
	XenbusStateConnected	= 4,
	XenbusStateClosing	= 5,	/* going down, error or request */
	XenbusStateClosed	= 6,
	XenbusStateReconfiguring = 7,
	XenbusStateReconfigured	= 8,
};

#endif /* _XEN_INTERFACE_IO_XENBUS_H */
