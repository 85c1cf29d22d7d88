#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Export our files as a patch series against the stripped base: one commit
# per top-level area of src/ on a "series" branch of the scratch repo, then
# git format-patch into $BUILD/series.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

"$TOP/base/prepare.sh" > /dev/null
tree=$BUILD/linux
work=$BUILD/series-tree
out=$BUILD/series
rm -rf "$work" "$out"
git -C "$tree" worktree prune
git -C "$tree" worktree add -q -f --detach "$work" base
export GIT_AUTHOR_NAME=xenlab GIT_AUTHOR_EMAIL=xenlab@localhost
export GIT_COMMITTER_NAME=xenlab GIT_COMMITTER_EMAIL=xenlab@localhost

# commit_area SUBJECT PATH...: lay these paths of ours and commit them.
commit_area() {
	local subject=$1 p
	shift
	for p in "$@"; do
		[ -e "$TOP/src/$p" ] || continue
		mkdir -p "$work/$(dirname "$p")"
		cp -a "$TOP/src/$p" "$work/$(dirname "$p")/"
		git -C "$work" add -f "$p"
	done
	git -C "$work" diff --cached --quiet || git -C "$work" commit -q -m "$subject"
}

commit_area "xen: add the Xen ABI headers" include/xen/interface arch/x86/include/asm/xen/interface.h
commit_area "xen: add the guest-facing headers and CONFIG_XEN=n stubs" include/xen \
	arch/x86/include/asm/xen
commit_area "x86/xen: add the Kconfig skeleton and head include" arch/x86/xen
commit_area "xen: add the driver Kconfig skeleton" drivers/xen sound/xen drivers/gpu/drm/xen
# Anything not covered above, so the series always equals src/.
(cd "$TOP/src" && find . -type f | sed 's|^\./||') | while read -r f; do
	cmp -s "$TOP/src/$f" "$work/$f" 2>/dev/null || {
		mkdir -p "$work/$(dirname "$f")"
		cp "$TOP/src/$f" "$work/$f"
		git -C "$work" add -f "$f"
	}
done
git -C "$work" diff --cached --quiet || git -C "$work" commit -q -m "xen: add the remaining files"
git -C "$work" format-patch -q -o "$out" base..HEAD
git -C "$tree" worktree remove --force "$work"
step "series: $(ls "$out" | wc -l) patches in $out"
