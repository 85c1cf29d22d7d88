# SPDX-License-Identifier: GPL-2.0
# dom0's half of bench-blk: the same fio phases under each kernel of
# scenario.conf's compare, then ours against the others.
. /lab/bench.sh

PHASES="write:1M read:1M randwrite:4k randread:4k"
secs=$(lab_arg lab.bench_seconds)

# phases KERNEL: every phase in a freshly booted guest; a result line per
# phase ("RW/BS MBps") and its interrupts for the log.
phases() {
	boot_guest 300 || return
	guest_step about || return
	echo "BENCH: $1: $(said bench-disk); clocksource $(said bench-clock)"
	for p in $PHASES; do
		STEP_WAIT=$((${secs:-20} * 3 + 60)) guest_step fio "${p%:*}" "${p#*:}" "${secs:-20}" || return
		# shellcheck disable=SC2046
		set -- "$1" $(said fio)
		echo "$2/$3 $4" >> "/tmp/bench-$1"
		echo "BENCH: $1: $2 $3 $4 MiB/s, $5 IOPS ($(said irqs))"
	done
}

step_bench_stock() {
	bench_kernel stock phases
}

step_bench_upstream() {
	bench_kernel upstream phases
}

step_bench_ours() {
	bench_kernel ours phases
}

step_ratios() {
	bench_ratios MiB/s
}
