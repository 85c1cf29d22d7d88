# SPDX-License-Identifier: GPL-2.0
# The domU checks every guest type shares (sourced by the scenarios).

# domu_config NAME TYPE IP MAC: write the xl config for a lab guest.
domu_config() {
	cat <<CFG
name = "$1"
type = "$2"
kernel = "/lab/guest/vmlinuz"
ramdisk = "/lab/guest/initrd.gz"
cmdline = "console=hvc0 lab.task=guest lab.ip=$3 $(lab_arg lab.guest_append)"
memory = 256
maxmem = 256
vcpus = 1
disk = [ "format=raw,vdev=xvda,access=rw,target=$LAB_IMAGES/$1.img" ]
vif = [ "mac=$4,bridge=xenbr0" ]
vnc = 0
on_crash = "preserve"
CFG
}

# domu_boot NAME TYPE IP MAC BOOT_TIMEOUT: create the guest, wait for its
# init, then check its console, its disk writes and its network.
domu_boot() {
	g=$1 type=$2 ip=$3 mac=$4 limit=$5
	rm -f "$LAB_IMAGES/$g.img"
	truncate -s 64M "$LAB_IMAGES/$g.img"
	domu_config "$g" "$type" "$ip" "$mac" > "/tmp/$g.cfg"
	if ! xl create "/tmp/$g.cfg"; then
		fail "$type-create" "xl create failed"
		tail -n 20 /var/log/xen/*.log 2>/dev/null
		return 1
	fi
	pass "$type-create"
	if ! wait_until "$limit" guest_said "$g" ready; then
		fail "$type-boot" "no 'ready' from the guest within ${limit}s"
		guest_dump "$g"
		return 1
	fi
	pass "$type-boot"
	check "$type-console-hvc0" guest_said "$g" "console hello"

	sum=$(sed -n 's/.*LABGUEST disk-written md5=\([0-9a-f]*\) bytes=\([0-9]*\).*/\1 \2/p' \
		"$(guest_log "$g")" | tail -n 1)
	if [ -z "$sum" ]; then
		fail "$type-disk" "the guest wrote no pattern: $(grep 'LABGUEST disk' "$(guest_log "$g")")"
	elif [ "$(head -c "${sum#* }" "$LAB_IMAGES/$g.img" | md5sum | cut -d' ' -f1)" = \
	       "${sum% *}" ]; then
		pass "$type-disk-readback"
	else
		fail "$type-disk-readback" "backing file differs from what the guest wrote"
	fi

	check "$type-net-guest-pings-dom0" guest_said "$g" "ping-dom0 ok"
	check "$type-net-dom0-pings-guest" ping_quiet "$ip"
}

domain_gone() {
	! domain_exists "$1"
}

ping_quiet() {
	ping -c 3 -W 5 "$1" > /dev/null
}

# domu_alive TYPE STEP IP: after a lifecycle step the guest still runs its
# agent and reaches dom0 over the network.
domu_alive() {
	out=$(agent "$3" "ping -c 2 -W 5 10.0.0.1 > /dev/null && echo net-ok")
	if [ "$out" = net-ok ]; then
		pass "$1-$2"
	else
		fail "$1-$2" "guest agent/network not answering after $2 (got '$out')"
	fi
}

# domu_memset TYPE NAME IP: the balloon follows xl mem-set down and up.
domu_memset() {
	t=$1 g=$2 ip=$3
	before=$(meminfo_kb "$ip")
	if [ -z "$before" ]; then
		fail "$t-mem-set" "cannot read the guest's MemTotal"
		return
	fi
	xl mem-set "$g" 128m
	if wait_until 90 mem_below "$ip" $((before - 100 * 1024)); then
		pass "$t-mem-set-down"
	else
		fail "$t-mem-set-down" "MemTotal $before -> $(meminfo_kb "$ip") KiB after mem-set 128m"
	fi
	xl mem-set "$g" 256m
	if wait_until 90 mem_above "$ip" $((before - 8 * 1024)); then
		pass "$t-mem-set-up"
	else
		fail "$t-mem-set-up" "MemTotal $(meminfo_kb "$ip") KiB after mem-set 256m, was $before"
	fi
}

mem_below() {
	m=$(meminfo_kb "$1")
	[ -n "$m" ] && [ "$m" -lt "$2" ]
}

mem_above() {
	m=$(meminfo_kb "$1")
	[ -n "$m" ] && [ "$m" -ge "$2" ]
}

# domu_save_restore TYPE NAME IP
domu_save_restore() {
	t=$1 g=$2 ip=$3 img=/var/lib/xen/save/$2.chk
	if ! xl save "$g" "$img" > /tmp/xl-save.log 2>&1; then
		fail "$t-save" "xl save failed"
		return
	fi
	if domain_exists "$g"; then
		fail "$t-save" "the domain still exists after xl save"
		return
	fi
	pass "$t-save"
	if ! xl restore "$img" > /tmp/xl-restore.log 2>&1; then
		fail "$t-restore" "xl restore failed"
		rm -f "$img"
		return
	fi
	rm -f "$img"
	domu_alive "$t" restore "$ip"
}

# domu_migrate TYPE NAME IP [expected-failure-reason]: live migration to
# localhost, without ssh: xl runs the receiving side itself.
domu_migrate() {
	t=$1 g=$2 ip=$3 why=${4:-}
	if xl migrate -s '' "$g" 'exec xl migrate-receive' > /tmp/migrate.log 2>&1; then
		if domain_exists "$g"; then
			domu_alive "$t" migrate "$ip"
		else
			fail "$t-migrate" "no domain $g after migration"
		fi
	elif [ -n "$why" ]; then
		xfail "$t-migrate" "$why ($(grep -m1 -i -E 'fail|error' /tmp/migrate.log))"
		domain_exists "$g" && domu_alive "$t" after-failed-migrate "$ip"
	else
		fail "$t-migrate" "xl migrate failed: $(tail -n 3 /tmp/migrate.log | tr '\n' ' ')"
	fi
}

# domu_shutdown TYPE NAME: a clean shutdown through control/shutdown.
domu_shutdown() {
	# xl shutdown -w returns once the guest has shut down; the xl process
	# that created it destroys it a moment later.
	if timeout 120 xl shutdown -w "$2" > /dev/null && wait_until 30 domain_gone "$2"; then
		pass "$1-shutdown"
	else
		fail "$1-shutdown" "the guest did not shut down"
		xl destroy "$2" 2>/dev/null
	fi
	rm -f "$LAB_IMAGES/$2.img"
}

# domu_scenario TYPE BOOT_TIMEOUT [migration-expected-failure-reason]
domu_scenario() {
	t=$1 g=lab-$1 ip=10.0.0.2
	if domu_boot "$g" "$t" "$ip" 00:16:3e:00:00:02 "$2"; then
		domu_memset "$t" "$g" "$ip"
		domu_save_restore "$t" "$g" "$ip"
		domu_migrate "$t" "$g" "$ip" "${3:-}"
		domu_shutdown "$t" "$g"
	else
		xl destroy "$g" 2>/dev/null
	fi
}
