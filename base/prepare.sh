#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Make the base tree: Debian's linux-source at the version base/pins names,
# with upstream's Xen implementation removed (base/strip.list), committed as
# the first commit of a scratch git repo in $BUILD/linux.  Does nothing when
# that tree is current.
set -euo pipefail
. "$(dirname "$0")/../scripts/lib.sh"

need_pkgs xz-utils git ca-certificates make
tree=$BUILD/linux
info=$BUILD/base-version

pkg=$(pin_pkg source)
ver=$(pin_ver source)
deb=$(fetch_deb "$pkg" "$ver")
tarball=$(base_tarball)
if [ ! -s "$tarball" ]; then
	step "extracting the source tarball from $(basename "$deb")"
	dpkg-deb --fsys-tarfile "$deb" |
		tar -xO "./usr/src/$pkg.tar.xz" > "$tarball.tmp"
	mv "$tarball.tmp" "$tarball"
fi
sum=$(sha256sum "$tarball" | cut -d' ' -f1)
strip_sum=$(sha256sum "$TOP/base/strip.list" | cut -d' ' -f1)
want="$pkg $ver sha256 $sum strip $strip_sum"

if [ -d "$tree/.git" ] && [ "$(cat "$info" 2>/dev/null)" = "$want" ]; then
	step "base tree is current: $pkg $ver (tarball sha256 $sum)"
	exit 0
fi

step "unpacking $pkg $ver (sha256 $sum)"
rm -rf "$tree" "$tree.tmp" "$BUILD/obj" "$BUILD/overlay.list"
mkdir -p "$tree.tmp"
tar -xJf "$tarball" -C "$tree.tmp" --strip-components=1

step "removing upstream's Xen implementation (base/strip.list)"
grep -v -E '^[[:space:]]*(#|$)' "$TOP/base/strip.list" | while read -r path; do
	[ -e "$tree.tmp/$path" ] || die "strip.list names $path, which the tarball lacks"
	rm -rf "$tree.tmp/${path:?}"
done

release=$(make -s -C "$tree.tmp" kernelversion)
step "committing the base tree"
export GIT_AUTHOR_NAME=base GIT_AUTHOR_EMAIL=base@localhost
export GIT_COMMITTER_NAME=base GIT_COMMITTER_EMAIL=base@localhost
export GIT_AUTHOR_DATE='2000-01-01T00:00:00Z' GIT_COMMITTER_DATE='2000-01-01T00:00:00Z'
git -C "$tree.tmp" init -q -b base
# Debian's top-level .gitignore ignores everything: add by force.
git -C "$tree.tmp" add -A -f .
git -C "$tree.tmp" commit -q -m "base: Linux $release without upstream Xen" \
	-m "Debian $pkg $ver, tarball sha256 $sum, minus base/strip.list."
mv "$tree.tmp" "$tree"
echo "$want" > "$info"
step "base tree ready: $tree (Linux $release, Debian $ver)"
