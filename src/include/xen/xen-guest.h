/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the guest core (arch/x86/xen) shares with the Xen drivers: the
 * shared_info page, each CPU's vcpu_info, Xen's vCPU numbers, feature
 * flags and HVM parameters.
 */
#ifndef _XEN_XEN_GUEST_H
#define _XEN_XEN_GUEST_H

#include <linux/percpu.h>
#include <linux/types.h>
#include <xen/interface/xen.h>

/* The domain's shared_info page: event channel bitmaps and wall clock. */
extern struct shared_info *xen_shared_info;

/* Where Xen reads and writes this CPU's vcpu_info (pending bits, time). */
DECLARE_PER_CPU(struct vcpu_info *, xen_vcpu_info);

/* Xen's number for the vCPU a Linux CPU runs on (hypercall argument). */
DECLARE_PER_CPU(u32, xen_vcpu_nr);

static inline u32 xen_vcpu_id(unsigned int cpu)
{
	return per_cpu(xen_vcpu_nr, cpu);
}

/* This domain's id, when Xen tells it through CPUID; else DOMID_SELF. */
extern domid_t xen_domain_id;

int xen_hvm_param_get(unsigned int index, u64 *value);
int xen_hvm_param_set(unsigned int index, u64 value);

#ifdef CONFIG_XEN_PV
/* A PV guest's start of day: console, xenstore and memory (Xen's ABI). */
extern struct start_info *xen_start_info;
unsigned long xen_mfn_to_pfn(unsigned long mfn);
unsigned long xen_pfn_to_mfn(unsigned long pfn);
#endif

/* Xen's version: major << 16 | minor, read once at boot. */
extern u32 xen_version;

#endif /* _XEN_XEN_GUEST_H */
