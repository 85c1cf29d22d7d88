# SPDX-License-Identifier: GPL-2.0
# dom0's half of the net scenario: one step per check, in order.  dom0
# serves 256 MiB of random data (busybox httpd) and compares md5sums.

step_create() {
	create_guest
}

step_boot() {
	boot_guest 180
}

step_guest_pings_dom0() {
	guest_step ping 10.0.0.1
}

step_dom0_pings_guest() {
	ping -c 3 -W 5 "$GUEST_IP" > /dev/null || { why "no answer from $GUEST_IP"; return 1; }
}

# ping_count OUTPUT: "sent/received" from ping's summary.
ping_count() {
	echo "$1" | sed -n 's/^\([0-9]*\) packets transmitted, \([0-9]*\) packets received.*/\1\/\2/p'
}

# 1000 pings each way, 10 ms apart, none lost.
step_ping_1000() {
	v=$(ping_count "$(ping -c 1000 -i 0.01 -W 5 -q "$GUEST_IP" 2>&1)")
	STEP_WAIT=300 guest_step pings 1000 10.0.0.1 || return
	[ "$v" = 1000/1000 ] && [ "$(said pings)" = 1000/1000 ] && return
	why "sent/received: dom0 -> guest '$v', guest -> dom0 '$(said pings)'"
	return 1
}

step_tcp_to_guest() {
	mkdir -p /tmp/www
	dd if=/dev/urandom of=/tmp/www/blob bs=1M count=256 2> /dev/null
	sum=$(md5sum < /tmp/www/blob | cut -d' ' -f1)
	# 64 MiB of it for the later transfers: at MTU 9000, and under hotplug.
	dd if=/tmp/www/blob of=/tmp/www/small bs=1M count=64 2> /dev/null
	small=$(md5sum < /tmp/www/small | cut -d' ' -f1)
	if [ "$(wc -c < /tmp/www/small)" -ne $((64 * 1048576)) ]; then
		why "dom0 could not make its 64 MiB file"
		return 2
	fi
	busybox httpd -p 8080 -h /tmp/www
	STEP_WAIT=600 guest_step fetch blob || return
	[ "$(said fetched)" = "$sum" ] && return
	why "the guest's md5sum of what it received is '$(said fetched)', dom0's $sum"
	return 1
}

step_tcp_from_guest() {
	guest_step serve || return
	back=$(timeout 600 wget -q -O - "http://$GUEST_IP:8080/blob" | md5sum | cut -d' ' -f1)
	[ "$back" = "$sum" ] && return
	why "dom0's md5sum of what came back is '$back', sent $sum"
	return 1
}

# frontend KEY: what the guest's netfront wrote for eth0 (vif 0).
frontend() {
	xenstore-read "/local/domain/$(xl domid "$G")/device/vif/0/$1" 2> /dev/null
}

# queues_want: what netback offers (multi-queue-max-queues; absent or 0
# means one), at most one per vCPU of the guest and at most 8 (netfront's
# limit).
queues_want() {
	max=$(xenstore-read "$(frontend backend)/multi-queue-max-queues" 2> /dev/null)
	case "$max" in
	''|*[!0-9]*|0) max=1 ;;
	esac
	[ "$max" -gt "$vcpus" ] && max=$vcpus
	[ "$max" -gt 8 ] && max=8
	echo "$max"
}

# queues_keys N: the frontend's keys for N queues: with one the rings at
# the top and no multi-queue-num-queues, as before multi-queue; with more
# that count and queue-0 ... queue-<N-1>, nothing at the top and no
# queue-N.  Prints what is wrong, if anything.
queues_keys() {
	num=$(frontend multi-queue-num-queues)
	top=$(frontend tx-ring-ref)
	if [ "$1" -eq 1 ]; then
		[ -z "$num" ] || echo "multi-queue-num-queues is '$num' with one queue"
		[ -n "$top" ] || echo "no tx-ring-ref in its directory"
		[ -z "$(frontend queue-0/tx-ring-ref)" ] || echo "a queue-0/tx-ring-ref with one queue"
		return
	fi
	[ "$num" = "$1" ] || echo "multi-queue-num-queues is '$num'"
	[ -z "$top" ] || echo "a tx-ring-ref in its directory with $1 queues"
	i=0
	while [ $i -lt "$1" ]; do
		for k in tx-ring-ref rx-ring-ref; do
			[ -n "$(frontend "queue-$i/$k")" ] || echo "no queue-$i/$k"
		done
		i=$((i + 1))
	done
	[ -z "$(frontend "queue-$1/tx-ring-ref")" ] || echo "a queue-$1 past $1 queues"
}

# The guest uses the queues dom0 expects, by its sysfs, its kernel's
# connect line and the keys its netfront wrote; after both transfers its
# byte totals over them hold the 256 MiB each way and stay under 384 MiB,
# which a queue counted twice would pass.
step_queues() {
	want=$(queues_want)
	guest_step queues || return
	line=$(said queues-line)
	echo "net| the guest's kernel: $line"
	n=$(echo "$line" | sed -n 's/.*, \([0-9]*\) queues*, .*/\1/p')
	set -- $(said queues-bytes)
	rx=${1:-0} tx=${2:-0}
	lo=268435456 hi=402653184
	bad=$(queues_keys "$want" | tr '\n' ';')
	if [ "$(said queues-sysfs)" != "$want $want" ]; then
		why "the guest's eth0 has '$(said queues-sysfs)' tx and rx queues, expected $want"
	elif [ "$n" != "$want" ]; then
		why "the guest's kernel says '$n' queues ('$line'), expected $want"
	elif [ -n "$bad" ]; then
		why "the frontend's xenstore keys for $want queue(s): $bad"
	elif [ "$rx" -lt $lo ] || [ "$rx" -gt $hi ] || [ "$tx" -lt $lo ] || [ "$tx" -gt $hi ]; then
		why "eth0's totals over $want queue(s), $rx bytes in and $tx out, are not between $lo and $hi after 256 MiB each way"
	else
		return 0
	fi
	return 1
}

# vif_tx: packets dom0's end of eth0 has sent to the guest.
vif_tx() {
	cat "/sys/class/net/vif$(xl domid "$G").0/statistics/tx_packets"
}

# Jumbo frames both ways, unfragmented, then 64 MiB again.
step_mtu_9000() {
	vif=vif$(xl domid "$G").0
	ip link set "$vif" mtu 9000 && ip link set xenbr0 mtu 9000
	mtu_9000
	rc=$?
	guest_step mtu 1500 > /dev/null
	ip link set "$vif" mtu 1500
	ip link set xenbr0 mtu 1500
	return $rc
}

mtu_9000() {
	guest_step mtu 9000 || return
	before=$(vif_tx)
	v=$(ping_count "$(ping -c 20 -s 8900 -q "$GUEST_IP" 2>&1)")
	sent=$(($(vif_tx) - before))
	STEP_WAIT=600 guest_step fetch small || return
	if [ "$v" != 20/20 ]; then
		why "8900-byte pings sent/received '$v'"
	elif [ "$sent" -gt 40 ]; then
		why "20 pings of 8900 bytes took $sent packets: fragmented"
	elif [ "$(said fetched)" != "$small" ]; then
		why "at MTU 9000 the guest's md5sum of 64 MiB is '$(said fetched)', dom0's $small"
	else
		return 0
	fi
	return 1
}

eth1_is() {
	guest_step has_eth1 > /dev/null && [ "$(said eth1)" = "$1" ]
}

# A second vif comes while eth0 carries 64 MiB ...
step_hot_attach() {
	guest_step bg_fetch small || return 2
	ip addr add 10.0.1.1/24 dev xenbr0 2> /dev/null
	out=$(xl network-attach "$G" mac=00:16:3e:00:00:23,bridge=xenbr0 2>&1) ||
		{ why "xl network-attach failed: $out"; return 1; }
	attached=1
	wait_until 60 eth1_is present || { why "no eth1 in the guest within 60s"; return 1; }
	guest_step eth1_up || return
	wait_until 30 ping -c 1 -W 2 10.0.1.2 > /dev/null || { why "10.0.1.2 does not answer"; return 1; }
}

# ... and goes ...
step_hot_detach() {
	[ "${attached:-0}" = 1 ] || { why "nothing was attached"; return 3; }
	out=$(timeout 120 xl network-detach "$G" 1 2>&1) || { why "xl network-detach failed: $out"; return 1; }
	wait_until 60 eth1_is absent || { why "the guest still has eth1 60s after xl network-detach"; return 1; }
}

# ... and the transfer arrives whole.
step_traffic_during_hotplug() {
	STEP_WAIT=320 guest_step bg_wait || return
	[ "$(said bg-md5)" = "$small" ] && return
	why "64 MiB while eth1 came and went: md5sum '$(said bg-md5)', dom0's $small"
	return 1
}

backend_dir() {
	echo "/local/domain/0/backend/vif/$(xl domid "$G")/0"
}

backend_state() {
	xenstore-read "$(backend_dir)/state" 2> /dev/null
}

backend_connected() {
	[ "$(backend_state)" = 4 ]
}

vif_exists() {
	[ -d "/sys/class/net/vif$(xl domid "$G").0" ]
}

# replug: after a rebind, netback's new vif goes into the bridge (libxl ran
# the hotplug script when the guest was created, not now) and its backend
# must connect; prints why not.
replug() {
	vif=vif$(xl domid "$G").0
	wait_until 30 vif_exists || { echo "no $vif 30s after the rebind"; return; }
	ip link set "$vif" master xenbr0
	ip link set "$vif" up
	# Netback waits for the hotplug script's word, which may be gone.
	[ -n "$(xenstore-read "$(backend_dir)/hotplug-status" 2> /dev/null)" ] ||
		xenstore-write "$(backend_dir)/hotplug-status" connected
	wait_until 60 backend_connected ||
		echo "eth0's backend is in state '$(backend_state)' 60s after the rebind"
}

# Unbind eth0's backend from netback while it carries 256 MiB to the
# guest, bind it again: netfront connects anew (netback's new instance
# may first try our old rings and close, costing a round or two) and the
# transfer arrives whole.
step_rebind() {
	before=$(vif_tx)
	guest_step bg_fetch blob || return 2
	sleep 2
	guest_step bg_state > /dev/null
	if [ "$(said bg)" = done ]; then
		err="the transfer was over before the unbind: nothing tested"
	elif [ "$(vif_tx)" -le "$before" ]; then
		err="no traffic to the guest before the unbind"
	else
		err=$(backend_rebind vif "vif-$(xl domid "$G")-0")
		[ -n "$err" ] || err=$(replug)
	fi
	[ -z "$err" ] || { why "$err"; return 1; }
	STEP_WAIT=320 guest_step bg_wait || return
	guest_step connects || return
	if ! [ "$(said connects)" -ge 2 ] 2> /dev/null; then
		why "the guest's kernel says 'eth0: connected' '$(said connects)' time(s), expected twice or more"
		return 1
	fi
	[ "$(said bg-md5)" = "$sum" ] && return
	why "256 MiB across netback's unbind and bind: md5sum '$(said bg-md5)', dom0's $sum"
	return 1
}

step_shutdown() {
	killall httpd 2> /dev/null
	rm -rf /tmp/www
	shutdown_guest
}
