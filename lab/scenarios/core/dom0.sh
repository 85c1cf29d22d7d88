# SPDX-License-Identifier: GPL-2.0
# dom0's half of the core scenario: one step per check, in order.

step_create() {
	create_guest
}

step_boot() {
	boot_guest 180
}

step_console_hvc0() {
	guest_step console
}

# earlyprintk=xen writes to Xen's debug port: Xen logs it as (dN).  A PV
# guest has no port I/O: its boot console writes into the console ring.
step_earlyprintk() {
	if [ "$SC_TYPE" = pv ]; then
		grep -q "bootconsole \[xenboot0\] enabled" "$LAB_CONSOLE_LOGS/guest-$G.log" && return
		why "no 'bootconsole [xenboot0] enabled' on the guest's console"
		return 1
	fi
	xl dmesg | grep -q "(d$(xl domid "$G")) .*Linux version" && return
	why "no '(dN) ... Linux version' in xl dmesg: earlyprintk=xen printed nothing"
	return 1
}

# expect WHAT GOT WANT
expect() {
	[ "$2" = "$3" ] && return
	why "the guest says $1 '$2', expected '$3'"
	return 1
}

step_cpus() {
	guest_step identity || return 2
	domid=$(xl domid "$G")
	expect "cpus/online" "$(said cpus)/$(said cpus-online)" "$vcpus/0-$((vcpus - 1))"
}

step_clocksource() {
	expect "its clocksource" "$(said clocksource)" xen
}

step_xen_version() {
	expect "Xen's version" "$(said xen-version)" "$(xl info | awk '/^xen_major/ { M = $3 }
		/^xen_minor/ { m = $3 } /^xen_extra/ { e = $3 } END { print M "." m e }')"
}

# domain_uuid: the UUID the toolstack gave the domain: libxl keeps the
# domain's VM path, /vm/UUID, in its xenstore directory.
domain_uuid() {
	vm=$(xenstore-read "/local/domain/$domid/vm" 2> /dev/null)
	case "$vm" in
	/vm/?*) echo "${vm#/vm/}" ;;
	*) xl list -v "$G" | awk 'NR == 2 { print $7 }' ;;
	esac
}

step_uuid() {
	want=$(domain_uuid)
	[ -n "$want" ] || { why "dom0 cannot find the domain's UUID"; return 1; }
	expect "its UUID" "$(said hypervisor-uuid)" "$want"
}

# The guest still runs as the same domain: one that crashed or rebooted
# by itself came back as a new one, and every later check would fail for
# a reason that is not theirs.
step_no_restart() {
	[ "$(xl domid "$G" 2> /dev/null)" = "$domid" ] && return
	xl dmesg | grep -E "d${domid}v[0-9]+ (Triple fault|.*crash)" | tail -n 3
	why "the guest restarted by itself (was domain $domid, now '$(xl domid "$G" 2> /dev/null)')"
	return 2
}

step_xs_guest_write() {
	guest_step xs_write || return
	v=$(xenstore-read "/local/domain/$domid/data/lab-core" 2>&1)
	expect "it wrote, and dom0 reads," "$v" hello-from-guest
}

# The guest watches data/lab-watch; dom0 writes the value the guest reads
# next, then fires the watch.
step_xs_watch() {
	guest_step xs_watch_arm || return
	data=/local/domain/$domid/data
	xenstore-write "$data/lab-from-dom0" hello-from-dom0 &&
		xenstore-write "$data/lab-watch" fire || { why "dom0 cannot write to $data"; return 1; }
	guest_step xs_watch_fired
}

step_xs_guest_read() {
	guest_step xs_read || return
	expect "it read" "$(said xs-read)" hello-from-dom0
}

# The guest's "sleep 30" lasts 30 s, +- 1 s, by dom0's clock: dom0 times
# the guest's two lines around it, polling ten times a second.
step_clock() {
	guest_send sleep 30 || return 2
	seq=$LAB_SEQ
	t0=$(guest_said_at "$G" "sleep-start $seq" 60) || { why "no sleep-start from the guest"; return 1; }
	t1=$(guest_said_at "$G" "sleep-end $seq" 60) || { why "no sleep-end within 60s of sleep-start"; return 1; }
	guest_wait "$seq" sleep || return
	d=$((t1 - t0))
	[ $d -ge 2900 ] && [ $d -le 3100 ] && return
	why "the guest's sleep 30 took $((d / 100)).$((d / 10 % 10))s by dom0's clock (30 +- 1 s expected)"
	return 1
}

# stress-ng on both vCPUs for 30 s: CPU, memory, timers and forks.  Then
# the kernel has said nothing alarming and the guest still answers.
step_stress() {
	STEP_WAIT=150 guest_step stress 30
}

# Steal time: under stress both vCPUs want to run all the time while dom0,
# on the same two emulated CPUs, runs the lab too, so Xen must have kept
# them waiting now and then; /proc/stat's steal column says for how long.
# A kernel without a steal clock reports 0.
step_steal() {
	t=$(said stress | sed -n 's/.*steal-ticks=\([0-9]*\).*/\1/p')
	[ -n "$t" ] || { why "no steal-ticks in the guest's stress line"; return 1; }
	[ "$t" -gt 0 ] && return
	why "no steal time after 30 s of stress on every vCPU"
	return 1
}

step_cpu_hotplug() {
	guest_step cpu_hotplug
}

# xl vcpu-set takes vCPU 1 away and gives it back; a PV guest hears it
# through xenstore (cpu/1/availability) and its CPU 1 follows each time.
# A PVH guest's vCPUs are hotplugged through ACPI, which ours does not
# follow yet.
step_vcpu_set() {
	if [ "$SC_TYPE" != pv ]; then
		why "PVH vCPU hotplug (ACPI) is not handled yet"
		return 3
	fi
	for n in 1 2; do
		out=$(xl vcpu-set "$G" $n 2>&1) || { why "xl vcpu-set $G $n: $out"; return 1; }
		want=0
		[ $n = 1 ] || want=0-1
		guest_step cpus_online "$want" || return
	done
}

# xl sysrq reaches the guest kernel's sysrq handler.
step_sysrq() {
	out=$(xl sysrq "$G" s 2>&1) || { why "xl sysrq failed: $out"; return 1; }
	wait_until 30 grep -q "Emergency Sync" "$(guest_log "$G")" && return
	why "no 'Emergency Sync' on the guest's console within 30s of xl sysrq s"
	return 1
}

# booted_again SIZE: a new domain $G has said "up" since its console log
# was SIZE bytes long (xenconsoled appends across a reboot; a shorter log
# was begun anew, and all of it is the new boot).
booted_again() {
	id=$(xl domid "$G" 2> /dev/null) || return 1
	[ "$id" != "$domid" ] || return 1
	if [ "$(wc -c < "$(guest_log "$G")")" -lt "$1" ]; then
		guest_said "$G" "up "
	else
		tail -c +$(($1 + 1)) "$(guest_log "$G")" | grep -q "LABGUEST up "
	fi
}

# xl reboot ends this domain and xl starts it anew.
step_reboot() {
	size=$(wc -c < "$(guest_log "$G")")
	out=$(xl reboot "$G" 2>&1) || { why "xl reboot failed: $out"; return 2; }
	wait_until 180 booted_again "$size" && return
	why "no new domain $G saying 'up' within 180s of xl reboot (was domain $domid, now '$(xl domid "$G" 2> /dev/null)', state '$(domain_state "$G")')"
	return 2
}

step_shutdown() {
	shutdown_guest
}
