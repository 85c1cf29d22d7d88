#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build "upstream", the lab's like-for-like peer: Debian's linux-source at
# the version base/pins names, unstripped (upstream's own Xen code), with
# the same configuration fragments, compiler and ccache as ours.  It differs
# from ours only in the Xen code.  The lab boots it as a black box; nothing
# here or elsewhere reads its Xen sources (the clean-room rule).
#
# Result: $BUILD/upstream/obj/arch/x86/boot/bzImage.  Not part of make check:
# only the benchmarks compare against it.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

need_pkgs gcc make flex bison bc libelf-dev libssl-dev ccache xz-utils
# The pinned tarball, fetched and checked by the base tree's maker.
"$TOP/base/prepare.sh" > /dev/null
tarball=$(base_tarball)
export KSRC=$BUILD/upstream/linux KOBJ=$BUILD/upstream/obj
stamp=$BUILD/upstream/version
want="$(basename "$tarball") $(sha256sum "$tarball" | cut -d' ' -f1)"

if [ ! -d "$KSRC" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
	step "unpacking $(basename "$tarball") for upstream, unstripped"
	rm -rf "$BUILD/upstream"
	mkdir -p "$KSRC" "$KOBJ"
	tar -xJf "$tarball" -C "$KSRC" --strip-components=1
	echo "$want" > "$stamp"
fi

# Our fragments, less the options only our tree has (our debugfs file and
# KUnit suites).  Upstream's Kconfig decides the rest, as it would for a
# user who asked for Xen, PVH and the three frontends.
log=$BUILD/upstream/build.log
frag=$KOBJ/lab.fragment
cat "$TOP"/configs/base.config "$TOP"/configs/lab.config |
	grep -v -E '^CONFIG_XEN_(XENSTORE_DEBUGFS|[A-Z]+_KUNIT_TEST)=' > "$frag"
step "configuring upstream (allnoconfig + our fragments)"
kmake -s KCONFIG_ALLCONFIG="$frag" allnoconfig > "$log" 2>&1 ||
	{ cat "$log"; die "upstream's configuration failed"; }
for sym in XEN XEN_PVH HVC_XEN XEN_BLKDEV_FRONTEND XEN_NETDEV_FRONTEND; do
	grep -q "^CONFIG_$sym=y" "$KOBJ/.config" || die "upstream's config lacks CONFIG_$sym=y"
done
kbuild_image "$log"
step "upstream ready: $KOBJ/arch/x86/boot/bzImage"
