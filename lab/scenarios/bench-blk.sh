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
disk = [ "format=raw,vdev=xvda,access=rw,target=$img" ]
vnc = 0
CFG
}

for k in stock ours; do
	rm -f "$(guest_log "$g")"
	bench_config "$k" > "/tmp/$g.cfg"
	if ! xl create -q "/tmp/$g.cfg"; then
		fail "bench-$k" "xl create failed"
		continue
	fi
	if wait_until 600 guest_said "$g" "bench-\(done\|failed\)" && guest_said "$g" bench-done; then
		pass "bench-$k"
	else
		fail "bench-$k" "no bench-done from the $k kernel: $(guest_value "$g" bench-failed:)"
		guest_dump "$g"
	fi
	echo "BENCH: $k: $(guest_value "$g" bench-kernel)"
	tr -d '\r' < "$(guest_log "$g")" | sed -n 's/.*LABGUEST bench \([a-z]*\) \([0-9]*\) MBps=\([0-9.]*\) iops=\([0-9]*\).*/\1 \2 \3 \4/p' > "/tmp/bench-$k"
	sed "s/^/BENCH: $k: /" "/tmp/bench-$k"
	xl destroy "$g"
	sleep 2
done

# name block MBps iops, for both kernels: the ratio of MB/s.
while read -r name block mbps _; do
	theirs=$(awk -v n="$name" '$1 == n { print $3 }' /tmp/bench-stock)
	[ -n "$theirs" ] || continue
	echo "BENCH: $name $block: ours $mbps MB/s, stock $theirs MB/s, ratio $(awk -v a="$mbps" -v b="$theirs" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')"
done < /tmp/bench-ours
rm -f "$img"
