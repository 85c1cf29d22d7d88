# SPDX-License-Identifier: GPL-2.0
# dom0's half of bench-blk: the same phases under each kernel of
# scenario.conf's compare, then the ratios.

PHASES="write:1M read:1M randwrite:4k randread:4k"

# bench KERNEL: boot the guest with KERNEL and run every phase; up to three
# boots, for the emulator's fault (docs/lab-faults.md), each one counted.
bench() {
	: > "/tmp/bench-$1"
	tries=0
	while [ $tries -lt 3 ]; do
		tries=$((tries + 1))
		create_guest "$1" && bench_phases "$1" && { finish_guest; return 0; }
		echo "BENCH: $1: boot $tries did not finish: $note $(xl dmesg | grep 'Triple fault' | tail -n 1)"
		finish_guest
		: > "/tmp/bench-$1"
	done
	why "no complete run of the $1 kernel in $tries boots: $note"
	return 1
}

bench_phases() {
	boot_guest 300 || return
	guest_step about || return
	echo "BENCH: $1: $(said bench-kernel)"
	for p in $PHASES; do
		STEP_WAIT=$((${secs:-20} * 3 + 60)) guest_step fio "${p%:*}" "${p#*:}" "${secs:-20}" || return
		echo "$(said fio)" >> "/tmp/bench-$1"
		echo "BENCH: $1: $(said fio) ($(said irqs))"
	done
}

secs=$(lab_arg lab.bench_seconds)

step_bench_stock() {
	bench stock
}

step_bench_ours() {
	bench ours
}

# RW BS MBps IOPS for both kernels: the ratio of MB/s.
step_ratios() {
	while read -r rw bs mbps _; do
		theirs=$(awk -v n="$rw" '$1 == n { print $3; exit }' /tmp/bench-stock)
		[ -n "$theirs" ] || continue
		echo "BENCH: $rw $bs: ours $mbps MB/s, stock $theirs MB/s, ours/stock $(awk -v a="$mbps" -v b="$theirs" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')"
	done < /tmp/bench-ours
	[ -s /tmp/bench-ours ] && [ -s /tmp/bench-stock ] || { why "a kernel's results are missing"; return 1; }
}
