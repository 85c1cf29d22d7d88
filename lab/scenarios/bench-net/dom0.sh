# SPDX-License-Identifier: GPL-2.0
# dom0's half of bench-net: iperf3 from dom0 to each kernel's guest and
# back, then the ratios.

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

# bench KERNEL: up to three boots, for the emulator's fault.
bench() {
	: > "/tmp/bench-$1"
	tries=0
	while [ $tries -lt 3 ]; do
		tries=$((tries + 1))
		if create_guest "$1" && boot_guest 300 && guest_step iperf_server; then
			to=$(best to)
			from=$(best from)
			echo "to $to" > "/tmp/bench-$1"
			echo "from $from" >> "/tmp/bench-$1"
			echo "BENCH: $1: dom0 -> guest $to MB/s, guest -> dom0 $from MB/s"
			finish_guest
			[ "$to" != 0 ] && [ "$from" != 0 ] && return 0
			why "iperf3 gave no result"
			return 1
		fi
		echo "BENCH: $1: boot $tries did not finish: $note $(xl dmesg | grep 'Triple fault' | tail -n 1)"
		finish_guest
	done
	why "no complete run of the $1 kernel in $tries boots: $note"
	return 1
}

step_bench_stock() {
	bench stock
}

step_bench_ours() {
	bench ours
}

step_ratios() {
	for w in to from; do
		a=$(awk -v w=$w '$1 == w { print $2 }' /tmp/bench-ours)
		b=$(awk -v w=$w '$1 == w { print $2 }' /tmp/bench-stock)
		[ -n "$a" ] && [ -n "$b" ] || { why "a kernel's results are missing"; return 1; }
		[ $w = to ] && d="dom0 -> guest" || d="guest -> dom0"
		echo "BENCH: $d TCP: ours $a MB/s, stock $b MB/s, ours/stock $(awk -v a="$a" -v b="$b" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')"
	done
}
