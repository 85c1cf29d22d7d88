#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# usage: sh SCRIPT OUT HEADER...: list Xen's hypercalls for the x86 build.
#
# arch/x86/entry/syscalls/Makefile runs this when CONFIG_XEN is set, with
# our ABI headers (include/xen/interface/xen*.h), and installs OUT as
# <asm/xen-hypercalls.h>: one XEN_HYPERCALL(name, number) line for each
# "#define __HYPERVISOR_<name> <number>" found, sorted by number.  Code
# that wants a table of hypercall names defines XEN_HYPERCALL and includes
# the header.
set -e
out=$1
shift
{
	echo "/* Generated from our Xen ABI headers; do not edit. */"
	pattern='^#define __HYPERVISOR_\([a-z0-9_]*\)[[:space:]]\{1,\}\([0-9]\{1,\}\).*'
	sed -n "s/$pattern/\2 \1/p" "$@" |
		sort -n -u |
		while read -r nr name; do
			echo "XEN_HYPERCALL($name, $nr)"
		done
} > "$out"
