/* SPDX-License-Identifier: MIT */
/*
 * Names of the ring ABIs a frontend can announce in its "protocol" node,
 * as described by Xen's public header <xen/io/protocols.h>.  The layout of
 * ring requests follows the C ABI of the frontend's architecture; a
 * backend of another architecture uses the name to read them right.
 */
#ifndef _XEN_INTERFACE_IO_PROTOCOLS_H
#define _XEN_INTERFACE_IO_PROTOCOLS_H

#define XEN_IO_PROTO_ABI_X86_32		"x86_32-abi"
#define XEN_IO_PROTO_ABI_X86_64		"x86_64-abi"
#define XEN_IO_PROTO_ABI_ARM		"arm-abi"

#if defined(CONFIG_X86_64)
#define XEN_IO_PROTO_ABI_NATIVE		XEN_IO_PROTO_ABI_X86_64
#elif defined(CONFIG_X86_32)
#define XEN_IO_PROTO_ABI_NATIVE		XEN_IO_PROTO_ABI_X86_32
#elif defined(CONFIG_ARM) || defined(CONFIG_ARM64)
#define XEN_IO_PROTO_ABI_NATIVE		XEN_IO_PROTO_ABI_ARM
#endif

#endif /* _XEN_INTERFACE_IO_PROTOCOLS_H */
