#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# compile-one.sh PATH.o...: lay src/ over the base tree and compile just the
# named objects with the lab configuration, e.g.
#   scripts/compile-one.sh drivers/xen/events.o
# Quick feedback while writing a file; make kernel still builds everything.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -gt 0 ] || die "usage: scripts/compile-one.sh PATH.o..."
"$TOP/scripts/overlay.sh" > /dev/null
obj=$BUILD/obj
frag=$obj/lab.fragment
mkdir -p "$obj"
if [ ! -f "$obj/.config" ] || [ "$TOP/configs/base.config" -nt "$obj/.config" ] ||
   [ "$TOP/configs/lab.config" -nt "$obj/.config" ]; then
	cat "$TOP"/configs/base.config "$TOP"/configs/lab.config > "$frag"
	kmake -s KCONFIG_ALLCONFIG="$frag" allnoconfig
	"$TOP/scripts/check-config.sh" "$frag" "$obj/.config"
fi
kmake W=1 "$@"
