# SPDX-License-Identifier: GPL-2.0
# The guest's half of the net scenario: eth0 is up at 10.0.0.2 (init).

# ping_count OUTPUT: "sent/received" from ping's summary.
ping_count() {
	echo "$1" | sed -n 's/^\([0-9]*\) packets transmitted, \([0-9]*\) packets received.*/\1\/\2/p'
}

# gstep_pings N ADDRESS [SIZE]: N pings 10 ms apart (busybox's adaptive -A
# may send one more than -c asks when a reply is late, which hides a loss).
gstep_pings() {
	say "pings $(ping_count "$(ping -c "$1" -i 0.01 -W 5 -q ${3:+-s $3} "$2" 2>&1)")"
}

# gstep_fetch NAME: fetch dom0's NAME over HTTP into /tmp/www.
gstep_fetch() {
	mkdir -p /tmp/www
	wget -q -O "/tmp/www/$1" "http://10.0.0.1:8080/$1" 2> /tmp/wget.err || why "wget: $(tail -n 1 /tmp/wget.err)"
	say "fetched $(md5sum < "/tmp/www/$1" | cut -d' ' -f1)"
}

gstep_serve() {
	httpd -p 8080 -h /tmp/www || { why "httpd did not start"; return 1; }
}

# What the guest says of eth0's queues: its sysfs, its kernel's connect
# line, its byte counts (/proc/net/dev: received first, sent ninth).
gstep_queues() {
	set -- /sys/class/net/eth0/queues/tx-*
	t=$#
	set -- /sys/class/net/eth0/queues/rx-*
	say "queues-sysfs $t $#"
	say "queues-line $(dmesg | grep "eth0: connected," | tail -n 1)"
	dev=$(grep "eth0:" /proc/net/dev)
	say "queues-bytes $(echo "${dev#*:}" | awk '{ print $1, $9 }')"
	# Per-queue counters for the serial log.
	grep vif-0 /proc/interrupts
	ethtool -S eth0 2> /dev/null
}

# gstep_mtu MTU
gstep_mtu() {
	ip link set eth0 mtu "$1" || { why "ip link set eth0 mtu $1 failed"; return 1; }
	say "mtu $(cat /sys/class/net/eth0/mtu)"
}

gstep_has_eth1() {
	say "eth1 $([ -d /sys/class/net/eth1 ] && echo present || echo absent)"
}

gstep_eth1_up() {
	ip link set eth1 up && ip addr add 10.0.1.2/24 dev eth1 || { why "cannot bring eth1 up"; return 1; }
}

# gstep_bg_fetch NAME: fetch dom0's NAME in the background; its md5sum
# lands in /tmp/bg.md5 (gstep_bg_wait).
gstep_bg_fetch() {
	rm -f /tmp/bg.md5
	(wget -q -O - "http://10.0.0.1:8080/$1" | md5sum > /tmp/bg.md5.part && mv /tmp/bg.md5.part /tmp/bg.md5) &
	say "bg-started"
}

gstep_bg_state() {
	say "bg $([ -s /tmp/bg.md5 ] && echo done || echo running)"
}

gstep_bg_wait() {
	wait_until 300 test -s /tmp/bg.md5 || { why "the transfer did not end within 300s"; return 1; }
	say "bg-md5 $(cut -d' ' -f1 /tmp/bg.md5)"
}

gstep_connects() {
	say "connects $(dmesg | grep -c "eth0: connected,")"
}
