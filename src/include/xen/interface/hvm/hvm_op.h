/* SPDX-License-Identifier: MIT */
/*
 * __HYPERVISOR_hvm_op sub-operations, as described by Xen's public header
 * <xen/hvm/hvm_op.h>.
 */
#ifndef _XEN_INTERFACE_HVM_HVM_OP_H
#define _XEN_INTERFACE_HVM_HVM_OP_H

#include <xen/interface/xen.h>

#define HVMOP_set_param			0	/* xen_hvm_param */
#define HVMOP_get_param			1	/* xen_hvm_param */
#define HVMOP_set_evtchn_upcall_vector	23	/* xen_hvm_evtchn_upcall_vector */

struct xen_hvm_param {
	domid_t domid;		/* DOMID_SELF */
	uint16_t pad;
	uint32_t index;		/* HVM_PARAM_* */
	uint64_t value;
};

DEFINE_GUEST_HANDLE_STRUCT(xen_hvm_param);

/*
 * A per-vCPU upcall vector, used in preference to the domain-wide
 * HVM_PARAM_CALLBACK_IRQ.  Xen offers it when CPUID leaf 5 has
 * XEN_HVM_CPUID_UPCALL_VECTOR.
 */
struct xen_hvm_evtchn_upcall_vector {
	uint32_t vcpu;
	uint8_t vector;
};

DEFINE_GUEST_HANDLE_STRUCT(xen_hvm_evtchn_upcall_vector);

#endif /* _XEN_INTERFACE_HVM_HVM_OP_H */
