#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Lay our files (src/) over the stripped base tree in $BUILD/linux.  Only
# files whose content changed are rewritten, so make rebuilds only what we
# touched; files we dropped since the last run go back to the base version.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

need_pkgs rsync git

tree=$BUILD/linux
[ -d "$tree/.git" ] || die "no base tree: run base/prepare.sh first"
list=$BUILD/overlay.list
new=$(mktemp)
trap 'rm -f "$new"' EXIT

(cd "$TOP/src" && find . -type f | sed 's|^\./||' | sort) > "$new"
if [ -f "$list" ]; then
	comm -23 "$list" "$new" | while read -r gone; do
		if git -C "$tree" cat-file -e "base:$gone" 2>/dev/null; then
			git -C "$tree" checkout -q base -- "$gone"
		else
			rm -f "$tree/$gone"
		fi
	done
fi
changed=$(rsync -rc --out-format='%n' "$TOP/src/" "$tree/" | grep -vc '/$' || true)
mv "$new" "$list"
trap - EXIT
step "overlay: $(wc -l < "$list") files of ours, $changed changed"
