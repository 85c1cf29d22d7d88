# SPDX-License-Identifier: GPL-2.0
# Shared helpers for the build and lab scripts: paths, progress lines, caches.
# Sourced, not executed.

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
CACHE=${XENLAB_CACHE:-$HOME/.cache/xenlab}
DEBS=$CACHE/debs
# The lab assembled from Debian packages depends on nothing in the clone but
# lab/packages.*: share it between clones, like the downloads.
LAB_DIR=${LAB_DIR:-$CACHE/lab}
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
# Fresh clones live in other folders: hash paths relative to the clone so
# ccache hits survive a new checkout.
export CCACHE_BASEDIR=$TOP
export CCACHE_NOHASHDIR=1

# kmake ARGS...: make in the kernel tree $KSRC (default: the base tree),
# objects in $KOBJ (default: $BUILD/obj).  A fixed build identity makes the
# same source give the same objects, so ccache keeps hitting across clones
# and days.  One build at a time on this machine: a second caller (a helper
# compiling one file) waits for the lock.
kmake() {
	mkdir -p "$CACHE"
	flock "$CACHE/kbuild.lock" make -C "${KSRC:-$BUILD/linux}" O="${KOBJ:-$BUILD/obj}" \
		-j"$(nproc)" CC="ccache gcc" \
		KBUILD_BUILD_TIMESTAMP='2000-01-01' KBUILD_BUILD_USER=xenlab \
		KBUILD_BUILD_HOST=xenlab KBUILD_BUILD_VERSION=1 "$@"
}

# kbuild_image LOG: build bzImage with kmake, the output appended to LOG,
# saying now and then that a long build is alive.
kbuild_image() {
	local pid
	step "building bzImage (log: $1)"
	kmake bzImage >> "$1" 2>&1 &
	pid=$!
	while kill -0 $pid 2>/dev/null; do
		for _ in $(seq 30); do
			sleep 2
			kill -0 $pid 2>/dev/null || break 2
		done
		step "building: $(grep -c -E '^  (CC|AS|LD)' "$1") steps done"
	done
	if ! wait $pid; then
		grep -E 'error|Error' "$1" | head -40
		die "kernel build failed, see $1"
	fi
}

# kernel_path KERNEL: the bzImage a lab kernel choice names: stock
# (Debian's binary kernel), ours (this tree's build), upstream (the
# unstripped source with our config, scripts/build-upstream.sh) or a path.
kernel_path() {
	case "$1" in
	stock) echo "$LAB_DIR/stock/vmlinuz" ;;
	ours) echo "$BUILD/obj/arch/x86/boot/bzImage" ;;
	upstream) echo "$BUILD/upstream/obj/arch/x86/boot/bzImage" ;;
	*) realpath "$1" ;;
	esac
}

_t0=${XENLAB_T0:-$(date +%s)}
export XENLAB_T0=$_t0

# step MESSAGE: one progress line with the time since the top-level command began.
step() {
	local now
	now=$(date +%s)
	printf '[%4ds] %s\n' $((now - _t0)) "$*"
}

die() {
	echo "error: $*" >&2
	exit 1
}

# apt_ready: make sure apt's package lists exist (a fresh machine has none).
apt_ready() {
	local stamp=/var/lib/apt/lists/.xenlab-updated
	if [ ! -e "$stamp" ] || [ -n "$(find "$stamp" -mmin +1440 2>/dev/null)" ]; then
		step "apt-get update"
		apt-get update -qq || die "apt-get update failed"
		touch "$stamp"
	fi
}

# need_pkgs PKG...: install the host packages that are missing.
need_pkgs() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	apt_ready
	step "installing host packages: ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		"${missing[@]}" >/dev/null || die "apt-get install ${missing[*]} failed"
}

# mkcpio DIR OUT: a gzip'd newc archive of DIR, owned by root, as the
# kernel unpacks an initramfs.
mkcpio() {
	(cd "$1" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) |
		gzip -1 > "$2.tmp"
	mv "$2.tmp" "$2"
}

# busybox_links ROOT: a link to /bin/busybox for every applet ROOT lacks.
busybox_links() {
	local applet
	busybox --list-full | while read -r applet; do
		[ -e "$1/$applet" ] || [ -L "$1/$applet" ] && continue
		mkdir -p "$1/$(dirname "$applet")"
		ln -s /bin/busybox "$1/$applet"
	done
}

# candidate PKG: the version apt would install now.
candidate() {
	apt-cache policy "$1" | awk '/Candidate:/ { print $2 }'
}

# pin_pkg ROLE, pin_ver ROLE: the package and version base/pins names for
# ROLE (source, stock, xen).
PINS=$TOP/base/pins
pin_pkg() {
	awk -v r="$1" '$1 == r { print $2; f = 1 } END { exit !f }' "$PINS" ||
		die "base/pins has no $1 line"
}

pin_ver() {
	awk -v r="$1" '$1 == r { print $3; f = 1 } END { exit !f }' "$PINS" ||
		die "base/pins has no $1 line"
}

# base_tarball: where the pinned linux-source's tarball is kept.
base_tarball() {
	echo "$CACHE/$(pin_pkg source)_$(pin_ver source).tar.xz"
}

# fetch_deb PKG [VERSION]: download PKG into the cache once, at VERSION or
# else the newest; print its path.
fetch_deb() {
	local pkg=$1 ver=${2:-} file
	[ -n "$ver" ] || ver=$(candidate "$pkg")
	[ -n "$ver" ] && [ "$ver" != "(none)" ] || { apt_ready; ver=$(candidate "$pkg"); }
	[ -n "$ver" ] && [ "$ver" != "(none)" ] || die "no Debian package $pkg"
	if [ -n "${2:-}" ]; then
		for file in "$DEBS/${pkg}_${ver//:/%3a}_"*.deb; do
			[ -s "$file" ] && { echo "$file"; return 0; }
		done
		apt-cache show "$pkg=$ver" > /dev/null 2>&1 || apt_ready
		apt-cache show "$pkg=$ver" > /dev/null 2>&1 ||
			die "Debian no longer serves $pkg $ver (base/pins): run make update-base"
	fi
	file=$DEBS/${pkg}_${ver//:/%3a}_$(apt-cache show "$pkg=$ver" | awk '/^Architecture:/ { print $2; exit }').deb
	if [ ! -s "$file" ]; then
		mkdir -p "$DEBS"
		(cd "$DEBS" && apt-get download -qq "$pkg=$ver" 2>/dev/null) ||
			die "apt-get download $pkg=$ver failed"
	fi
	[ -s "$file" ] || die "download of $pkg did not produce $file"
	echo "$file"
}

# emulator_fault LOG: the signature of the emulation's fault in a serial
# log, if it has one (docs/lab-faults.md): Xen 4.17 on QEMU's emulated SVM
# now and then delivers an event to a guest vCPU with interrupts off,
# which triple-faults it or, inside the kernel's entry code, panics it.
emulator_fault() {
	tr -d '\r' < "$1" | grep -a -m1 -o -E \
		'd[1-9][0-9]*v[0-9]+ Triple fault|<ENTRY_TRAMPOLINE>' || true
}
