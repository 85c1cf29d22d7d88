#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make update-base: move base/pins to what Debian serves now, within the
# same release: the newest linux-source of the pinned series, Debian's
# generic kernel image of that very version as the stock peer (else the
# newest image of the series), and the newest Xen of the pinned package.
# Prints the change; run make check before committing base/pins.  A new
# kernel series (6.12 to 6.18, say) is a hand edit of base/pins and the
# work that comes with it, not this.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

apt_ready
src_pkg=$(pin_pkg source)
series=${src_pkg#linux-source-}
src_ver=$(candidate "$src_pkg")
[ -n "$src_ver" ] && [ "$src_ver" != "(none)" ] || die "Debian serves no $src_pkg"

# 6.12.118-1~deb12u1 -> linux-image-6.12.118+deb12-amd64-unsigned
upstream=${src_ver%%-*}
stock_pkg=linux-image-$upstream+deb12-amd64-unsigned
stock_ver=$(candidate "$stock_pkg")
if [ -z "$stock_ver" ] || [ "$stock_ver" = "(none)" ]; then
	stock_pkg=$(apt-cache depends "linux-image-$series-amd64" |
		awk '/Depends: linux-image-/ { print $2; exit }')-unsigned
	stock_ver=$(candidate "$stock_pkg")
	[ -n "$stock_ver" ] && [ "$stock_ver" != "(none)" ] ||
		die "Debian serves no generic $series kernel image"
	echo "note: no image of $upstream; the stock peer is $stock_pkg" >&2
fi
xen_pkg=$(pin_pkg xen)
xen_ver=$(candidate "$xen_pkg")
[ -n "$xen_ver" ] && [ "$xen_ver" != "(none)" ] || die "Debian serves no $xen_pkg"

new=$(mktemp)
trap 'rm -f "$new"' EXIT
awk -v s="$src_pkg $src_ver" -v k="$stock_pkg $stock_ver" -v x="$xen_pkg $xen_ver" '
	function pin(role, pv,   a) {
		split(pv, a, " ")
		printf "%-9s %-42s %s\n", role, a[1], a[2]
	}
	$1 == "source" { pin("source", s); next }
	$1 == "stock" { pin("stock", k); next }
	$1 == "xen" { pin("xen", x); next }
	{ print }' "$PINS" > "$new"
if cmp -s "$new" "$PINS"; then
	step "base/pins is current"
	exit 0
fi
diff -u "$PINS" "$new" || true
cp "$new" "$PINS"
step "base/pins moved: run make check, then commit base/pins with its results"
