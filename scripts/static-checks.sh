#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Static checks on our own files: checkpatch --strict, SPDX lines, shell
# syntax, and the clean-room comparison with upstream's Xen code.  Prints one
# PASS/FAIL line per check.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

# checkpatch is perl (with modules beyond perl-base) and runs the tree's
# spdxcheck.py, which needs ply and GitPython from Debian's python3.
need_pkgs perl python3 python3-ply python3-git
if ! "$TOP/base/prepare.sh" > /dev/null || ! "$TOP/scripts/overlay.sh" > /dev/null; then
	echo "FAIL static/base-tree: cannot prepare the tree to check"
	exit 1
fi

# checkpatch on each kernel file of ours, as laid over the base tree.  The
# Xen ABI headers keep Xen's names and typedefs, which checkpatch dislikes.
abi_ignore=NEW_TYPEDEFS,PREFER_KERNEL_TYPES,MACRO_ARG_REUSE,MACRO_ARG_PRECEDENCE,SPACING,LINE_SPACING
# checkpatch knows CamelCase names only from headers git tracks in the base
# tree; Xen's ABI names (XenbusStateConnected, ...) live in our untracked
# include/xen/interface.  Drop the CAMELCASE findings for names defined there.
abi_camelcase_ok() {
	while IFS= read -r line; do
		case "$line" in
		*"CAMELCASE: Avoid CamelCase: <"*">"*)
			name=${line##*<} name=${name%%>*}
			grep -rqw -- "$name" "$TOP/src/include/xen/interface" && continue ;;
		esac
		printf '%s\n' "$line"
	done
}

bad=0
while read -r f; do
	ignore=
	case "$f" in
	include/xen/interface/*|arch/x86/include/asm/xen/interface*.h) ignore="--ignore $abi_ignore" ;;
	esac
	# shellcheck disable=SC2086
	out=$(cd "$BUILD/linux" && PATH=/usr/bin:$PATH scripts/checkpatch.pl --strict --quiet --terse --no-summary \
		--show-types $ignore -f "$f" 2>&1 | abi_camelcase_ok)
	if [ -n "$out" ]; then
		echo "$out" >&2
		bad=$((bad + 1))
	fi
done < <(cd "$TOP/src" && find . -type f | sed 's|^\./||' | sort)
n=$(cd "$TOP/src" && find . -type f | wc -l)
if [ $bad -eq 0 ]; then
	echo "PASS static/checkpatch-strict ($n files)"
else
	echo "FAIL static/checkpatch-strict: $bad of $n files have findings"
fi

# An SPDX line near the top of every file of ours that can carry one.
missing=$(cd "$TOP" && git ls-files src scripts lab base configs Makefile .ci |
	grep -v -E '\.(list|dom0|hvm|md)$|/packages\.' |
	while read -r f; do head -n 3 "$f" | grep -q 'SPDX-License-Identifier:' || echo "$f"; done)
if [ -z "$missing" ]; then
	echo "PASS static/spdx"
else
	echo "FAIL static/spdx: no SPDX line in $(echo "$missing" | paste -sd' ')"
fi

# Shell syntax of the build and lab scripts (not the lab's C tools).
bad=$(cd "$TOP" && for f in $(git ls-files scripts lab base .ci); do
	# Shell: a .sh file, or one that starts with #!.
	case "$f" in
	*.sh) ;;
	*) head -c 2 "$f" | grep -q '^#!' || continue ;;
	esac
	# Host scripts are bash; what runs in dom0 or a guest is busybox sh.
	case "$f" in
	lab/dom0/*|lab/guest/*|lab/scenarios/*) sh -n "$f" 2>&1 || echo "$f" ;;
	*) bash -n "$f" 2>&1 || echo "$f" ;;
	esac
done)
if [ -z "$bad" ]; then
	echo "PASS static/shell-syntax"
else
	echo "FAIL static/shell-syntax: $bad"
fi

# No shared runs of lines with upstream's Xen implementation.
tool=$TOP/../shared/tools/clean-room-check
tarball=$(base_tarball)
if [ -x "$tool" ] && command -v duplicates > /dev/null && [ -s "$tarball" ]; then
	if out=$("$tool" "$TOP/src" "$tarball" 2>&1); then
		echo "PASS static/clean-room"
	else
		echo "$out" | tail -n 20 >&2
		echo "FAIL static/clean-room: $(echo "$out" | tail -n 1)"
	fi
else
	echo "static: clean-room-check or duplicates not available here; skipped" >&2
fi
