/* SPDX-License-Identifier: MIT */
/*
 * HVM parameters a guest reads or sets with HVMOP_get_param/HVMOP_set_param,
 * as described by Xen's public header <xen/hvm/params.h>.
 */
#ifndef _XEN_INTERFACE_HVM_PARAMS_H
#define _XEN_INTERFACE_HVM_PARAMS_H

/*
 * How event channel upcalls reach the guest.  Bits 63:56 give the type;
 * for HVM_PARAM_CALLBACK_TYPE_VECTOR bits 7:0 are the IDT vector (needs
 * XENFEAT_hvm_callback_vector).  Zero disables the upcall.
 */
#define HVM_PARAM_CALLBACK_IRQ			0
#define HVM_PARAM_CALLBACK_IRQ_TYPE_MASK	0xFF00000000000000ULL
#define HVM_PARAM_CALLBACK_TYPE_GSI		0
#define HVM_PARAM_CALLBACK_TYPE_PCI_INTX	1
#define HVM_PARAM_CALLBACK_TYPE_VECTOR		2
#define HVM_PARAM_CALLBACK_TYPE_SHIFT		56

/* The xenstore ring: its guest frame and its (already bound) event channel. */
#define HVM_PARAM_STORE_PFN		1
#define HVM_PARAM_STORE_EVTCHN		2

/* The primary console ring, the same way. */
#define HVM_PARAM_CONSOLE_PFN		17
#define HVM_PARAM_CONSOLE_EVTCHN	18

#endif /* _XEN_INTERFACE_HVM_PARAMS_H */
