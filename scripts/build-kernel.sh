#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build our kernel out of tree with ccache: the stripped base tree with src/
# laid over it, configured from allnoconfig plus the fragments in configs/.
# Results: $BUILD/obj/arch/x86/boot/bzImage and $BUILD/obj/vmlinux; the full
# log is $BUILD/kernel-build.log.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

need_pkgs gcc make flex bison bc libelf-dev libssl-dev ccache rsync cpio
"$TOP/base/prepare.sh"
"$TOP/scripts/overlay.sh"

obj=$BUILD/obj
log=$BUILD/kernel-build.log
mkdir -p "$obj"
frag=$obj/lab.fragment
cat "$TOP"/configs/base.config "$TOP"/configs/lab.config > "$frag"

step "configuring (allnoconfig + configs/base.config + configs/lab.config)"
kmake -s KCONFIG_ALLCONFIG="$frag" allnoconfig > "$log" 2>&1 ||
	{ cat "$log"; die "kernel configuration failed"; }
"$TOP/scripts/check-config.sh" "$frag" "$obj/.config"

kbuild_image "$log"
step "kernel ready: $obj/arch/x86/boot/bzImage"
