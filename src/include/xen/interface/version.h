/* SPDX-License-Identifier: MIT */
/*
 * Xen version hypercall ABI (__HYPERVISOR_xen_version), as described by
 * Xen's public header <xen/version.h>.
 */
#ifndef _XEN_INTERFACE_VERSION_H
#define _XEN_INTERFACE_VERSION_H

#include <xen/interface/xen.h>
#include <xen/interface/features.h>

/* HYPERVISOR_xen_version(cmd, arg): the commands. */
#define XENVER_version			0	/* returns major << 16 | minor */
#define XENVER_extraversion		1	/* arg: xen_extraversion */
#define XENVER_compile_info		2	/* arg: xen_compile_info */
#define XENVER_capabilities		3	/* arg: xen_capabilities_info */
#define XENVER_changeset		4	/* arg: xen_changeset_info */
#define XENVER_platform_parameters	5	/* arg: xen_platform_parameters */
#define XENVER_get_features		6	/* arg: xen_feature_info */
#define XENVER_pagesize			7	/* returns the host page size */
#define XENVER_guest_handle		8	/* arg: xen_domain_handle_t (guest UUID) */
#define XENVER_commandline		9	/* arg: xen_commandline_t */
#define XENVER_build_id			10	/* arg: xen_build_id */

#define XEN_EXTRAVERSION_LEN		16
#define XEN_CAPABILITIES_INFO_LEN	1024
#define XEN_CHANGESET_INFO_LEN		64

#ifndef __ASSEMBLY__

/* Xen's names for the string buffers; the structs below wrap the same buffers. */
typedef char xen_extraversion_t[XEN_EXTRAVERSION_LEN];
typedef char xen_capabilities_info_t[XEN_CAPABILITIES_INFO_LEN];
typedef char xen_changeset_info_t[XEN_CHANGESET_INFO_LEN];
typedef char xen_commandline_t[1024];

/* Version suffix, such as ".0" or "-rc". */
struct xen_extraversion {
	char extraversion[XEN_EXTRAVERSION_LEN];
};

/* How and when the hypervisor was built. */
struct xen_compile_info {
	char compiler[64];
	char compile_by[16];
	char compile_domain[32];
	char compile_date[32];
};

/* Space-separated list of supported guest types, such as "hvm-3.0-x86_64". */
struct xen_capabilities_info {
	char info[XEN_CAPABILITIES_INFO_LEN];
};

/* Source control revision of the hypervisor. */
struct xen_changeset_info {
	char info[XEN_CHANGESET_INFO_LEN];
};

/* Start of the virtual address range reserved for Xen in PV guests. */
struct xen_platform_parameters {
	xen_ulong_t virt_start;
};

/* One 32-bit word of the XENFEAT_* bitmap. */
struct xen_feature_info {
	unsigned int submap_idx;	/* IN: which word */
	uint32_t submap;		/* OUT: its bits */
};

/*
 * Build ID of the hypervisor. len is the size of buf[]; the call returns the
 * bytes written, or the size needed if arg is NULL.
 */
struct xen_build_id {
	uint32_t len;
	unsigned char buf[];
};

#endif /* !__ASSEMBLY__ */

#endif /* _XEN_INTERFACE_VERSION_H */
