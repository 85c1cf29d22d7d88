# SPDX-License-Identifier: GPL-2.0
# The guest's half of the blk scenario: raw I/O on xvda, ext4 on xvdb,
# reported for dom0 to compare with the images.

M=1048576
BLK_PIECE=/tmp/blk.piece
BLK_SUMS=/tmp/blk.sums
# The range of xvda written, then discarded; r7 ends where it begins and
# r8 begins where it ends, so a discard that spills over damages them.
BLK_DISCARD_OFF=$((80 * M))
BLK_DISCARD_LEN=$((16 * M))

# blk_regions: the regions of xvda the guest fills with random data, one a
# line: NAME OFFSET LENGTH BS HOW (bytes; dd's block size; HOW is buffered,
# fsync or direct).  They mix the page cache with 4k, 64k and 1M writes,
# one at an odd byte offset and length (the page cache reads, modifies and
# writes partial sectors), a fsync'd one, and O_DIRECT, which passes dd's
# writes to the driver without the page cache (sector-aligned: busybox dd
# retries a short last block without O_DIRECT).  75 MiB in all; /tmp holds
# one region at a time (16 MiB at most).
blk_regions() {
	K=1024
	echo "r1 0 $((16 * M)) 1M buffered"
	echo "r2 $((17 * M + 12 * K)) $((8 * M)) 4k fsync"
	echo "r3 $((26 * M + 64 * K)) $((16 * M)) 64k direct"
	echo "r4 $((43 * M + 20 * K)) $((4 * M)) 4k direct"
	echo "r5 $((48 * M)) $((16 * M)) 1M direct"
	echo "r6 $((65 * M + 513)) $((3 * M + 100)) 1000 buffered"
	echo "r7 $((72 * M)) $((8 * M)) 64k buffered"
	echo "r8 $((96 * M)) $((4 * M)) 4k direct"
}

blk_err() {
	tail -n 1 /tmp/blk.err 2> /dev/null
}

blk_size() {
	cat "/sys/block/$1/size" 2> /dev/null || echo missing
}

blk_disks_present() {
	[ -b /dev/xvda ] && [ -b /dev/xvdb ]
}

gstep_disks() {
	wait_until 60 blk_disks_present || { why "no xvda and xvdb within 60s"; return 1; }
	say "blk-disks xvda=$(blk_size xvda) xvdb=$(blk_size xvdb)"
}

# blk_kernel_lines DISK: what the kernel said about DISK (its block
# frontend's lines), without the partition scan's.
blk_kernel_lines() {
	l=$(dmesg | sed 's/^\[[ 0-9.]*\] *//' | grep -E "(^|[^[:alnum:]])$1: " |
		grep -v -E "$1: ($1|unknown partition table)" | head -n 3 | tr '\n' ' ')
	echo "${l:-(the kernel printed no line about $1)}"
}

gstep_features() {
	say "blk-features $(blk_kernel_lines xvda)| $(blk_kernel_lines xvdb)"
	say "blk-flush $(cat /sys/block/xvda/queue/write_cache 2>&1)"
}

# blk_write NAME OFFSET LENGTH BS HOW: fill a region of xvda with fresh
# random data, report its md5sum and keep it for the readback.
blk_write() {
	dd if=/dev/urandom of=$BLK_PIECE bs=64k iflag=fullblock,count_bytes count="$3" 2> /dev/null
	sum=$(md5sum < $BLK_PIECE | cut -d' ' -f1)
	oflag=seek_bytes conv=notrunc
	[ "$5" = direct ] && oflag=seek_bytes,direct
	[ "$5" = fsync ] && conv=notrunc,fsync
	if [ "$(wc -c < $BLK_PIECE)" -ne "$3" ]; then
		why "$1: /dev/urandom gave $(wc -c < $BLK_PIECE) bytes"
	elif dd if=$BLK_PIECE of=/dev/xvda bs="$4" seek="$2" oflag=$oflag conv=$conv 2> /tmp/blk.err; then
		say "blk-region $1 off=$2 len=$3 bs=$4 $5 md5=$sum"
		echo "$1 $2 $3 $sum" >> $BLK_SUMS
	else
		why "$1 (at $2, $3 bytes, bs=$4 $5): $(blk_err)"
	fi
	rm -f $BLK_PIECE
}

gstep_pattern() {
	: > $BLK_SUMS
	blk_regions > /tmp/blk.regions
	while read -r r off len bs how; do
		blk_write "$r" "$off" "$len" "$bs" "$how"
	done < /tmp/blk.regions
	sync
	say "blk-pattern regions=$(wc -l < /tmp/blk.regions) written=$(wc -l < $BLK_SUMS)"
	[ -z "$note" ]
}

gstep_discard_fill() {
	dd if=/dev/urandom of=/dev/xvda bs=1M seek=$((BLK_DISCARD_OFF / M)) count=$((BLK_DISCARD_LEN / M)) \
		iflag=fullblock conv=notrunc,fsync 2> /tmp/blk.err || { why "$(blk_err)"; return 1; }
	sync
	say "blk-discard-range $BLK_DISCARD_OFF $BLK_DISCARD_LEN"
}

gstep_discard() {
	q=/sys/block/xvda/queue
	blkdiscard -o $BLK_DISCARD_OFF -l $BLK_DISCARD_LEN /dev/xvda 2> /tmp/blk.err && return
	why "$(blk_err) (discard_max_bytes $(cat $q/discard_max_bytes 2>&1), granularity $(cat $q/discard_granularity 2>&1))"
	return 1
}

# Every region read back: 4 KiB reads go in the ring entry, 1 MiB ones in
# indirect requests; a bad one says which read it wrong.
gstep_readback() {
	sync
	echo 3 > /proc/sys/vm/drop_caches
	bad=
	while read -r r off len sum; do
		got=$(dd if=/dev/xvda bs=64k iflag=skip_bytes,count_bytes skip="$off" count="$len" 2> /dev/null |
			md5sum | cut -d' ' -f1)
		[ "$got" = "$sum" ] && continue
		d4=$(dd if=/dev/xvda bs=4k iflag=skip_bytes,count_bytes,direct skip="$off" count="$len" 2> /dev/null |
			md5sum | cut -d' ' -f1)
		d1m=$(dd if=/dev/xvda bs=1M iflag=skip_bytes,count_bytes,direct skip="$off" count="$len" 2> /dev/null |
			md5sum | cut -d' ' -f1)
		bad="$bad $r(4k-direct:$([ "$d4" = "$sum" ] && echo ok || echo bad),1M-direct:$([ "$d1m" = "$sum" ] && echo ok || echo bad))"
	done < $BLK_SUMS
	[ -s $BLK_SUMS ] || { why "no region was written"; return 1; }
	[ -z "$bad" ] || { why "regions that read back wrong:$bad"; return 1; }
}

# An ext4 on xvdb with a few files, checked by fsck -fn.
gstep_fs_make() {
	mkdir -p /etc /mnt
	ln -sf /proc/mounts /etc/mtab
	mkfs.ext4 -q -F /dev/xvdb > /tmp/blk.err 2>&1 || { why "mkfs.ext4: $(blk_err)"; return 2; }
	mount -t ext4 /dev/xvdb /mnt 2> /tmp/blk.err || { why "mount: $(blk_err)"; return 2; }
	dd if=/dev/urandom of=/mnt/big bs=64k count=128 2> /dev/null
	md5sum < /mnt/big | cut -d' ' -f1 > /tmp/blk.big
	echo "hello from $(uname -r)" > /mnt/hello
	mkdir -p /mnt/dir/sub
	for i in 1 2 3 4 5 6 7 8 9 10; do
		seq 1 $((i * 100)) > "/mnt/dir/sub/f$i"
	done
	sync
	umount /mnt 2> /tmp/blk.err || { why "umount: $(blk_err)"; return 2; }
	fsck.ext4 -fn /dev/xvdb > /tmp/blk.fsck 2>&1 && return
	why "fsck.ext4 -fn: $(grep -v -E '^(Pass [0-9]|e2fsck [0-9])' /tmp/blk.fsck | head -n 5 | tr '\n' ' ')"
	return 1
}

gstep_fs_readback() {
	echo 3 > /proc/sys/vm/drop_caches
	mount -t ext4 -o ro /dev/xvdb /mnt 2> /tmp/blk.err || { why "mount: $(blk_err)"; return 1; }
	ok=0
	[ "$(md5sum < /mnt/big | cut -d' ' -f1)" = "$(cat /tmp/blk.big)" ] &&
		[ "$(wc -l < /mnt/dir/sub/f10)" = 1000 ] && [ -s /mnt/hello ] && ok=1
	[ $ok -eq 1 ] || why "the files differ: $(ls -l /mnt/big 2>&1)"
	umount /mnt
	[ $ok -eq 1 ]
}

# fio's verify mode over the whole of xvdb (the file system's test is
# over): four threads, each its own 24 MiB, random O_DIRECT writes of 4 to
# 128 KiB, each block stamped with a crc32c header that the read pass
# checks.
gstep_fio_verify() {
	fio --name=verify --filename=/dev/xvdb --rw=randwrite --bsrange=4k-128k \
		--direct=1 --ioengine=psync --thread --numjobs=4 --size=24M \
		--offset_increment=24M --verify=crc32c --verify_fatal=1 \
		--do_verify=1 --randseed=1234 > /tmp/fio.out 2>&1 && return
	why "fio verify: $(grep -m 2 -E 'verify|error|bad' /tmp/fio.out | tr '\n' ' ')"
	return 1
}

# gstep_resize OLD: blkback notices the grown image at its next request
# and announces the new size: read a sector each second until it shows.
gstep_resize() {
	n=0
	while [ "$(blk_size xvdb)" = "$1" ] && [ $n -lt 90 ]; do
		dd if=/dev/xvdb of=/dev/null bs=4k count=1 iflag=direct 2> /dev/null
		sleep 1
		n=$((n + 1))
	done
	say "blk-size $(blk_size xvdb)"
}

# blk_writer: write the piece over and over to xvda's last 48 MiB
# (O_DIRECT, three 16 MiB regions) until /tmp/blk.stop appears.
blk_writer() {
	passes=0
	while [ ! -e /tmp/blk.stop ]; do
		for off in 112 128 144; do
			if ! dd if=$BLK_PIECE of=/dev/xvda bs=64k seek=$((off * 16)) oflag=direct \
					conv=notrunc 2> /tmp/blk.bgerr; then
				echo "failed in pass $passes at ${off} MiB: $(tail -n 1 /tmp/blk.bgerr)" > /tmp/blk.bg
				return
			fi
		done
		passes=$((passes + 1))
	done
	echo "ok passes=$passes" > /tmp/blk.bg
}

gstep_writer_start() {
	rm -f /tmp/blk.stop /tmp/blk.bg
	dd if=/dev/urandom of=$BLK_PIECE bs=64k count=256 iflag=fullblock 2> /dev/null
	blk_writer &
	writer=$!
	say "blk-writer md5=$(md5sum < $BLK_PIECE | cut -d' ' -f1)"
}

gstep_writer_stop() {
	touch /tmp/blk.stop
	wait "$writer"
	sync
	v=$(cat /tmp/blk.bg 2> /dev/null || echo "failed: no result")
	say "blk-writes $v"
	rm -f $BLK_PIECE
	case "$v" in ok*) ;; *) why "the writes to xvda: $v"; return 1 ;; esac
}

# xvdc comes: read it whole, write 1 MiB at 4 MiB.
gstep_xvdc_use() {
	wait_until 90 test -b /dev/xvdc || { why "no /dev/xvdc within 90s"; return 2; }
	rd=$(dd if=/dev/xvdc bs=64k 2> /tmp/blk.err | md5sum | cut -d' ' -f1)
	dd if=/dev/urandom of=/tmp/blk.c bs=64k count=16 2> /dev/null
	wr=$(md5sum < /tmp/blk.c | cut -d' ' -f1)
	dd if=/tmp/blk.c of=/dev/xvdc bs=64k seek=64 oflag=direct conv=notrunc 2> /tmp/blk.err ||
		{ why "writing 1 MiB to xvdc: $(blk_err)"; return 1; }
	rm -f /tmp/blk.c
	say "blk-xvdc size=$(blk_size xvdc) read=$rd wrote=$wr"
}

blk_xvdc_gone() {
	[ ! -b /dev/xvdc ]
}

gstep_xvdc_gone() {
	wait_until 90 blk_xvdc_gone || { why "xvdc is still there 90s after xl block-detach"; return 1; }
}
