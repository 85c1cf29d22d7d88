# SPDX-License-Identifier: GPL-2.0
# The network benchmark (make bench-net), not part of make check: one PVH
# guest with Debian's stock kernel, then one with ours, each with a vif on
# xenbr0, the same vCPUs and memory.  Each moves 128 MiB over one TCP
# stream (busybox httpd and wget) three times each way: dom0 -> guest into
# /dev/null, then guest -> dom0 from the guest's tmpfs.  Prints the best
# MB/s of each direction for each kernel, and ours/stock.
. /lab/lib.sh
. /lab/domu.sh
g=lab-bench-net ip=10.0.0.2
mkdir -p /tmp/www
dd if=/dev/urandom of=/tmp/www/blob bs=1M count=128 2> /dev/null
busybox httpd -p 8080 -h /tmp/www

bench_config() {
	cat <<CFG
name = "$g"
type = "pvh"
kernel = "/lab/guest/vmlinuz-$1"
ramdisk = "/lab/guest/initrd.gz"
cmdline = "console=hvc0 lab.task=guest lab.ip=$ip"
memory = 768
maxmem = 768
vcpus = 2
$DOMU_TSC
disk = [ "format=raw,vdev=xvda,access=rw,target=$LAB_IMAGES/$g.img" ]
vif = [ "mac=00:16:3e:00:00:32,bridge=xenbr0" ]
vnc = 0
on_reboot = "destroy"
on_crash = "destroy"
CFG
}

# bench_agent SECONDS COMMAND
bench_agent() {
	echo "$2" | timeout "$1" nc "$ip" 7000
}

# bench_mbps CENTISECONDS: 128 MiB in that long, in MB/s.
bench_mbps() {
	awk -v cs="$1" 'BEGIN { if (cs > 0) printf "%.2f", 134217728 / (cs / 100) / 1e6; else print 0 }'
}

# bench_best DIRECTION: three transfers, the fastest one's MB/s.
bench_best() {
	best=0
	for i in 1 2 3; do
		now_cs
		t0=$now
		if [ "$1" = rx ]; then
			out=$(bench_agent 600 "wget -q -O /dev/null http://10.0.0.1:8080/blob && echo ok")
		else
			out=$(timeout 600 wget -q -O /dev/null "http://$ip:8080/blob" && echo ok)
		fi
		now_cs
		[ "$out" = ok ] || continue
		m=$(bench_mbps $((now - t0)))
		best=$(awk -v a="$m" -v b="$best" 'BEGIN { print (a > b) ? a : b }')
	done
	echo "$best"
}

# bench_kernel KERNEL: up to three boots (the emulator's faults end some).
bench_kernel() {
	tries=0
	while [ $tries -lt 3 ]; do
		tries=$((tries + 1))
		rm -f "$(guest_log "$g")"
		truncate -s 16M "$LAB_IMAGES/$g.img"
		bench_config "$1" > "/tmp/$g.cfg"
		xl create -q "/tmp/$g.cfg" || break
		if wait_until 180 guest_said "$g" ready && guest_said "$g" "ping-dom0 ok"; then
			rx=$(bench_best rx)
			bench_agent 600 "mkdir -p /tmp/www && wget -q -O /tmp/www/blob http://10.0.0.1:8080/blob && httpd -p 8080 -h /tmp/www && echo serving" > /dev/null
			tx=$(bench_best tx)
			if domain_exists "$g" && [ "$rx" != 0 ] && [ "$tx" != 0 ]; then
				xl destroy "$g"
				pass "bench-$1"
				echo "$rx $tx" > "/tmp/bench-$1"
				echo "BENCH: $1: dom0 -> guest $rx MB/s, guest -> dom0 $tx MB/s"
				return
			fi
		fi
		echo "BENCH: $1: boot $tries did not finish: $(xl dmesg | grep 'Triple fault' | tail -n 1)"
		xl destroy "$g" 2> /dev/null
		sleep 2
	done
	fail "bench-$1" "no measurement from the $1 kernel in $tries boots"
	echo "0 0" > "/tmp/bench-$1"
}

for k in stock ours; do
	bench_kernel "$k"
done
read -r srx stx < /tmp/bench-stock
read -r orx otx < /tmp/bench-ours
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'
}
echo "BENCH: dom0 -> guest TCP: ours $orx MB/s, stock $srx MB/s, ours/stock $(ratio "$orx" "$srx")"
echo "BENCH: guest -> dom0 TCP: ours $otx MB/s, stock $stx MB/s, ours/stock $(ratio "$otx" "$stx")"
killall httpd 2> /dev/null
rm -rf /tmp/www "$LAB_IMAGES/$g.img"
