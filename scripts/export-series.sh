#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Export our files as a patch series against the stripped base, cut as
# base/series.list says, with git format-patch into $BUILD/series.
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

# lay PATH: copy the files of ours under PATH that no earlier patch took.
lay() {
	local f
	(cd "$TOP/src" && find "$1" -type f 2>/dev/null | sort) | while read -r f; do
		cmp -s "$TOP/src/$f" "$work/$f" 2>/dev/null && continue
		grep -qxF "$f" "$work.claimed" && continue
		echo "$f" >> "$work.claimed"
		mkdir -p "$work/$(dirname "$f")"
		cp "$TOP/src/$f" "$work/$f"
		git -C "$work" add -f "$f"
	done
}

: > "$work.claimed"
grep -v -E '^[[:space:]]*(#|$)' "$TOP/base/series.list" | while IFS='|' read -r paths subject body; do
	for p in $paths; do
		lay "$p"
	done
	git -C "$work" diff --cached --quiet ||
		git -C "$work" commit -q -m "$(echo $subject)" -m "$(echo $body | fold -s -w 72)"
done
lay .
git -C "$work" diff --cached --quiet ||
	git -C "$work" commit -q -m "xen: add the remaining files" -m "Files base/series.list does not place yet."
rm -f "$work.claimed"
git -C "$work" format-patch -q -o "$out" base..HEAD
git -C "$tree" worktree remove --force "$work"
step "series: $(ls "$out" | wc -l) patches in $out"
