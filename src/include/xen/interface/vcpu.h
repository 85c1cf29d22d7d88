/* SPDX-License-Identifier: MIT */
/*
 * Xen VCPUOP hypercall ABI (__HYPERVISOR_vcpu_op), as described by Xen's
 * public header <xen/vcpu.h>.
 */
#ifndef _XEN_INTERFACE_VCPU_H
#define _XEN_INTERFACE_VCPU_H

#include <linux/bits.h>
#include <xen/interface/xen.h>

/*
 * HYPERVISOR_vcpu_op(cmd, vcpuid, arg): the commands. arg points to the
 * struct named in the comment, or is NULL.
 */
#define VCPUOP_initialise			0	/* vcpu_guest_context */
#define VCPUOP_up				1	/* start an initialised vCPU */
#define VCPUOP_down				2	/* stop a vCPU (may be asynchronous) */
#define VCPUOP_is_up				3	/* returns 1 if the vCPU is up */
#define VCPUOP_get_runstate_info		4	/* vcpu_runstate_info */
#define VCPUOP_register_runstate_memory_area	5	/* ..._runstate_memory_area */
#define VCPUOP_set_periodic_timer		6	/* vcpu_set_periodic_timer */
#define VCPUOP_stop_periodic_timer		7
#define VCPUOP_set_singleshot_timer		8	/* vcpu_set_singleshot_timer */
#define VCPUOP_stop_singleshot_timer		9
#define VCPUOP_register_vcpu_info		10	/* vcpu_register_vcpu_info */
#define VCPUOP_send_nmi				11
#define VCPUOP_get_physid			12	/* vcpu_get_physid */
#define VCPUOP_register_vcpu_time_memory_area	13	/* ..._time_memory_area */

/* vcpu_runstate_info.state, also the index into vcpu_runstate_info.time[]. */
#define RUNSTATE_running	0	/* running on a physical CPU */
#define RUNSTATE_runnable	1	/* wants to run, but is not scheduled */
#define RUNSTATE_blocked	2	/* idle, waiting for an event */
#define RUNSTATE_offline	3	/* neither runnable nor blocked (down, paused) */

/* vcpu_set_singleshot_timer.flags */
#define _VCPU_SSHOTTMR_future	0
#define VCPU_SSHOTTMR_future	BIT(_VCPU_SSHOTTMR_future)	/* -ETIME if past (advisory) */

#ifndef __ASSEMBLY__

/* How much time a vCPU has spent in each runstate. */
struct vcpu_runstate_info {
	int state;			/* current RUNSTATE_* */
	uint64_t state_entry_time;	/* system time (ns) the state was entered */
	uint64_t time[4];		/* ns spent in each RUNSTATE_* */
};

DEFINE_GUEST_HANDLE_STRUCT(vcpu_runstate_info);

/*
 * Set in state_entry_time while Xen updates a registered runstate area,
 * once VMASST_TYPE_runstate_update_flag is enabled.
 */
#define XEN_RUNSTATE_UPDATE	BIT_ULL(63)

/* Ask Xen to keep a vcpu_runstate_info at this guest address up to date. */
struct vcpu_register_runstate_memory_area {
	union {
		GUEST_HANDLE(vcpu_runstate_info) h;
		struct vcpu_runstate_info *v;
		uint64_t p;
	} addr;
};

DEFINE_GUEST_HANDLE_STRUCT(vcpu_register_runstate_memory_area);

/* Periodic timer, firing VIRQ_TIMER. */
struct vcpu_set_periodic_timer {
	uint64_t period_ns;
};

DEFINE_GUEST_HANDLE_STRUCT(vcpu_set_periodic_timer);

/* One-shot timer, firing VIRQ_TIMER. */
struct vcpu_set_singleshot_timer {
	uint64_t timeout_abs_ns;	/* absolute system time (ns) */
	uint32_t flags;			/* VCPU_SSHOTTMR_* */
};

DEFINE_GUEST_HANDLE_STRUCT(vcpu_set_singleshot_timer);

/*
 * Move this vCPU's vcpu_info to a guest page. The structure must not cross
 * a page boundary; this may be done only once per vCPU.
 */
struct vcpu_register_vcpu_info {
	uint64_t mfn;		/* frame holding the vcpu_info (GFN for HVM/PVH) */
	uint32_t offset;	/* byte offset within that frame */
	uint32_t rsvd;
};

DEFINE_GUEST_HANDLE_STRUCT(vcpu_register_vcpu_info);

/* Physical CPU identity of a vCPU (dom0 only). */
struct vcpu_get_physid {
	uint64_t phys_id;	/* APIC ID in bits 0-31, ACPI ID in bits 32-63 */
};

DEFINE_GUEST_HANDLE_STRUCT(vcpu_get_physid);

#define xen_vcpu_physid_to_x86_apicid(physid)	((uint32_t)(physid))
#define xen_vcpu_physid_to_x86_acpiid(physid)	((uint32_t)((physid) >> 32))

/* Ask Xen to keep a copy of this vCPU's time info at a guest address. */
DEFINE_GUEST_HANDLE_STRUCT(pvclock_vcpu_time_info);

struct vcpu_register_time_memory_area {
	union {
		GUEST_HANDLE(pvclock_vcpu_time_info) h;
		struct pvclock_vcpu_time_info *v;
		uint64_t p;
	} addr;
};

DEFINE_GUEST_HANDLE_STRUCT(vcpu_register_time_memory_area);

#endif /* !__ASSEMBLY__ */

#endif /* _XEN_INTERFACE_VCPU_H */
