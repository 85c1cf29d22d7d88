# SPDX-License-Identifier: GPL-2.0
# What the benchmarks share in dom0 (sourced by their dom0.sh): boot each
# kernel of scenario.conf's compare in turn, keep its results, and print
# ours against each of the others.
#
# A result file /tmp/bench-KERNEL holds "NAME VALUE" lines, one per
# measurement, in the unit bench_ratios is given.

# triple_faults: how many guest triple faults Xen has logged so far.
triple_faults() {
	xl dmesg | grep -c 'Triple fault'
}

# bench_kernel KERNEL RUN: boot the guest with KERNEL and call RUN KERNEL,
# which fills /tmp/bench-KERNEL.  Only a boot that dies of the emulator's
# fault (a triple fault, docs/lab-faults.md) is tried again, up to three
# boots, each said; any other failure is the kernel's and fails the step.
bench_kernel() {
	: > "/tmp/bench-$1"
	if [ ! -f "/lab/guest/vmlinuz-$1" ]; then
		why "no $1 kernel in this run (make $1 builds it)"
		return 3
	fi
	tries=0
	while [ $tries -lt 3 ]; do
		tries=$((tries + 1))
		before=$(triple_faults)
		create_guest "$1" && "$2" "$1" && { finish_guest; return 0; }
		finish_guest
		clear_guest
		: > "/tmp/bench-$1"
		if [ "$(triple_faults)" = "$before" ]; then
			echo "BENCH: $1: boot $tries failed: $note"
			return 1
		fi
		echo "BENCH: $1: boot $tries met the emulator's fault: $(xl dmesg | grep 'Triple fault' | tail -n 1)"
	done
	why "no complete run of the $1 kernel in $tries boots: $note"
	return 1
}

# clear_guest: no domain $G is left.  Xen reports a triple fault as a
# reboot, so xl may be starting the guest anew while finish_guest destroys
# the old one: destroy until none appears for a few seconds.
clear_guest() {
	for _ in 1 2 3 4 5; do
		sleep 3
		domain_exists "$G" || return 0
		xl destroy "$G" 2> /dev/null
	done
	echo "BENCH: domain $G is still there: $(xl list | tr '\n' ' ')"
}

# ratio A B: A / B to two places.
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'
}

# bench_ratios UNIT: each of ours' results beside stock's and upstream's
# (when that ran), with ours/theirs: above 1.00 ours is faster.
bench_ratios() {
	if [ ! -s /tmp/bench-ours ] || [ ! -s /tmp/bench-stock ]; then
		why "a kernel's results are missing"
		return 1
	fi
	while read -r name value; do
		line="BENCH: $name: ours $value $1"
		for k in stock upstream; do
			v=$(awk -v n="$name" '$1 == n { print $2; exit }' "/tmp/bench-$k" 2> /dev/null)
			[ -z "$v" ] || line="$line, $k $v, ours/$k $(ratio "$value" "$v")"
		done
		echo "$line"
	done < /tmp/bench-ours
}
