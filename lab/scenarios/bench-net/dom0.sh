# SPDX-License-Identifier: GPL-2.0
# dom0's half of bench-net: iperf3 from dom0 to each kernel's guest and
# back, then ours against the others.
. /lab/bench.sh

# iperf WAY: one 10 s run (to: dom0 sends, from: the guest sends); prints
# the receiver's MB/s.
iperf() {
	r=
	[ "$1" = from ] && r=-R
	# shellcheck disable=SC2086
	iperf3 -c "$GUEST_IP" -t 10 -f M $r 2> /dev/null |
		awk '/receiver/ { for (i = 2; i <= NF; i++) if ($i == "MBytes/sec") v = $(i - 1) } END { print v }'
}

# best WAY: the best of three runs.
best() {
	b=0
	for _ in 1 2 3; do
		v=$(iperf "$1")
		[ -n "$v" ] && b=$(awk -v a="$v" -v b="$b" 'BEGIN { print (a > b) ? a : b }')
	done
	echo "$b"
}

# flows KERNEL: both directions against a freshly booted guest.
flows() {
	boot_guest 300 && guest_step iperf_server || return
	to=$(best to)
	from=$(best from)
	echo "BENCH: $1: dom0 -> guest $to MB/s, guest -> dom0 $from MB/s"
	if [ "$to" = 0 ] || [ "$from" = 0 ]; then
		why "iperf3 gave no result"
		return 1
	fi
	printf 'dom0->guest %s\nguest->dom0 %s\n' "$to" "$from" > "/tmp/bench-$1"
}

step_bench_stock() {
	bench_kernel stock flows
}

step_bench_upstream() {
	bench_kernel upstream flows
}

step_bench_ours() {
	bench_kernel ours flows
}

step_ratios() {
	bench_ratios MB/s
}
