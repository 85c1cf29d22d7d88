# SPDX-License-Identifier: GPL-2.0
# The guest's half of the core scenario: our kernel's xenstore client
# through its debugfs file (lib.sh, xs), /sys/hypervisor, CPUs and clock.

gstep_identity() {
	say "cpus $(nproc)"
	say "cpus-online $(cat /sys/devices/system/cpu/online 2>&1)"
	say "clocksource $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource 2>&1)"
	say "xen-version $(cat /sys/hypervisor/version/major 2>&1).$(cat /sys/hypervisor/version/minor 2>&1)$(cat /sys/hypervisor/version/extra 2>&1)"
	say "hypervisor-uuid $(cat /sys/hypervisor/uuid 2>&1)"
}

gstep_xs_write() {
	xs write data/lab-core hello-from-guest > /dev/null || { why "$(xs_error)"; return 1; }
}

# watch_events PATH: how many events the watch on PATH has fired so far
# (the file keeps one line per event).
watch_events() {
	grep -c "$1" "$XS_EVENTS" 2> /dev/null
}

events_at_least() {
	[ "$(watch_events "$1")" -ge "$2" ] 2> /dev/null
}

# xenstored fires a new watch once at once: none means no events.
gstep_xs_watch_arm() {
	xs watch data/lab-watch > /dev/null || { why "cannot add the watch: $(xs_error)"; return 1; }
	wait_until 30 events_at_least data/lab-watch 1 && return
	why "no initial event for data/lab-watch within 30s"
	return 1
}

gstep_xs_watch_fired() {
	if ! wait_until 60 events_at_least data/lab-watch 2; then
		why "no event within 60s of dom0's write: $(watch_events data/lab-watch) so far"
		return 1
	fi
	say "watch-fired $(grep data/lab-watch "$XS_EVENTS" | sed -n 2p)"
	xs unwatch data/lab-watch > /dev/null
}

gstep_xs_read() {
	v=$(xs read data/lab-from-dom0) || { why "$(xs_error)"; return 1; }
	say "xs-read $v"
}

# gstep_sleep SECONDS: dom0 times the two lines.
gstep_sleep() {
	say "sleep-start $_lab_seq"
	nap "$1"
	say "sleep-end $_lab_seq"
}

# gstep_stress SECONDS: stress-ng's cpu, vm, timer and fork stressors,
# two of each; all must finish cleanly and the kernel log gain no oops,
# warning, lockup or stall.
gstep_stress() {
	dmesg -c > /dev/null
	stress-ng --cpu 2 --vm 2 --vm-bytes 16M --timer 2 --timer-freq 10000 \
		--fork 2 --timeout "$1" --metrics-brief > /tmp/stress.out 2>&1 ||
		{ why "stress-ng: $(grep -m 2 -E 'fail|error' /tmp/stress.out | tr '\n' ' ')"; return 1; }
	bad=$(dmesg | grep -m 3 -E 'BUG|WARNING|Oops|soft lockup|stall|hung' | tr '\n' ' ')
	[ -z "$bad" ] || { why "the kernel said: $bad"; return 1; }
	say "stress $(awk '$2 == "metrc:" && $4 ~ /^(cpu|vm|timer|fork)$/ { printf "%s=%s ", $4, $5 }' /tmp/stress.out)steal-ticks=$(awk '$1 == "cpu" { print $9 }' /proc/stat)"
}

# Take CPU 1 down and up again, then run on it: its vcpu_info, events and
# timer must all work after the round trip.
gstep_cpu_hotplug() {
	c=/sys/devices/system/cpu/cpu1/online
	echo 0 > $c && echo 1 > $c && timeout 10 taskset -c 1 sleep 1 && return
	why "online CPUs after the round trip: $(cat /sys/devices/system/cpu/online)"
	return 1
}

# cpus_online WANT: /sys/devices/system/cpu/online becomes WANT within 20 s.
gstep_cpus_online() {
	f=/sys/devices/system/cpu/online
	for _ in $(seq 40); do
		[ "$(cat $f)" = "$1" ] && return
		sleep 0.5
	done
	why "online CPUs are $(cat $f), not $1, 20 s after xl vcpu-set"
	return 1
}
