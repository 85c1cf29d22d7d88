# SPDX-License-Identifier: GPL-2.0
# The guest's half of bench-blk: fio on xvda.

# irq_counts: each line of /proc/interrupts as "name total description".
irq_counts() {
	awk 'NR > 1 { n = 0; for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) n += $i
		d = ""; for (; i <= NF; i++) d = d "_" $i
		print $1, n, d }' /proc/interrupts
}

# irq_delta BEFORE AFTER: the interrupts taken between two irq_counts, the
# busiest first.
irq_delta() {
	awk 'NR == FNR { b[$1] = $2; next }
		{ d = $2 - b[$1]; if (d > 0) print d, $1 $3 }' "$1" "$2" |
		sort -rn | head -n 6 | awk '{ printf "%s=%s ", $2, $1 }'
}

gstep_about() {
	wait_until 60 test -b /dev/xvda || { why "no /dev/xvda"; return 2; }
	say "bench-disk $(dmesg | grep -m1 -E 'xvda: ' | sed 's/^\[[ 0-9.]*\] *//')"
	say "bench-clock $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"
}

# gstep_fio RW BS SECONDS: one phase on the whole of xvda; says
# "fio RW BS MiB/s IOPS" from fio's terse output (v3: read KiB/s and IOPS in
# fields 7 and 8, write in 48 and 49), then the interrupts it took.
gstep_fio() {
	irq_counts > /tmp/irq.before
	fio --name=bench --filename=/dev/xvda --rw="$1" --bs="$2" --direct=1 \
		--ioengine=psync --thread --numjobs=4 --group_reporting --time_based \
		--runtime="$3" --output-format=terse --terse-version=3 > /tmp/fio.out 2> /tmp/fio.err ||
		{ why "fio: $(tail -n 1 /tmp/fio.err)"; return 1; }
	irq_counts > /tmp/irq.after
	case "$1" in
	*write) f=48 ;;
	*) f=7 ;;
	esac
	say "fio $1 $2 $(awk -F';' -v f=$f '{ printf "%.2f %d", $f / 1024, $(f + 1) }' /tmp/fio.out)"
	say "irqs $1 $(irq_delta /tmp/irq.before /tmp/irq.after)"
}
