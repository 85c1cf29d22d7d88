# SPDX-License-Identifier: GPL-2.0
# dom0's half of the lifecycle scenario (sourced by /bin/sh after
# cell.sh): one step per check, in order.

step_create() {
	create_guest
}

step_boot() {
	boot_guest 300
}

step_console_hvc0() {
	guest_step console
}

# What the guest wrote to xvda is in its image, byte for byte.
step_disk_readback() {
	guest_step disk_write || return
	v=$(said disk-written)
	sum=${v%% *} bytes=${v#* }
	if [ "$(head -c "$bytes" "$(image xvda)" | md5sum | cut -d' ' -f1)" != "$sum" ]; then
		why "the image's first $bytes bytes differ from what the guest wrote"
		return 1
	fi
}

step_net_guest_pings_dom0() {
	guest_step ping 10.0.0.1
}

step_net_dom0_pings_guest() {
	ping -c 3 -W 5 "$GUEST_IP" > /dev/null || { why "no answer from $GUEST_IP"; return 1; }
}

# memtotal: the guest's MemTotal in KiB, as it sees it.
memtotal() {
	guest_step meminfo > /dev/null && said meminfo
}

mem_below() {
	m=$(memtotal)
	[ -n "$m" ] && [ "$m" -lt "$1" ]
}

# xl mem-set down: the balloon gives memory back to Xen.
step_mem_set_down() {
	mem_before=$(memtotal)
	if [ -z "$mem_before" ]; then
		why "cannot read the guest's MemTotal"
		return 1
	fi
	xl mem-set "$G" 128m
	if ! wait_until 90 mem_below $((mem_before - 100 * 1024)); then
		why "MemTotal $mem_before -> $(memtotal) KiB after mem-set 128m"
		mem_shrunk=0
		return 1
	fi
	mem_shrunk=1
}

# xl mem-set up again: the memory comes back.  Only means something when
# the guest gave some away first.
step_mem_set_up() {
	xl mem-set "$G" 256m
	if [ "${mem_shrunk:-0}" != 1 ]; then
		why "the guest never gave memory back (mem-set-down)"
		return 3
	fi
	if ! wait_until 90 mem_above $((mem_before - 8 * 1024)); then
		why "MemTotal $(memtotal) KiB after mem-set 256m, was $mem_before"
		return 1
	fi
}

mem_above() {
	m=$(memtotal)
	[ -n "$m" ] && [ "$m" -ge "$1" ]
}

# alive: the guest answers on its console and reaches dom0 over its vif.
# After a restore or migration the new vif joins the bridge only once
# dom0's hotplug script has run: a few tries.
alive() {
	tries=0
	until STEP_WAIT=60 guest_step ping 10.0.0.1; do
		tries=$((tries + 1))
		[ $tries -lt 4 ] || return 1
		sleep 10
	done
}

step_save() {
	if ! out=$(timeout 300 xl save "$G" "/var/lib/xen/save/$G.chk" 2>&1); then
		why "xl save failed: $(echo "$out" | tail -n 2 | tr '\n' ' ')"
		saved=0
		return 1
	fi
	saved=1
	! domain_exists "$G" || { why "the domain still exists after xl save"; return 1; }
}

step_restore() {
	if [ "${saved:-0}" != 1 ]; then
		why "nothing was saved"
		return 3
	fi
	out=$(xl restore "/var/lib/xen/save/$G.chk" 2>&1)
	rc=$?
	rm -f "/var/lib/xen/save/$G.chk"
	[ $rc -eq 0 ] || { why "xl restore failed: $(echo "$out" | tail -n 2 | tr '\n' ' ')"; return 2; }
	alive || { why "the restored guest does not answer: $note"; return 2; }
}

# Live migration to localhost, without ssh: xl runs the receiving side.
step_migrate() {
	if ! out=$(timeout 300 xl migrate -s '' "$G" 'exec xl migrate-receive' 2>&1); then
		why "xl migrate failed: $(echo "$out" | grep -m1 -i -E 'fail|error')"
		return 1
	fi
	domain_exists "$G" || { why "no domain $G after the migration"; return 2; }
}

# Whether the migration worked or not, the guest goes on.
step_alive_after_migrate() {
	domain_up "$G" || { why "no running domain $G ('$(domain_state "$G")')"; return 2; }
	alive || { why "the guest does not answer: $note"; return 2; }
}

step_shutdown() {
	shutdown_guest
}
