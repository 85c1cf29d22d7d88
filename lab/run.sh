#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run one cell of a lab scenario and report its checks.
#
# usage: lab/run.sh [-t SECONDS] SCENARIO [DOM0_KERNEL [GUEST_KERNEL [TYPE]]]
#        lab/run.sh shell [DOM0_KERNEL [GUEST_KERNEL]]
#   SCENARIO   a folder of lab/scenarios/ (lab/matrix.sh says what is in one)
#   *_KERNEL   stock (Debian's), ours (this tree's build), upstream (the
#              unstripped source with our config) or a bzImage path;
#              each defaults to the first its scenario.conf lists
#   TYPE       the guest type, pv, pvh or hvm; defaults likewise
#   -t SECONDS give up after this long (default: the scenario's timeout)
#   shell      the demo (make run): dom0 starts a guest and hands over its
#              console
# LAB_APPEND is added to the command line of the kernel QEMU or Xen boots
# (ours natively, or dom0), LAB_GUEST_APPEND (one word) to the guests',
# LAB_XEN_APPEND to Xen's: handy to break a boot on purpose.
#
# QEMU runs Xen under TCG with dom0 on its serial console; the serial log is
# kept in build/logs/.  Prints every PASS/FAIL/XFAIL/SKIP line, then a
# summary, and appends the results to $LAB_RESULTS when that is set.  Exit
# status is non-zero when a check failed or the cell did not finish.
set -euo pipefail
# Braces: bash reads the whole script before running it, so editing this
# file while a long run uses it cannot derail that run.
{
. "$(dirname "$0")/../scripts/lib.sh"
. "$TOP/lab/matrix.sh"

limit=
if [ "${1:-}" = -t ]; then
	limit=$2
	shift 2
fi
scenario=${1:?usage: lab/run.sh [-t SECONDS] SCENARIO [DOM0 [GUEST [TYPE]]]}
shell=0
if [ "$scenario" = shell ]; then
	shell=1 scenario=demo
fi
sc_load "$scenario"
first() { echo "$1"; }
# pick ARG LIST: ARG, unless empty or "-": then LIST's first word.
pick() {
	if [ -n "$1" ] && [ "$1" != - ]; then
		echo "$1"
	else
		# shellcheck disable=SC2086
		first $2
	fi
}
dom0=$(pick "${2:-}" "$dom0_kernels")
guest=$(pick "${3:-}" "$guest_kernels")
type=$(pick "${4:-}" "$guest_types")
[ "$type" = native ] && dom0=none
cell=$type.$(basename "$dom0").$(basename "$guest")
timeout=${limit:-$timeout}
lab=$LAB_DIR

"$TOP/lab/assemble.sh" > /dev/null

guest_kernel=$(kernel_path "$guest")
[ -f "$guest_kernel" ] || die "no kernel at $guest_kernel (ours: make kernel; upstream: make upstream)"
if [ "$dom0" != none ]; then
	dom0_kernel=$(kernel_path "$dom0")
	[ -f "$dom0_kernel" ] || die "no kernel at $dom0_kernel (ours: make kernel; upstream: make upstream)"
fi

tag=$scenario-$cell
run=$BUILD/run/$tag
logs=$BUILD/logs
log=$logs/$tag.log
rm -rf "$run"
mkdir -p "$run" "$logs"
"$TOP/lab/initramfs.sh" "$run" "$scenario" "$guest_kernel"

qemu=(qemu-system-x86_64 -machine pc -m 3072 -smp 2 -cpu qemu64,+svm,+npt,+rdrand
      -accel "tcg,thread=${LAB_TCG_THREAD:-multi}"
      -no-reboot -net none -monitor none -parallel none)
if [ "$type" = native ]; then
	qemu+=(-kernel "$guest_kernel" -initrd "$run/guest-initrd.gz"
	       -append "console=ttyS0 lab.native=1 lab.cell=$scenario/$cell panic=-1 ${LAB_APPEND:-}")
else
	parts=("$lab/dom0-base.cpio.gz" "$lab/dom0-hvm.cpio.gz")
	[ "$dom0" = stock ] && parts+=("$lab/stock/dom0-modules.cpio.gz")
	parts+=("$run/dom0-lab.cpio.gz")
	initrd=$run/dom0-initrd.gz
	cat "${parts[@]}" > "$initrd"
	xen_cmd="console=com1 com1=115200 dom0_mem=1024M,max:1024M loglvl=all guest_loglvl=all"
	xen_cmd+=" console_timestamps=boot noreboot ${LAB_XEN_APPEND:-}"
	dom0_cmd="console=hvc0 earlyprintk=xen loglevel=5 ${LAB_APPEND:-}"
	dom0_cmd+=" lab.scenario=$scenario lab.type=$type lab.dom0=$(basename "$dom0") lab.guest=$(basename "$guest")"
	dom0_cmd+=" lab.dom0_type=$(echo "$dom0_mode" | tr '[:lower:]' '[:upper:]')"
	# LAB_GUEST_APPEND (one word) reaches the guests' command lines.
	[ -z "${LAB_GUEST_APPEND:-}" ] || dom0_cmd+=" lab.guest_append=$LAB_GUEST_APPEND"
	if [ "$dom0_mode" = pvh ]; then
		# shellcheck source=lab/efi.sh
		. "$TOP/lab/efi.sh"
	else
		case "$dom0_cmd" in
		*,*) die "QEMU splits -initrd on commas: none allowed in '$dom0_cmd'" ;;
		esac
		qemu+=(-kernel "$lab/xen" -append "$xen_cmd" -initrd "$dom0_kernel $dom0_cmd,$initrd")
	fi
fi

if [ $shell -eq 1 ]; then
	exec "${qemu[@]}" -nographic
fi

step "lab: $scenario/$cell, up to ${timeout}s, serial log $log"
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
		last=$(tr -d '\r' < "$log" | grep -a -o -E 'LAB: (PASS|FAIL|SKIP) [^ :]*' | tail -n 1)
		step "lab: $scenario/$cell running, $(($(date +%s) - start))s, last: ${last:-booting}"
	fi
done
# Xen enters S5 when dom0 powers off and QEMU exits by itself; otherwise stop it.
sleep 1
kill "$qpid" 2>/dev/null || true
wait "$qpid" 2>/dev/null || true
grep -a -q 'LAB: DONE' "$log" && finished=1

raw=$run/results.raw
results=$run/results
host_lines | grep -a -o -E 'LAB: (PASS|FAIL|XFAIL|SKIP) .*' | sed -E 's/^LAB: //' > "$raw" || true
# KUnit suites built into a kernel report at boot in KTAP; each top-level
# (unindented) "ok N suite" or "not ok N suite" line is one result.
host_lines |
	sed -n -E 's/^\[ *[0-9.]+\] (not ok|ok) [0-9]+ (- )?([A-Za-z0-9_.-]+).*/\1 \3/p' |
	sed -E "s#^not ok (.*)#FAIL $scenario/$cell/kunit-\1: see the serial log#; s#^ok (.*)#PASS $scenario/$cell/kunit-\1#" \
	>> "$raw"
if [ $finished -eq 0 ]; then
	why="did not finish within ${timeout}s"
	[ $(($(date +%s) - start)) -lt "$timeout" ] && why="QEMU stopped before the scenario finished"
	crash=$(host_lines | grep -a -m1 -E "$crashed|Triple fault" || true)
	[ -z "$crash" ] || why="crashed: $crash"
	echo "FAIL $scenario/$cell/finished: $why; serial log: $log" >> "$raw"
elif ! grep -q . "$raw"; then
	echo "FAIL $scenario/$cell/finished: no checks reported; serial log: $log" >> "$raw"
fi
sc_xfail "$raw" > "$results"
sed 's/^/  /' "$results"
# Measurements a scenario reports (the benchmarks'), as they are.
host_lines | grep -a '^BENCH: ' | sed 's/^/  /' || true
[ -n "${LAB_RESULTS:-}" ] && cat "$results" >> "$LAB_RESULTS"
count() { grep -c "^$1 " "$results" || true; }
step "lab: $scenario/$cell: $(count PASS) passed, $(count FAIL) failed, $(count XFAIL) expected failures, $(count SKIP) skipped ($(($(date +%s) - start))s); serial log: $log"
[ "$(count FAIL)" -eq 0 ]
exit
}
