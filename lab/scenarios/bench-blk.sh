# SPDX-License-Identifier: GPL-2.0
# The block benchmark (make bench-blk), not part of make check: one PVH
# guest with Debian's stock kernel, then one with ours, each with the same
# preallocated 256 MiB image as xvda on dom0's blkback, the same vCPUs and
# memory; each runs blkbench (O_DIRECT, 4 threads): sequential 1 MiB
# writes and reads, random 4 KiB writes and reads.  Prints each result and
# ours/stock for each, a ratio >= 1.00 being as fast or faster.
. /lab/lib.sh
. /lab/domu.sh
g=lab-bench
img=$LAB_IMAGES/$g.img
secs=$(lab_arg lab.bench_seconds)
dd if=/dev/zero of="$img" bs=1M count=256 2> /dev/null

bench_config() {
	cat <<CFG
name = "$g"
type = "pvh"
kernel = "/lab/guest/vmlinuz-$1"
ramdisk = "/lab/guest/initrd.gz"
cmdline = "console=hvc0 lab.task=bench lab.bench_seconds=${secs:-20}"
memory = 384
maxmem = 384
vcpus = 2
$DOMU_TSC
disk = [ "format=raw,vdev=xvda,access=rw,target=$img" ]
vnc = 0
on_reboot = "destroy"
on_crash = "destroy"
CFG
}

# bench_over: the guest finished, failed, or is gone (on_reboot destroy:
# the emulator's triple faults, docs/lab-faults.md, end it that way).
bench_over() {
	guest_said "$g" "bench-\(done\|failed\)" || ! domain_exists "$g"
}

# bench_kernel KERNEL: run the benchmark under KERNEL, up to three boots.
bench_kernel() {
	tries=0
	while [ $tries -lt 3 ]; do
		tries=$((tries + 1))
		rm -f "$(guest_log "$g")"
		bench_config "$1" > "/tmp/$g.cfg"
		if ! xl create -q "/tmp/$g.cfg"; then
			fail "bench-$1" "xl create failed"
			return
		fi
		wait_until 600 bench_over
		echo "---- console of the $1 guest, boot $tries ----"
		tr -d '\r' < "$(guest_log "$g")" | sed 's/^/guest| /'
		xl destroy "$g" 2> /dev/null
		sleep 2
		if guest_said "$g" bench-done; then
			pass "bench-$1"
			echo "BENCH: $1: $(guest_value "$g" bench-kernel)"
			tr -d '\r' < "$(guest_log "$g")" |
				sed -n 's/.*LABGUEST bench \([a-z]*\) \([0-9]*\) MBps=\([0-9.]*\) iops=\([0-9]*\).*/\1 \2 \3 \4/p' > "/tmp/bench-$1"
			sed "s/^/BENCH: $1: /" "/tmp/bench-$1"
			return
		fi
		echo "BENCH: $1: boot $tries did not finish: $(guest_value "$g" bench-failed:) $(xl dmesg | grep 'Triple fault' | tail -n 1)"
	done
	fail "bench-$1" "no bench-done from the $1 kernel in $tries boots"
}

: > /tmp/bench-stock
: > /tmp/bench-ours
for k in stock ours; do
	bench_kernel "$k"
done

# name block MBps iops, for both kernels: the ratio of MB/s.
while read -r name block mbps _; do
	theirs=$(awk -v n="$name" '$1 == n { print $3; exit }' /tmp/bench-stock)
	[ -n "$theirs" ] || continue
	echo "BENCH: $name $block: ours $mbps MB/s, stock $theirs MB/s, ours/stock $(awk -v a="$mbps" -v b="$theirs" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')"
done < /tmp/bench-ours
rm -f "$img"
