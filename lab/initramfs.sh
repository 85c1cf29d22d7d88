#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# initramfs.sh RUN SCENARIO GUEST_KERNEL: the archives one cell boots, in
# the folder RUN:
#   guest-initrd.gz  the guest's: busybox, the guest tools lab/assemble.sh
#                    took from Debian's packages, the tools scenario.conf
#                    asks for, the guest init and its helpers, the scenario's
#                    guest half as /lab/guest.sh, and the stock kernel's
#                    Xen frontends as modules (a kernel with them built in
#                    ignores them)
#   dom0-lab.cpio.gz appended to dom0's root filesystem: dom0's init, the
#                    scenario's conf and dom0 half, the guest kernel (or
#                    each kernel a benchmark compares) and the guest's
#                    initramfs
set -euo pipefail
. "$(dirname "$0")/../scripts/lib.sh"
. "$TOP/lab/matrix.sh"

run=$1 scenario=$2 guest_kernel=$3
sc_load "$scenario"
lab=$LAB_DIR
halves=$SCENARIOS/$uses

g=$run/guest.d
mkdir -p "$g"/{bin,proc,sys,dev,tmp,lab}
cp /bin/busybox "$g/bin/busybox"
# Before busybox's links: its own mke2fs would take that name.
cp -a "$lab/guest-tools/." "$g/"
for t in ${tools:-}; do
	[ -d "$lab/tools-$t" ] || die "scenario $scenario wants tool $t, which lab/assemble.sh did not make"
	cp -a "$lab/tools-$t/." "$g/"
done
busybox_links "$g"
cp "$TOP/lab/guest/init" "$g/init"
cp "$TOP/lab/guest/lib.sh" "$g/lab/lib.sh"
cp "$halves/guest.sh" "$g/lab/guest.sh"
cp -a "$lab/stock/guest-modules/lib" "$g/"
mkcpio "$g" "$run/guest-initrd.gz"

d=$run/dom0.d
mkdir -p "$d/lab/guest" "$d/lab/scenario"
cp "$TOP/lab/dom0/init" "$d/init"
cp "$TOP/lab/dom0/lib.sh" "$TOP/lab/dom0/cell.sh" "$TOP/lab/dom0/bench.sh" "$d/lab/"
cp "$SCENARIOS/$scenario/scenario.conf" "$d/lab/scenario/"
[ ! -f "$halves/dom0.sh" ] || cp "$halves/dom0.sh" "$d/lab/scenario/"
cp "$guest_kernel" "$d/lab/guest/vmlinuz"
# A benchmark's kernels; upstream only once it is built (its step says so).
for k in ${compare:-}; do
	case "$k" in
	stock | ours) cp "$(kernel_path "$k")" "$d/lab/guest/vmlinuz-$k" ;;
	upstream) [ ! -f "$(kernel_path "$k")" ] || cp "$(kernel_path "$k")" "$d/lab/guest/vmlinuz-$k" ;;
	*) die "scenario $scenario compares an unknown kernel $k" ;;
	esac
done
cp "$run/guest-initrd.gz" "$d/lab/guest/initrd.gz"
mkcpio "$d" "$run/dom0-lab.cpio.gz"
