/* SPDX-License-Identifier: MIT */
/*
 * Xen's CPUID leaves, as described by Xen's public header
 * <xen/arch-x86/cpuid.h>.  They start at 0x40000000 or, when Xen also
 * presents another hypervisor's interface, at a later multiple of 0x100.
 */
#ifndef _ASM_X86_XEN_CPUID_H
#define _ASM_X86_XEN_CPUID_H

#include <linux/bits.h>

#define XEN_CPUID_FIRST_LEAF		0x40000000
#define XEN_CPUID_LAST_BASE		0x40010000
/* Leaf @i of the first base. */
#define XEN_CPUID_LEAF(i)		(XEN_CPUID_FIRST_LEAF + (i))

/* Base + 0: largest leaf in eax, "XenVMMXenVMM" in ebx, ecx, edx. */
#define XEN_SIGNATURE			"XenVMMXenVMM"
#define XEN_CPUID_SIGNATURE_EBX		0x566e6558	/* "XenV" */
#define XEN_CPUID_SIGNATURE_ECX		0x65584d4d	/* "MMXe" */
#define XEN_CPUID_SIGNATURE_EDX		0x4d4d566e	/* "nVMM" */

/* Base + 1: eax = major << 16 | minor. */
#define XEN_CPUID_VERSION		1

/* Base + 4: HVM features in eax, vCPU id in ebx, domain id in ecx. */
#define XEN_CPUID_HVM			4
#define XEN_HVM_CPUID_APIC_ACCESS_VIRT	BIT(0)
#define XEN_HVM_CPUID_X2APIC_VIRT	BIT(1)
#define XEN_HVM_CPUID_IOMMU_MAPPINGS	BIT(2)
#define XEN_HVM_CPUID_VCPU_ID_PRESENT	BIT(3)
#define XEN_HVM_CPUID_DOMID_PRESENT	BIT(4)
#define XEN_HVM_CPUID_EXT_DEST_ID	BIT(5)
#define XEN_HVM_CPUID_UPCALL_VECTOR	BIT(6)

#endif /* _ASM_X86_XEN_CPUID_H */
