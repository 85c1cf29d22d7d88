#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# sparse (make C=2) over every object built from our C files, plus KVM's Xen
# emulation, which includes our ABI headers.  Prints one PASS/FAIL line.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

need_pkgs sparse
objs="arch/x86/kvm/xen.o"
while read -r c; do
	o=${c%.c}.o
	[ -f "$BUILD/obj/$o" ] && objs="$objs $o"
done < <(cd "$TOP/src" && find . -name '*.c' | sed 's|^\./||' | sort)

# shellcheck disable=SC2086
if ! out=$(kmake -s C=2 $objs 2>&1); then
	echo "$out" | tail -n 20
	echo "FAIL sparse/objects: make C=2 failed"
	exit 0
fi
# Keep what sparse says about files of ours (sources or headers).
ours=$(echo "$out" | grep -E "^[^ ]*:[0-9]+:" | while IFS= read -r line; do
	f=${line%%:*}
	f=${f#../linux/}
	f=${f#"$BUILD"/linux/}
	[ -f "$TOP/src/$f" ] && echo "$line"
done | sort -u)
n=$(echo "$objs" | wc -w)
if [ -z "$ours" ]; then
	echo "PASS sparse/objects ($n objects)"
else
	echo "$ours" | head -20
	echo "FAIL sparse/objects: $(echo "$ours" | wc -l) sparse messages about our files"
fi
