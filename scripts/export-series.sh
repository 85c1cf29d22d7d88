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

# cover_letter FILE: fill the subject and blurb of format-patch's cover
# letter from base/cover-letter.txt.
cover_letter() {
	local release text
	release=$(make -s -C "$tree" kernelversion)
	text=$(grep -v '^#' "$TOP/base/cover-letter.txt" |
		sed -e "s/@RELEASE@/$release/g" -e "s/@RELEASE_SERIES@/${release%.*}/g" \
		    -e "s/@DEBIAN@/$(pin_ver source)/g")
	awk -v subject="$(echo "$text" | head -n 1)" -v blurb="$(echo "$text" | tail -n +2)" '
		/\*\*\* SUBJECT HERE \*\*\*/ { sub(/\*\*\* SUBJECT HERE \*\*\*/, subject) }
		/^\*\*\* BLURB HERE \*\*\*$/ { print blurb; next }
		{ print }' "$1" > "$1.tmp"
	mv "$1.tmp" "$1"
}

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
git -C "$work" format-patch -q --cover-letter -o "$out" base..HEAD
cover_letter "$out"/0000-cover-letter.patch
git -C "$tree" worktree remove --force "$work"
step "series: $(ls "$out" | wc -l) patches in $out"
