#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Assemble the lab from Debian packages, each step only when its inputs
# changed: Xen itself, the stock peer kernel and its modules, and the dom0
# root filesystem images (base, and the HVM device model on top).
# Everything lands in $LAB_DIR (~/.cache/xenlab/lab), shared by clones; each
# step's stamp holds its inputs, this script's own hash among them.
set -euo pipefail
. "$(dirname "$0")/../scripts/lib.sh"

need_pkgs qemu-system-x86 cpio gzip xz-utils kmod busybox-static ovmf mtools dosfstools
lab=$LAB_DIR
mkdir -p "$lab"
# Clones share the lab: one assembles at a time, the others wait.
exec 9> "$lab.lock"
flock 9
self=$(sha256sum "$0" | cut -c1-16)

# unpack DIR PKG...: unpack the newest version of each package into DIR.
unpack() {
	local dir=$1 pkg
	shift
	mkdir -p "$dir"
	for pkg in "$@"; do
		dpkg-deb -x "$(fetch_deb "$pkg")" "$dir"
	done
}

# pkgs FILE: the package names listed in FILE.
pkgs() {
	grep -v -E '^[[:space:]]*(#|$)' "$1"
}

# stamp NAME INPUT...: true when NAME was built from exactly these inputs.
stamp_ok() {
	local name=$1
	shift
	[ "$(cat "$lab/$name.stamp" 2>/dev/null)" = "$*" ]
}

stamp_set() {
	local name=$1
	shift
	echo "$*" > "$lab/$name.stamp"
}

apt_ready

# --- Xen -------------------------------------------------------------------
xen_pkg=$(pin_pkg xen)
xen_ver=$(pin_ver xen)
if ! stamp_ok xen "$xen_pkg $xen_ver"; then
	step "Xen $xen_ver"
	rm -rf "$lab/xen.d"
	mkdir -p "$lab/xen.d"
	dpkg-deb -x "$(fetch_deb "$xen_pkg" "$xen_ver")" "$lab/xen.d"
	gunzip -c "$lab/xen.d/boot/xen-4.17-amd64.gz" > "$lab/xen"
	cp "$lab/xen.d/boot/xen-4.17-amd64.efi" "$lab/xen.efi"
	rm -rf "$lab/xen.d"
	stamp_set xen "$xen_pkg $xen_ver"
fi

# --- stock kernel ------------------------------------------------------------
# Debian's generic kernel of the base's release, as base/pins names it:
# dom0 (it has CONFIG_XEN_DOM0) and the peer guest.
stock_pkg=$(pin_pkg stock)
stock_ver=$(pin_ver stock)
kver=${stock_pkg#linux-image-}
kver=${kver%-unsigned}

# copy_modules SRC DST MOD...: MOD and what it depends on, then depmod.
# Debian 6.12 ships modules xz-compressed: they are stored uncompressed,
# so that busybox's modprobe loads them whatever it was built with.
copy_modules() {
	local src=$1 dst=$2 m path dep out
	shift 2
	local base=$src/lib/modules/$kver
	for m in "$@"; do
		path=$(grep -E "(^|/)${m//-/[-_]}\.ko(\.xz)?:" "$base/modules.dep" | cut -d: -f1)
		[ -n "$path" ] || die "stock kernel has no module $m"
		for dep in $path $(grep -E "^$path:" "$base/modules.dep" | cut -d: -f2); do
			out=$dst/lib/modules/$kver/${dep%.xz}
			mkdir -p "$(dirname "$out")"
			case "$dep" in
			*.xz) xz -dc "$base/$dep" > "$out" ;;
			*) cp "$base/$dep" "$out" ;;
			esac
		done
	done
	cp "$base"/modules.order "$base"/modules.builtin* "$dst/lib/modules/$kver/"
	depmod -b "$dst" "$kver"
}

dom0_mods="xen-evtchn xen-gntdev xen-gntalloc xen-privcmd xenfs xen-blkback xen-netback
	   bridge loop tun"
# ext4 asks for crc32c through a soft dependency, which modules.dep omits.
guest_mods="xen-blkfront xen-netfront ext4 crc32c_generic"
if ! stamp_ok stock "$self $stock_pkg $stock_ver $dom0_mods $guest_mods"; then
	step "stock kernel $stock_pkg $stock_ver"
	rm -rf "$lab/stock" "$lab/stock.d"
	mkdir -p "$lab/stock.d"
	dpkg-deb -x "$(fetch_deb "$stock_pkg" "$stock_ver")" "$lab/stock.d"
	depmod -b "$lab/stock.d" "$kver"	# the package leaves this to its postinst
	mkdir -p "$lab/stock"
	cp "$lab/stock.d/boot/vmlinuz-$kver" "$lab/stock/vmlinuz"
	cp "$lab/stock.d/boot/System.map-$kver" "$lab/stock/System.map"
	# shellcheck disable=SC2086
	copy_modules "$lab/stock.d" "$lab/stock/dom0-modules" $dom0_mods
	# shellcheck disable=SC2086
	copy_modules "$lab/stock.d" "$lab/stock/guest-modules" $guest_mods
	mkcpio "$lab/stock/dom0-modules" "$lab/stock/dom0-modules.cpio.gz"
	rm -rf "$lab/stock.d"
	echo "$stock_pkg $stock_ver" > "$lab/stock/version"
	stamp_set stock "$self $stock_pkg $stock_ver $dom0_mods $guest_mods"
fi

# --- dom0 root filesystems ---------------------------------------------------
# versions FILE: each listed package with the version apt serves now (one
# apt-cache call: it costs half a second each).
versions() {
	# shellcheck disable=SC2046
	apt-cache policy $(pkgs "$1") |
		awk '/^[^ ]/ { p = $1; sub(":$", "", p) } /Candidate:/ { printf "%s=%s ", p, $2 }'
}

# finish_root DIR: prune documentation, make the libraries findable.
finish_root() {
	local root=$1
	rm -rf "$root"/usr/share/{doc,man,info,locale,lintian,bug,bash-completion}
	mkdir -p "$root/etc"
	printf '%s\n' /lib/x86_64-linux-gnu /usr/lib/x86_64-linux-gnu /usr/lib/xen-4.17/lib \
		> "$root/etc/ld.so.conf"
	ldconfig -r "$root"
}

# check_libs DIR: every dynamic binary's libraries resolve inside DIR.
check_libs() {
	local root=$1 f missing=0
	while read -r f; do
		if chroot "$root" /lib64/ld-linux-x86-64.so.2 --list "${f#"$root"}" 2>&1 |
				grep -q 'not found'; then
			echo "missing libraries for ${f#"$root"}:" >&2
			chroot "$root" /lib64/ld-linux-x86-64.so.2 --list "${f#"$root"}" |
				grep 'not found' >&2
			missing=1
		fi
	done < <(find "$root"/usr/lib/xen-4.17/bin "$root"/usr/sbin "$root"/usr/bin \
		"$root"/bin "$root"/sbin "$root"/usr/libexec -maxdepth 1 -type f 2>/dev/null |
		xargs file 2>/dev/null | awk -F: '/dynamically linked/ { print $1 }')
	[ $missing -eq 0 ] || die "the dom0 root filesystem lacks libraries"
}

need_pkgs file
base_in="$self $(versions "$TOP/lab/packages.dom0") util-linux=$(candidate util-linux)"
if ! stamp_ok dom0-base "$base_in"; then
	step "dom0 root filesystem from Debian packages"
	root=$lab/dom0-base.d
	rm -rf "$root"
	# shellcheck disable=SC2046
	unpack "$root" $(pkgs "$TOP/lab/packages.dom0")
	# From util-linux only flock(1), which the hotplug scripts' locking needs.
	unpack "$lab/util-linux.d" util-linux
	cp "$lab/util-linux.d/usr/bin/flock" "$root/usr/bin/flock"
	rm -rf "$lab/util-linux.d"
	# busybox provides every other command, where Debian's packages do not.
	busybox_links "$root"
	finish_root "$root"
	check_libs "$root"
	mkcpio "$root" "$lab/dom0-base.cpio.gz"
	stamp_set dom0-base "$base_in"
	rm -rf "$lab/dom0-hvm.stamp"
fi

hvm_in="$self $(versions "$TOP/lab/packages.hvm")"
if ! stamp_ok dom0-hvm "$hvm_in"; then
	step "HVM device model (qemu-xen) for dom0"
	root=$lab/dom0-hvm.d
	rm -rf "$root"
	# Unpack over a copy of the base so libraries resolve across both.
	cp -a "$lab/dom0-base.d" "$root.full"
	# shellcheck disable=SC2046
	unpack "$root.full" $(pkgs "$TOP/lab/packages.hvm")
	finish_root "$root.full"
	check_libs "$root.full"
	# Keep only what the HVM packages added or changed.
	mkdir -p "$root"
	(cd "$root.full" && find . \( -type f -o -type l \) | LC_ALL=C sort) | while read -r f; do
		if [ ! -e "$lab/dom0-base.d/$f" ] && [ ! -L "$lab/dom0-base.d/$f" ] ||
		   ! cmp -s "$root.full/$f" "$lab/dom0-base.d/$f"; then
			mkdir -p "$root/$(dirname "$f")"
			cp -a "$root.full/$f" "$root/$f"
		fi
	done
	rm -rf "$root.full"
	mkcpio "$root" "$lab/dom0-hvm.cpio.gz"
	stamp_set dom0-hvm "$hvm_in"
fi

# --- guest tools -------------------------------------------------------------
# mkfs.ext4, fsck.ext4 and ethtool for the guest initramfs (lab/run.sh
# copies the tree in): the binaries, what the dynamic loader resolves for them
# and the loader itself, out of the packages in lab/packages.guest.
guest_tools="mke2fs e2fsck ethtool"

# root_target ROOT PATH: PATH inside ROOT with its symbolic links followed
# there, not on the host (libc6's /lib64/ld-linux-x86-64.so.2 is absolute).
root_target() {
	local root=$1 p=$2 t n=0
	while [ -L "$root$p" ]; do
		t=$(readlink "$root$p")
		case "$t" in
		/*) p=$t ;;
		*) p=$(dirname "$p")/$t ;;
		esac
		n=$((n + 1))
		[ $n -lt 20 ] || die "symbolic link loop at $root$2"
	done
	echo "$p"
}

# copy_libs FULL OUT BINARY...: the libraries the dynamic loader resolves
# for each BINARY in the tree FULL, and the loader, into OUT.
copy_libs() {
	local full=$1 out=$2 libs f
	shift 2
	# The loader lists one program at a time.
	libs=$(for f in "$@"; do
		chroot "$full" /lib64/ld-linux-x86-64.so.2 --list "$f"
	done | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' | sort -u)
	[ -n "$libs" ] || die "cannot list the libraries of $*"
	for f in $libs; do
		mkdir -p "$out$(dirname "$f")"
		cp "$full$(root_target "$full" "$f")" "$out$f"
	done
	printf '%s\n' /lib/x86_64-linux-gnu /usr/lib/x86_64-linux-gnu > "$out/etc/ld.so.conf"
	ldconfig -r "$out"
}

guest_in="$self $(versions "$TOP/lab/packages.guest") $guest_tools"
if ! stamp_ok guest-tools "$guest_in"; then
	step "guest tools ($guest_tools) from Debian packages"
	full=$lab/guest-tools.d
	out=$lab/guest-tools
	rm -rf "$full" "$out"
	# shellcheck disable=SC2046
	unpack "$full" $(pkgs "$TOP/lab/packages.guest")
	mkdir -p "$out/sbin" "$out/etc"
	bins=
	for b in $guest_tools; do
		# /sbin in Debian 12; /usr/sbin once the packages move there.
		f=sbin/$b
		[ -f "$full/$f" ] || f=usr/sbin/$b
		[ -f "$full/$f" ] || die "no $b in lab/packages.guest's packages"
		cp "$full/$f" "$out/sbin/$b"
		bins+=" /$f"
	done
	# mke2fs and e2fsck pick the file system type from their names.
	ln -s mke2fs "$out/sbin/mkfs.ext4"
	ln -s e2fsck "$out/sbin/fsck.ext4"
	cp "$full/etc/mke2fs.conf" "$out/etc/"
	# shellcheck disable=SC2086
	copy_libs "$full" "$out" $bins
	rm -rf "$full"
	# They must run from this tree alone.
	for b in "mkfs.ext4 -V" "fsck.ext4 -V" "ethtool --version"; do
		# shellcheck disable=SC2086
		chroot "$out" /sbin/$b > /dev/null 2>&1 ||
			die "$b does not run from $out: $(chroot "$out" /sbin/$b 2>&1 | tail -n 1)"
	done
	stamp_set guest-tools "$guest_in"
fi

# --- tools a scenario asks for ----------------------------------------------
# lab/packages.tools: TOOL PACKAGE BINARY [CHECK]: $lab/tools-TOOL holds
# BINARY of PACKAGE, what the loader resolves for it out of PACKAGE and the
# libraries it depends on (recursively), and the loader; a scenario whose
# scenario.conf has TOOL in its tools gets that tree in its initramfs.
while read -r tool pkg bin check; do
	case "$tool" in ''|'#'*) continue ;; esac
	deps=$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts \
		--no-breaks --no-replaces --no-enhances "$pkg" | grep -v '^ ' |
		grep -E '^(lib|zlib)' | grep -v -E '^lib(perl|python)' | sort -u)
	# shellcheck disable=SC2086
	tool_in="$self $pkg=$(candidate "$pkg") $(apt-cache policy $deps | awk '/^[^ ]/ { p = $1 }
		/Candidate:/ { printf "%s%s ", p, $2 }' | sha256sum | cut -c1-16)"
	stamp_ok "tools-$tool" "$tool_in" && continue
	step "guest tool $tool: $bin from Debian's $pkg"
	full=$lab/tools-$tool.d
	out=$lab/tools-$tool
	rm -rf "$full" "$out"
	# shellcheck disable=SC2086
	unpack "$full" "$pkg" $deps
	mkdir -p "$out/usr/bin" "$out/etc"
	cp "$full$bin" "$out/usr/bin/"
	copy_libs "$full" "$out" "$bin"
	rm -rf "$full"
	# shellcheck disable=SC2086
	chroot "$out" "/usr/bin/$(basename "$bin")" $check > /dev/null 2>&1 ||
		die "$bin does not run from $out"
	stamp_set "tools-$tool" "$tool_in"
done < "$TOP/lab/packages.tools"

step "lab ready: $lab ($(du -sh "$lab/dom0-base.cpio.gz" | cut -f1) dom0 base, $(du -sh "$lab/dom0-hvm.cpio.gz" | cut -f1) HVM add-on, $(du -sh "$lab/guest-tools" | cut -f1) guest tools)"
