# SPDX-License-Identifier: GPL-2.0
# dom0's half of the blk scenario: one step per check, in order.  dom0
# compares what the guest says with the images and with what blkback
# offers.

step_create() {
	create_guest
}

step_boot() {
	boot_guest 180
}

# backend KEY [DEVICE]: what blkback wrote for one of the guest's vbds
# (default xvda, device 51712 = 202 << 8).
backend() {
	xenstore-read "/local/domain/0/backend/vbd/$(xl domid "$G")/${2:-51712}/$1" 2> /dev/null
}

# blk_info: what blkback offered and what the frontend wrote, for the
# serial log (prefixed, so that nothing reads as a result).
blk_info() {
	id=$(xl domid "$G")
	xenstore-ls -f "/local/domain/0/backend/vbd/$id" 2> /dev/null |
		grep -E '/(state|mode|sectors|sector-size|info|feature-[a-z-]*|discard-[a-z-]*|max-ring-page-order|multi-queue-max-queues) = ' |
		sed 's/^/blk| backend: /'
	xenstore-ls -f "/local/domain/$id/device/vbd" 2> /dev/null | sed 's/^/blk| frontend: /'
}

step_disks_present() {
	guest_step disks || return 2
	blk_info
	want="xvda=$(($(stat -c %s "$(image xvda)") / 512)) xvdb=$(($(stat -c %s "$(image xvdb)") / 512))"
	[ "$(said blk-disks)" = "$want" ] && return
	why "the guest sees '$(said blk-disks)' (512-byte sectors), expected '$want'"
	return 1
}

# What the guest's kernel says of xvda's rings matches what blkback offers:
# a queue per vCPU up to 4, rings of up to 4 pages, up to 256 indirect
# segments, persistent grants.
step_features() {
	guest_step features || return
	v=$(said blk-features)
	echo "blk| the guest's kernel: $v"
	q=$(backend multi-queue-max-queues)
	q=${q:-1}
	[ "$q" -gt "$vcpus" ] && q=$vcpus
	[ "$q" -gt 4 ] && q=4
	o=$(backend max-ring-page-order)
	o=${o:-0}
	[ "$o" -gt 2 ] && o=2
	s=$(backend feature-max-indirect-segments)
	s=${s:-11}
	[ "$s" -gt 256 ] && s=256
	[ "$s" -lt 11 ] && s=11
	ind=
	[ "$s" -gt 11 ] && ind=" (indirect)"
	p=no
	[ "$(backend feature-persistent)" = 1 ] && p=yes
	want="$q queue(s), rings of $((1 << o)) page(s), $s segments per request$ind, persistent grants: $p"
	case "$v" in
	*xvda:*"$want"*xvdb:*) return 0 ;;
	*xvda:*xvdb:*) why "expected '$want' for xvda from what blkback offers" ;;
	*) why "the guest's kernel has no line about xvda and one about xvdb: $v" ;;
	esac
	return 1
}

# When blkback offers cache flushes (as it does for a loop device on a
# file), xvda's queue says "write back", else "write through".
step_flush() {
	offer="feature-flush-cache=$(backend feature-flush-cache) feature-barrier=$(backend feature-barrier)"
	case "$offer" in
	*=1*) want="write back" ;;
	*) want="write through" ;;
	esac
	[ "$(said blk-flush)" = "$want" ] && return
	why "xvda's write_cache says '$(said blk-flush)', expected '$want' (blkback offers $offer)"
	return 1
}

step_pattern_written() {
	STEP_WAIT=480 guest_step pattern
}

# alloc FILE: the KiB of FILE's blocks (a sparse file's allocation).
alloc() {
	du -k "$1" | cut -f1
}

# The guest fills a range and discards it: at least half of it must leave
# the image.
step_discard() {
	guest_step discard_fill || return
	len=$(said blk-discard-range)
	len=${len#* }
	before=$(alloc "$(image xvda)")
	guest_step discard || { why "$note (blkback offers feature-discard=$(backend feature-discard))"; return 1; }
	after=$(alloc "$(image xvda)")
	echo "blk| xvda's image: $before KiB allocated before the guest's discard, $after KiB after"
	[ $((before - after)) -ge $((len / 2048)) ] && return
	why "the guest discarded $((len / 1024)) KiB, but the image went from $before to $after KiB allocated"
	return 1
}

# region_sum IMAGE OFFSET LENGTH: the md5sum of that range of IMAGE.
region_sum() {
	dd if="$1" bs=64k iflag=skip_bytes,count_bytes skip="$2" count="$3" 2> /dev/null |
		md5sum | cut -d' ' -f1
}

# Each region the guest wrote is in the image as it was written, the
# discard's neighbours included.
step_pattern_readback() {
	tr -d '\r' < "$(guest_log "$G")" | sed -n 's/.*LABGUEST blk-region //p' > /tmp/blk.regions
	[ -s /tmp/blk.regions ] || { why "the guest reported no region"; return 1; }
	bad=
	while read -r r off len bs how sum; do
		off=${off#off=} len=${len#len=}
		got=$(region_sum "$(image xvda)" "$off" "$len")
		[ "$got" = "${sum#md5=}" ] || bad="$bad $r (at $off, $len bytes, $how with ${bs}: the image's md5sum is $got)"
	done < /tmp/blk.regions
	[ -z "$bad" ] || { why "regions that differ:$bad"; return 1; }
}

step_guest_readback() {
	STEP_WAIT=240 guest_step readback
}

step_fsck() {
	STEP_WAIT=240 guest_step fs_make
}

step_fs_readback() {
	guest_step fs_readback
}

# fio writes xvdb in mixed block sizes from four threads at once, then
# reads it all back and checks every block's checksum.
step_fio_verify() {
	STEP_WAIT=600 guest_step fio_verify
}

# Grow xvdb's image under the guest: blkback announces the new size and
# the guest's disk follows.
step_resize() {
	loop=$(losetup -a | grep -F "$(image xvdb)" | cut -d: -f1)
	[ -n "$loop" ] || { why "no loop device for xvdb's image: $(losetup -a | tr '\n' ' ')"; return 1; }
	old=$(said blk-disks)
	old=${old##*xvdb=}
	truncate -s 128M "$(image xvdb)"
	losetup -c "$loop"
	guest_step resize "$old" || return
	[ "$(said blk-size)" = $((128 * 2048)) ] && return
	why "the guest says xvdb has $(said blk-size) sectors after it grew to 128 MiB (blkback says $(backend sectors 51728))"
	return 1
}

# A third disk comes while the guest writes to xvda.
step_hot_attach() {
	guest_step writer_start || return 2
	img3=$(image xvdc)
	dd if=/dev/urandom of="$img3" bs=1M count=8 2> /dev/null
	sum3=$(md5sum < "$img3" | cut -d' ' -f1)
	out=$(xl block-attach "$G" "format=raw,vdev=xvdc,access=rw,target=$img3" 2>&1) ||
		{ why "xl block-attach failed: $out"; return 1; }
	guest_step xvdc_use || return
	case "$(said blk-xvdc)" in
	"size=16384 read=$sum3 "*) return 0 ;;
	esac
	why "the guest says '$(said blk-xvdc)' of xvdc (8 MiB, md5 $sum3)"
	return 1
}

# ... and goes; what the guest wrote to it stays in its image.
step_hot_detach() {
	[ -n "$(said blk-xvdc)" ] || { why "xvdc was never used"; return 3; }
	out=$(timeout 120 xl block-detach "$G" xvdc 2>&1) || { why "xl block-detach failed: $out"; return 1; }
	guest_step xvdc_gone || return
	wrote=$(said blk-xvdc)
	wrote=${wrote##*wrote=}
	[ "$(region_sum "$(image xvdc)" $((4 * 1048576)) 1048576)" = "$wrote" ] && return
	why "xvdc's image lacks the guest's 1 MiB at 4 MiB (md5 '$wrote')"
	return 1
}

# writes_landed: the guest's background writes all reached xvda's image:
# three 16 MiB regions from 112 MiB, each the piece it wrote.
writes_landed() {
	guest_step writer_stop || return
	md5=$(said blk-writer)
	md5=${md5#md5=}
	bad=
	for off in 112 128 144; do
		[ "$(region_sum "$(image xvda)" $((off * 1048576)) $((16 * 1048576)))" = "$md5" ] ||
			bad="$bad ${off}MiB"
	done
	[ -z "$bad" ] || { why "xvda's image differs from the guest's writes at:$bad"; return 1; }
}

step_hotplug_io() {
	STEP_WAIT=300 writes_landed
}

backend_connected() {
	[ "$(backend state)" = 4 ]
}

# Unbind xvda's backend from blkback while the guest writes, bind it
# again: the frontend sends what was in flight again.
step_rebind() {
	guest_step writer_start || return 2
	# Let the guest's writes get going first.
	sleep 3
	err=$(backend_rebind vbd "vbd-$(xl domid "$G")-51712")
	if [ -z "$err" ] && ! wait_until 60 backend_connected; then
		err="xvda's backend is in state '$(backend state)' 60s after the rebind"
	fi
	STEP_WAIT=300 writes_landed
	rc=$?
	[ -z "$err" ] || { why "$err"; return 1; }
	return $rc
}

step_shutdown() {
	shutdown_guest
}
