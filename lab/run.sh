#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run one lab scenario and report its checks.
#
# usage: lab/run.sh [-t SECONDS] SCENARIO [DOM0_KERNEL [GUEST_KERNEL]]
#   SCENARIO      native, or a dom0 scenario from lab/scenarios/ (domu-pv,
#                 domu-pvh, domu-hvm, domu-pvh-core, ...), or pvh-dom0
#                 (domu-pvh with dom0 itself PVH, booted by OVMF and xen.efi),
#                 or "shell" for an interactive dom0
#   *_KERNEL      stock (Debian's), ours (this tree's build) or a bzImage path;
#                 both default to stock, except that "native" boots ours and
#                 the guest of domu-pvh-core and domu-pvh-blk is ours (they
#                 test our kernel; the core needs our xenstore debugfs)
#   -t SECONDS    give up after this long (default: per scenario)
# LAB_APPEND, when set, is added to the command line of the kernel QEMU or Xen
# boots (ours natively, or dom0), and LAB_GUEST_APPEND (one word) to the
# guests' command lines: handy to break a boot on purpose.  LAB_XEN_APPEND
# adds Xen options.
#
# QEMU runs Xen under TCG with dom0 on its serial console; the serial log is
# kept in build/logs/.  Prints every PASS/FAIL/XFAIL line, then a summary,
# and appends the results to $LAB_RESULTS when that is set.  Exit status is
# non-zero when a check failed or the scenario did not finish in time.
set -euo pipefail
# Braces: bash reads the whole script before running it, so editing this
# file while a long run uses it cannot derail that run.
{
. "$(dirname "$0")/../scripts/lib.sh"

timeout=
if [ "${1:-}" = -t ]; then
	timeout=$2
	shift 2
fi
scenario=${1:?usage: lab/run.sh [-t SECONDS] SCENARIO [DOM0_KERNEL [GUEST_KERNEL]]}
if [ "$scenario" = native ]; then
	dom0=${2:-ours}
else
	dom0=${2:-stock}
fi
case "$scenario" in
domu-pvh-core|domu-pvh-blk|domu-pvh-net|smp-stress|bench-blk|bench-net) guest=${3:-ours} ;;
*) guest=${3:-stock} ;;
esac
lab=$LAB_DIR

"$TOP/lab/assemble.sh" > /dev/null

kernel_path() {
	case "$1" in
	stock) echo "$lab/stock/vmlinuz" ;;
	ours) echo "$BUILD/obj/arch/x86/boot/bzImage" ;;
	*) realpath "$1" ;;
	esac
}
dom0_kernel=$(kernel_path "$dom0")
guest_kernel=$(kernel_path "$guest")
[ -f "$dom0_kernel" ] || die "no kernel at $dom0_kernel (for ours: make kernel)"
[ -f "$guest_kernel" ] || die "no kernel at $guest_kernel (for ours: make kernel)"

# What dom0 runs, and whether Xen boots from UEFI with dom0 in a PVH container.
script=$scenario
efi=0
case "$scenario" in
native) : "${timeout:=180}" ;;
domu-hvm) : "${timeout:=1200}" ;;
# A few minutes when it passes (a 30 s sleep, two guest boots), but its
# waits add up to ~17 min when every step times out: let it report each.
domu-pvh-core) : "${timeout:=1200}" ;;
# A few minutes when it passes (the guest writes ~90 MiB and reads 75 back
# through blkback under TCG, then makes and checks an ext4).  A guest that
# stops reporting ends it at once, but one slow at every step may use ~28
# min of waits, generous for TCG on a busy machine: let it report each.
domu-pvh-blk) : "${timeout:=1800}" ;;
# A few minutes when it passes (256 MiB each way and twice more).
domu-pvh-net) : "${timeout:=1800}" ;;
pvh-dom0) script=domu-pvh efi=1; : "${timeout:=1500}" ;;
# A debugging aid: about a minute per boot of the core guest.
smp-stress) : "${timeout:=3000}" ;;
# Not in make check: two guests, four 20 s runs each.
bench-blk) : "${timeout:=1800}" ;;
# Not in make check: two guests, six 128 MiB transfers each.
bench-net) : "${timeout:=1800}" ;;
shell) ;;
*) : "${timeout:=900}" ;;
esac
[ "$script" = native ] || [ "$script" = shell ] || [ -f "$TOP/lab/scenarios/$script.sh" ] ||
	die "no scenario $scenario in lab/scenarios/"

tag=$scenario-$(basename "$dom0")-$(basename "$guest")
run=$BUILD/run/$tag
logs=$BUILD/logs
log=$logs/$tag.log
rm -rf "$run"
mkdir -p "$run" "$logs"

# The guest initramfs: busybox, mkfs.ext4 and fsck.ext4 with their libraries
# (lab/assemble.sh takes them from Debian's packages), the guest init and
# agent, and the stock kernel's Xen frontends as modules (a kernel with them
# built in ignores them).
g=$run/guest.d
mkdir -p "$g"/{bin,proc,sys,dev,tmp}
cp /bin/busybox "$g/bin/busybox"
# Before busybox's links: its own mke2fs would take that name.
cp -a "$lab/guest-tools/." "$g/"
busybox_links "$g"
cp "$TOP/lab/guest/init" "$g/init"
cp "$TOP/lab/guest/lab-agent" "$g/bin/lab-agent"
if [ "$scenario" = bench-blk ]; then
	need_pkgs gcc libc6-dev
	gcc -static -O2 -pthread -o "$g/bin/blkbench" "$TOP/lab/guest/blkbench.c"
fi
cp -a "$lab/stock/guest-modules/lib" "$g/"
mkcpio "$g" "$run/guest-initrd.gz"

if [ "$scenario" = native ]; then
	initrd=$run/guest-initrd.gz
else
	# Lab scripts, the guest kernel and its initramfs, appended to dom0's
	# root filesystem (the kernel unpacks concatenated archives in order).
	d=$run/dom0.d
	mkdir -p "$d/lab/guest" "$d/lab/scenarios"
	cp "$TOP/lab/dom0/init" "$d/init"
	cp "$TOP/lab/dom0/lib.sh" "$TOP/lab/dom0/domu.sh" "$d/lab/"
	cp "$TOP"/lab/scenarios/*.sh "$d/lab/scenarios/"
	cp "$guest_kernel" "$d/lab/guest/vmlinuz"
	# The benchmark runs both kernels, whichever GUEST says.
	if [ "$scenario" = bench-blk ] || [ "$scenario" = bench-net ]; then
		cp "$(kernel_path stock)" "$d/lab/guest/vmlinuz-stock"
		cp "$(kernel_path ours)" "$d/lab/guest/vmlinuz-ours"
	fi
	cp "$run/guest-initrd.gz" "$d/lab/guest/initrd.gz"
	echo "$guest" > "$d/lab/guest/kernel-name"
	cat > "$d/lab/banner" <<BANNER

  Xen lab: Xen $(cat "$lab/xen.stamp") in QEMU (TCG), dom0 kernel: $dom0,
  guest kernel: $guest.  Debian's toolstack is ready: try 'xl list', 'xl info'.
  Guests: 'xl create -c /root/pvh.cfg' (also pv.cfg, hvm.cfg); Ctrl-] leaves
  a guest console.  Leave the lab with 'poweroff -f' (or Ctrl-a x).

BANNER
	mkcpio "$d" "$run/dom0-lab.cpio.gz"
	parts=("$lab/dom0-base.cpio.gz" "$lab/dom0-hvm.cpio.gz")
	[ "$dom0" = stock ] && parts+=("$lab/stock/dom0-modules.cpio.gz")
	parts+=("$run/dom0-lab.cpio.gz")
	initrd=$run/dom0-initrd.gz
	cat "${parts[@]}" > "$initrd"
fi

qemu=(qemu-system-x86_64 -machine pc -m 3072 -smp 2 -cpu qemu64,+svm,+npt,+rdrand
      -accel "tcg,thread=${LAB_TCG_THREAD:-multi}"
      -no-reboot -net none -monitor none -parallel none)
if [ "$scenario" = native ]; then
	qemu+=(-kernel "$dom0_kernel" -initrd "$initrd"
	       -append "console=ttyS0 lab.task=native panic=-1 ${LAB_APPEND:-}")
else
	xen_cmd="console=com1 com1=115200 dom0_mem=1024M,max:1024M loglvl=all guest_loglvl=all"
	xen_cmd+=" console_timestamps=boot noreboot ${LAB_XEN_APPEND:-}"
	dom0_cmd="console=hvc0 earlyprintk=xen loglevel=5 ${LAB_APPEND:-}"
	[ "$scenario" = shell ] || dom0_cmd+=" lab.scenario=$script lab.dom0_type=$([ $efi -eq 1 ] && echo PVH || echo PV)"
	# LAB_GUEST_APPEND (one word) reaches the guests' command lines.
	[ -z "${LAB_GUEST_APPEND:-}" ] || dom0_cmd+=" lab.guest_append=$LAB_GUEST_APPEND"
	if [ $efi -eq 1 ]; then
		# OVMF loads xen.efi from a FAT image; xen.efi reads BOOTX64.cfg
		# beside itself for its options, dom0's kernel and the initramfs.
		# A PVH dom0 needs UEFI here: with SeaBIOS its ACPI tables sit
		# where Xen 4.17 does not map them for PVH dom0.
		# One dom0 vCPU: with two, Debian's stock kernel as PVH dom0
		# triple-faulted in two runs of three (Xen calls PVH dom0
		# experimental in 4.17); with one it has passed.
		xen_cmd+=" dom0=pvh dom0-iommu=none dom0_max_vcpus=1"
		cat > "$run/BOOTX64.cfg" <<CFG
[global]
default=lab
[lab]
options=$xen_cmd
kernel=vmlinuz $dom0_cmd
ramdisk=initrd.gz
CFG
		esp=$run/esp.img
		size=$(( ($(stat -c %s "$initrd") + $(stat -c %s "$dom0_kernel")) / 1048576 + 32 ))
		truncate -s "${size}M" "$esp"
		mkfs.vfat -n LABESP "$esp" > /dev/null
		mmd -i "$esp" ::/EFI ::/EFI/BOOT
		mcopy -i "$esp" "$lab/xen.efi" ::/EFI/BOOT/BOOTX64.EFI
		mcopy -i "$esp" "$run/BOOTX64.cfg" ::/EFI/BOOT/BOOTX64.cfg
		mcopy -i "$esp" "$dom0_kernel" ::/EFI/BOOT/vmlinuz
		mcopy -i "$esp" "$initrd" ::/EFI/BOOT/initrd.gz
		cp /usr/share/OVMF/OVMF_VARS_4M.fd "$run/OVMF_VARS.fd"
		qemu[2]=q35
		qemu+=(-drive if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd
		       -drive if=pflash,format=raw,file="$run/OVMF_VARS.fd"
		       -drive file="$esp",format=raw,if=ide)
	else
		case "$dom0_cmd" in
		*,*) die "QEMU splits -initrd on commas: none allowed in '$dom0_cmd'" ;;
		esac
		qemu+=(-kernel "$lab/xen" -append "$xen_cmd" -initrd "$dom0_kernel $dom0_cmd,$initrd")
	fi
fi

if [ "$scenario" = shell ]; then
	exec "${qemu[@]}" -nographic
fi

step "lab: $scenario (dom0: $dom0, guest: $guest), up to ${timeout}s, serial log $log"
# What a crash of Xen, dom0 or our native kernel looks like on the console.
crashed='Panic on CPU|Kernel panic - not syncing|Failed to execute /init|Hardware Dom0 (crashed|shutdown)'
# host_lines: the serial log without what guests printed (Xen's "(dN)" copy
# of their early output, and the "guest| " dumps of their consoles).
host_lines() {
	tr -d '\r' < "$log" | grep -a -v -E '^(guest\| |\(d[1-9][0-9]*\) )'
}
: > "$log"
"${qemu[@]}" -display none -serial "file:$log" &
qpid=$!
start=$(date +%s)
finished=0
while kill -0 "$qpid" 2>/dev/null; do
	if grep -a -q 'LAB: DONE' "$log"; then
		finished=1
		break
	fi
	if host_lines | grep -a -q -E "$crashed"; then
		sleep 2
		break
	fi
	if [ $(($(date +%s) - start)) -ge "$timeout" ]; then
		break
	fi
	sleep 2
	# Every minute, the newest check, so a person watching sees progress.
	if [ $((($(date +%s) - start) % 60)) -lt 2 ]; then
		last=$(tr -d '\r' < "$log" | grep -a -o -E 'LAB: (PASS|FAIL|XFAIL) [^ :]*' | tail -n 1)
		step "lab: $scenario running, $(($(date +%s) - start))s, last: ${last:-booting}"
	fi
done
# Xen enters S5 when dom0 powers off and QEMU exits by itself; otherwise stop it.
sleep 1
kill "$qpid" 2>/dev/null || true
wait "$qpid" 2>/dev/null || true
grep -a -q 'LAB: DONE' "$log" && finished=1

results=$run/results
host_lines | grep -a -o -E 'LAB: (PASS|FAIL|XFAIL) .*' |
	sed -E "s/^LAB: (PASS|FAIL|XFAIL) /\1 $scenario\//" > "$results" || true
# KUnit suites built into a kernel report at boot in KTAP; each top-level
# (unindented) "ok N suite" or "not ok N suite" line is one result.
host_lines |
	sed -n -E 's/^\[ *[0-9.]+\] (not ok|ok) [0-9]+ (- )?([A-Za-z0-9_.-]+).*/\1 \3/p' |
	sed -E "s/^not ok (.*)/FAIL $scenario\/kunit-\1: see the serial log/; s/^ok (.*)/PASS $scenario\/kunit-\1/" \
	>> "$results"
if [ $finished -eq 0 ]; then
	why="did not finish within ${timeout}s"
	[ $(($(date +%s) - start)) -lt "$timeout" ] && why="QEMU stopped before the scenario finished"
	crash=$(host_lines | grep -a -m1 -E "$crashed|Triple fault" || true)
	[ -z "$crash" ] || why="crashed: $crash"
	echo "FAIL $scenario/finished: $why (dom0 $dom0, guest $guest); serial log: $log" >> "$results"
elif ! grep -q . "$results"; then
	echo "FAIL $scenario/finished: no checks reported; serial log: $log" >> "$results"
fi
sed 's/^/  /' "$results"
# Measurements a scenario reports (the benchmark's), as they are.
host_lines | grep -a '^BENCH: ' | sed 's/^/  /' || true
[ -n "${LAB_RESULTS:-}" ] && cat "$results" >> "$LAB_RESULTS"
npass=$(grep -c '^PASS' "$results" || true)
nfail=$(grep -c '^FAIL' "$results" || true)
nxfail=$(grep -c '^XFAIL' "$results" || true)
step "lab: $scenario: $npass passed, $nfail failed, $nxfail expected failures ($(($(date +%s) - start))s); serial log: $log"
[ "$nfail" -eq 0 ]
exit
}
