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

# --- A guest without disk or network (lab.task=core) ------------------------
# Our kernel before its blkfront/netfront: the guest reports on its console
# (xenconsoled's log) and talks to dom0 through xenstore only.  Its steps,
# and what dom0 does meanwhile:
#   guest                                   dom0
#   guest-type, cpus, clocksource, uuid     compares them with the config
#   writes data/lab-core                    reads it back
#   watches data/lab-watch: watch-armed     writes data/lab-from-dom0, then
#                                           data/lab-watch: the watch fires
#   watch-fired, reads data/lab-from-dom0   polls for watch-fired
#   sleep-start, sleep 30, sleep-end        times the two lines, 0.1s polls
#   ready                                   xl sysrq, xl reboot, xl shutdown

# A core guest's vCPUs: SMP is part of what it proves.
CORE_VCPUS=2

# domu_core_config NAME TYPE: the xl config of a lab.task=core guest.
domu_core_config() {
	cat <<CFG
name = "$1"
type = "$2"
kernel = "/lab/guest/vmlinuz"
ramdisk = "/lab/guest/initrd.gz"
cmdline = "console=hvc0 earlyprintk=xen lab.task=core $(lab_arg lab.guest_append)"
memory = 256
maxmem = 256
vcpus = $CORE_VCPUS
vnc = 0
on_crash = "preserve"
CFG
}

# The checks of a core guest, in order, without their TYPE-core- prefix.
CORE_CHECKS="create boot console-hvc0 earlyprintk guest-type cpus clocksource xen-version uuid no-restart xs-guest-write
	     xs-watch clock xs-guest-read cpu-hotplug sysrq reboot shutdown"

# core_fail CHECK WHY: a failed check; the guest's console is shown once
# the current stage ends (core_dump), not after every check.
core_fail() {
	fail "$t-core-$1" "$2"
	core_bad=1
}

# core_dump: show the guest's console if a check of this stage failed.
core_dump() {
	[ "${core_bad:-0}" = 1 ] && guest_dump "$g"
	core_bad=0
}

# guest_finish NAME: the guest's whole console (all its boots) goes into
# the serial log, the artifact of this run, prefixed so that nothing in it
# reads as a marker; then nothing of it is left running for the next
# scenario, crashed guests included.
guest_finish() {
	echo "---- console of guest $1 (all boots) ----"
	sed 's/^/guest| /' "$(guest_log "$1")" 2>/dev/null
	echo "---- end of console of $1 ----"
	if domain_exists "$1"; then
		xl list
		xl destroy "$1"
	fi
}

# checks_skip STAGE "CHECKS" WHY FIRST_CHECK: fail FIRST_CHECK and every
# check after it in CHECKS, named $t-STAGE-CHECK, without running them.
checks_skip() {
	skipping=0
	for c in $2; do
		[ "$c" = "$4" ] && skipping=1
		[ $skipping -eq 1 ] && fail "$t-$1-$c" "skipped: $3"
	done
}

# core_skip WHY FIRST_CHECK
core_skip() {
	checks_skip core "$CORE_CHECKS" "$1" "$2"
}

# domain_state NAME: xl's state flags, e.g. -b---- (r b p s c d).
domain_state() {
	xl list "$1" 2>/dev/null | awk 'NR == 2 { print $5 }'
}

# domain_up NAME: the domain exists and has neither shut down nor crashed.
domain_up() {
	case "$(domain_state "$1")" in
	''|*s*|*c*|*d*) return 1 ;;
	esac
}

# domain_uuid NAME: the UUID the toolstack gave the domain: libxl keeps the
# domain's VM path, /vm/UUID, in its xenstore directory; xl list -v shows
# it too (7th column), when the xenstore path has another form.
domain_uuid() {
	vm=$(xenstore-read "/local/domain/$(xl domid "$1")/vm" 2>/dev/null)
	case "$vm" in
	/vm/?*) echo "${vm#/vm/}" ;;
	*) xl list -v "$1" | awk 'NR == 2 { print $7 }' ;;
	esac
}

# core_expect CHECK WHAT GOT WANT
core_expect() {
	if [ "$3" = "$4" ]; then
		pass "$t-core-$1"
	else
		core_fail "$1" "the guest says $2 '$3', expected '$4'"
	fi
}

# core_boot: create the guest and wait for its first report; fails with 1
# when xl create failed, 2 when the guest did not report.
core_boot() {
	domu_core_config "$g" "$t" > "/tmp/$g.cfg"
	if ! xl create "/tmp/$g.cfg"; then
		fail "$t-core-create" "xl create failed"
		tail -n 20 /var/log/xen/*.log 2>/dev/null
		return 1
	fi
	pass "$t-core-create"
	if ! wait_until 180 guest_said "$g" guest-type; then
		fail "$t-core-boot" "no 'guest-type' from the guest within 180s (domain state: '$(domain_state "$g")')"
		guest_dump "$g"
		return 2
	fi
	pass "$t-core-boot"
}

# core_identity: what the guest found out about itself.
core_identity() {
	# The guest prints these lines one after the other; uuid comes last.
	wait_until 30 guest_said "$g" hypervisor-uuid
	if guest_said "$g" "console hello"; then
		pass "$t-core-console-hvc0"
	else
		core_fail console-hvc0 "no 'console hello' line from the guest's init"
	fi
	# earlyprintk=xen writes to Xen's debug port: Xen logs it as (dN).
	id=$(xl domid "$g")
	if xl dmesg | grep -q "(d$id) .*Linux version"; then
		pass "$t-core-earlyprintk"
	else
		core_fail earlyprintk "no '(d$id) ... Linux version' in xl dmesg: earlyprintk=xen printed nothing"
	fi
	core_expect guest-type "its guest type" "$(guest_value "$g" guest-type)" \
		"$(echo "$t" | tr '[:lower:]' '[:upper:]')"
	core_expect cpus "cpus/online" \
		"$(guest_value "$g" cpus)/$(guest_value "$g" cpus-online)" \
		"$CORE_VCPUS/0-$((CORE_VCPUS - 1))"
	core_expect clocksource "its clocksource" "$(guest_value "$g" clocksource)" xen
	want=$(xl info | awk '/^xen_major/ { M = $3 } /^xen_minor/ { m = $3 }
		/^xen_extra/ { e = $3 } END { print M "." m e }')
	core_expect xen-version "Xen's version" "$(guest_value "$g" xen-version)" "$want"
	want=$(domain_uuid "$g")
	if [ -z "$want" ]; then
		core_fail uuid "dom0 cannot find the domain's UUID"
	else
		core_expect uuid "its UUID" "$(guest_value "$g" hypervisor-uuid)" "$want"
	fi
}

# core_same_domain ID: the guest still runs as domain ID.  A guest that
# crashed or rebooted by itself comes back as a new domain (on_reboot),
# and every later check would fail for a reason that is not theirs.
core_same_domain() {
	[ "$(xl domid "$g" 2>/dev/null)" = "$1" ] && return 0
	xl dmesg | grep -E "d$1v[0-9]+ (Triple fault|.*crash)" | tail -n 3
	return 1
}

# core_xs_write DIR: the guest's write reached xenstore.
core_xs_write() {
	if ! wait_until 60 guest_said "$g" xs-write; then
		core_fail xs-guest-write "the guest reported no xenstore write within 60s"
		return
	fi
	if ! guest_said "$g" "xs-write ok"; then
		core_fail xs-guest-write "the guest's write failed: $(guest_value "$g" "xs-write failed:")"
		return
	fi
	v=$(xenstore-read "$1/lab-core" 2>&1)
	if [ "$v" = hello-from-guest ]; then
		pass "$t-core-xs-guest-write"
	else
		core_fail xs-guest-write "dom0 reads '$v' from $1/lab-core"
	fi
}

# core_watch DIR: once the guest watches DIR/lab-watch, write the value it
# reads next, then fire the watch.  Sets core_late=1 when the guest already
# said sleep-start then, too early for dom0 to time it.
core_watch() {
	wait_until 60 guest_said "$g" "watch-"
	early=0
	guest_said "$g" watch-fired && early=1
	# Written whatever came of the watch: the guest's read still tests.
	wrote=0
	xenstore-write "$1/lab-from-dom0" hello-from-dom0 &&
		xenstore-write "$1/lab-watch" fire && wrote=1
	core_late=0
	guest_said "$g" sleep-start && core_late=1
	if [ $early -eq 1 ]; then
		core_fail xs-watch "the watch fired before dom0 wrote $1/lab-watch"
	elif [ $wrote -eq 0 ]; then
		core_fail xs-watch "dom0 cannot write to $1"
	elif guest_said "$g" watch-armed; then
		if guest_said_at "$g" "watch-fired .*data/lab-watch" 60 > /dev/null; then
			pass "$t-core-xs-watch"
		else
			core_fail xs-watch "no watch-fired within 60s of dom0's write to $1/lab-watch"
		fi
	elif guest_said "$g" watch-failed; then
		core_fail xs-watch "the guest could not watch: $(guest_value "$g" watch-failed:)"
	else
		core_fail xs-watch "the guest reported no watch within 60s"
	fi
}

# core_clock: the guest's "sleep 30" lasts 30 s, +- 1 s, by dom0's clock.
core_clock() {
	if [ "$core_late" = 1 ]; then
		core_fail clock "not timed: the guest said sleep-start before dom0 watched for it"
		return
	fi
	# The guest waits up to 120s on its watch before its clock step.
	if ! t0=$(guest_said_at "$g" sleep-start 180); then
		core_fail clock "no sleep-start from the guest"
		return
	fi
	if ! t1=$(guest_said_at "$g" sleep-end 60); then
		core_fail clock "no sleep-end within 60s of sleep-start"
		return
	fi
	d=$((t1 - t0))
	if [ $d -ge 2900 ] && [ $d -le 3100 ]; then
		pass "$t-core-clock"
	else
		core_fail clock "the guest's sleep 30 took $((d / 100)).$((d / 10 % 10))s by dom0's clock (30 +- 1 s expected)"
	fi
}

# core_xs_read: the guest read what dom0 wrote before firing its watch.
core_xs_read() {
	if guest_said "$g" "xs-read hello-from-dom0"; then
		pass "$t-core-xs-guest-read"
	elif guest_said "$g" "xs-read "; then
		core_fail xs-guest-read "the guest read '$(guest_value "$g" xs-read)'"
	else
		r=$(guest_value "$g" xs-read-failed:)
		core_fail xs-guest-read "${r:-the guest reported no read}"
	fi
}

# core_hotplug: CPU 1 went offline and came back working.
core_hotplug() {
	if ! wait_until 30 guest_said "$g" cpu-hotplug; then
		core_fail cpu-hotplug "the guest reported no CPU hotplug result within 30s"
	elif guest_said "$g" "cpu-hotplug ok"; then
		pass "$t-core-cpu-hotplug"
	else
		core_fail cpu-hotplug "$(guest_value "$g" cpu-hotplug)"
	fi
}

# core_sysrq: xl sysrq reaches the guest kernel's sysrq handler.
core_sysrq() {
	if ! out=$(xl sysrq "$g" s 2>&1); then
		core_fail sysrq "xl sysrq failed: $out"
	elif wait_until 30 grep -q "Emergency Sync" "$(guest_log "$g")"; then
		pass "$t-core-sysrq"
	else
		core_fail sysrq "no 'Emergency Sync' on the guest's console within 30s of xl sysrq s"
	fi
}

# booted_again NAME OLD_DOMID LOG_SIZE: a new domain NAME has reported its
# guest type since its console log was LOG_SIZE bytes long.  xenconsoled
# appends to guest-NAME.log across a reboot; a log shorter than before was
# begun anew, and all of it is the new boot.
booted_again() {
	id=$(xl domid "$1" 2>/dev/null) || return 1
	[ "$id" != "$2" ] || return 1
	if [ "$(wc -c < "$(guest_log "$1")")" -lt "$3" ]; then
		guest_said "$1" guest-type
	else
		tail -c +$(($3 + 1)) "$(guest_log "$1")" | grep -q "LABGUEST guest-type"
	fi
}

# core_reboot: xl reboot ends this domain and xl starts it anew.
core_reboot() {
	# Until it says ready the guest may still be in its 30 s sleep.
	if ! wait_until 30 guest_said "$g" ready; then
		core_fail reboot "skipped: the guest never said ready"
		return 1
	fi
	old=$(xl domid "$g")
	size=$(wc -c < "$(guest_log "$g")")
	if ! out=$(xl reboot "$g" 2>&1); then
		core_fail reboot "xl reboot failed: $out"
		return 1
	fi
	if ! wait_until 180 booted_again "$g" "$old" "$size"; then
		core_fail reboot "no new domain $g reporting its guest type within 180s of xl reboot (was domain $old; now $(xl domid "$g" 2>/dev/null), state '$(domain_state "$g")')"
		return 1
	fi
	pass "$t-core-reboot"
}

# domu_core_scenario TYPE: every check of a core guest of this type.
domu_core_scenario() {
	t=$1 g=lab-core
	core_boot
	case $? in
	1) core_skip "xl create failed" boot ;;
	2) core_skip "the guest did not boot" console-hvc0 ;;
	*)
		id=$(xl domid "$g")
		dir=/local/domain/$id/data
		core_identity
		core_dump
		if ! core_same_domain "$id"; then
			core_fail no-restart "the guest restarted by itself (was domain $id, now '$(xl domid "$g" 2>/dev/null)')"
			core_skip "the guest restarted by itself" xs-guest-write
			guest_finish "$g"
			return
		fi
		pass "$t-core-no-restart"
		core_xs_write "$dir"
		# From the watch to the clock without a pause: dom0 must be
		# polling before the guest says sleep-start.
		core_watch "$dir"
		core_clock
		core_xs_read
		core_hotplug
		core_dump
		if ! domain_up "$g"; then
			core_skip "the domain is not running ('$(domain_state "$g")')" sysrq
		else
			core_sysrq
			core_dump
			core_reboot
			core_dump
			if domain_up "$g"; then
				domu_shutdown "$t-core" "$g"
			else
				fail "$t-core-shutdown" "skipped: no running domain $g ('$(domain_state "$g")')"
			fi
		fi
		;;
	esac
	guest_finish "$g"
}

# --- Our block frontend (lab.task=blk) ----------------------------------------
# Our kernel with two disks from dom0's blkback: sparse raw files on loop
# devices, xvda for raw I/O, xvdb for ext4.  No network: the guest reports
# on its console and dom0 compares what it says with the backing files.
#   guest                                   dom0
#   guest-type                              boot
#   blk-disks (sizes), blk-features (its    compares the sizes with the
#   kernel's lines about xvda and xvdb),    images; shows what blkback
#   blk-flush (xvda's write_cache)          offered and the frontend wrote
#   fills regions of xvda: one blk-region
#   line each (offset, length, md5sum)
#   fills 16 MiB more, blk-discard-prep     measures xvda's image allocation,
#                                           writes data/lab-blk-go
#   blkdiscard those 16 MiB, blk-discard    measures again: it shrank;
#                                           compares each region's md5sum
#                                           with the image's
#   reads the regions back: blk-readback
#   ext4 on xvdb, 8 MiB file, fsck -fn:
#   blk-fsck; mounts it again and
#   reads the files: blk-fs-readback
#   ready                                   xl shutdown

# domu_blk_config NAME TYPE XVDA_IMAGE XVDB_IMAGE: the xl config of a
# lab.task=blk guest.
domu_blk_config() {
	cat <<CFG
name = "$1"
type = "$2"
kernel = "/lab/guest/vmlinuz"
ramdisk = "/lab/guest/initrd.gz"
cmdline = "console=hvc0 earlyprintk=xen lab.task=blk $(lab_arg lab.guest_append)"
memory = 384
maxmem = 384
# One vCPU: blkfront has one queue, and SMP is the core scenario's job
# (where an intermittent triple fault of vCPU 1 is still open).
vcpus = 1
disk = [ "format=raw,vdev=xvda,access=rw,target=$3", "format=raw,vdev=xvdb,access=rw,target=$4" ]
vnc = 0
on_crash = "preserve"
CFG
}

# The checks of a blk guest, in order, without their TYPE-blk- prefix.
BLK_CHECKS="create boot disks-present features flush discard pattern-readback guest-readback
	    fsck fs-readback shutdown"

# blk_fail CHECK WHY: a failed check; the guest's console is shown once the
# current stage ends (core_dump).
blk_fail() {
	fail "$t-blk-$1" "$2"
	core_bad=1
}

# blk_skip WHY FIRST_CHECK
blk_skip() {
	checks_skip blk "$BLK_CHECKS" "$1" "$2"
}

# blk_said PATTERN: the guest said it, or will say nothing more.
blk_said() {
	guest_said "$g" "$1" || ! domain_up "$g"
}

# blk_wait SECONDS PATTERN: wait for a LABGUEST line, but not on a domain
# that has crashed or shut down.
blk_wait() {
	wait_until "$1" blk_said "$2"
	guest_said "$g" "$2"
}

# blk_silent CHECK SECONDS WHAT: the guest did not say WHAT within SECONDS:
# fail CHECK and skip the rest.
blk_silent() {
	if domain_up "$g"; then
		blk_fail "$1" "no '$3' from the guest within $2s"
	else
		blk_fail "$1" "the guest stopped before it said '$3' (domain state: '$(domain_state "$g")')"
	fi
	guest_dump "$g"
	core_bad=0
	skip_from=
	for c in $BLK_CHECKS; do
		[ -n "$skip_from" ] && [ -z "${skip_from#-}" ] && skip_from=$c
		[ "$c" = "$1" ] && skip_from=-
	done
	blk_skip "the guest stopped reporting at $1" "$skip_from"
}

# blk_alloc FILE: the KiB of FILE's blocks (a sparse file's allocation).
blk_alloc() {
	du -k "$1" | cut -f1
}

# blk_region_sum IMAGE OFFSET LENGTH: the md5sum of that range of IMAGE.
blk_region_sum() {
	dd if="$1" bs=64k iflag=skip_bytes,count_bytes skip="$2" count="$3" 2> /dev/null |
		md5sum | cut -d' ' -f1
}

# blk_info: what blkback offered and what the frontend wrote, for the
# serial log (prefixed, so that nothing reads as a result).
blk_info() {
	id=$(xl domid "$g")
	xenstore-ls -f "/local/domain/0/backend/vbd/$id" 2> /dev/null |
		grep -E '/(state|mode|sectors|sector-size|info|feature-[a-z-]*|discard-[a-z-]*|max-ring-page-order|multi-queue-max-queues) = ' |
		sed 's/^/blk| backend: /'
	xenstore-ls -f "/local/domain/$id/device/vbd" 2> /dev/null | sed 's/^/blk| frontend: /'
}

# blk_disks: both disks, at their images' sizes.
blk_disks() {
	if ! blk_wait 90 blk-disks; then
		blk_silent disks-present 90 blk-disks
		return 1
	fi
	want="xvda=$(($(stat -c %s "$img1") / 512)) xvdb=$(($(stat -c %s "$img2") / 512))"
	got=$(guest_value "$g" blk-disks)
	if [ "$got" = "$want" ]; then
		pass "$t-blk-disks-present"
	else
		blk_fail disks-present "the guest sees '$got' (512-byte sectors), expected '$want'"
	fi
	blk_info
}

# blk_features: the guest's kernel said something about each disk.
blk_features() {
	if ! blk_wait 30 blk-features; then
		blk_fail features "no blk-features line from the guest within 30s"
		return
	fi
	v=$(guest_value "$g" blk-features)
	echo "blk| the guest's kernel: $v"
	case "$v" in
	*xvda:*xvdb:*) pass "$t-blk-features" ;;
	*) blk_fail features "the guest's kernel has no line about xvda and one about xvdb: $v" ;;
	esac
}

# blk_backend KEY: what blkback wrote under xvda's backend directory
# (xvda is device 51712, 202 << 8).
blk_backend() {
	xenstore-read "/local/domain/0/backend/vbd/$(xl domid "$g")/51712/$1" 2> /dev/null
}

# blk_flush: when blkback offers cache flushes (feature-flush-cache or
# feature-barrier, as it does for a loop device on a file), the guest's
# queue for xvda says "write back", else "write through".
blk_flush() {
	if ! blk_wait 30 blk-flush; then
		blk_fail flush "no blk-flush line from the guest within 30s"
		return
	fi
	v=$(guest_value "$g" blk-flush)
	flush=$(blk_backend feature-flush-cache)
	barrier=$(blk_backend feature-barrier)
	offer="feature-flush-cache=$flush feature-barrier=$barrier"
	if [ -z "$flush$barrier" ]; then
		blk_fail flush "dom0 cannot read what blkback offers for xvda"
		return
	fi
	case "$offer" in
	*=1*) want="write back" ;;
	*) want="write through" ;;
	esac
	if [ "$v" = "$want" ]; then
		pass "$t-blk-flush"
	else
		blk_fail flush "xvda's write_cache says '$v', expected '$want' (blkback offers $offer)"
	fi
}

# blk_discard DIR: once the guest has filled the range it discards, measure
# the image, let the guest discard, measure again.
blk_discard() {
	# Most of the run: the guest writes ~90 MiB through blkback first.
	if ! blk_wait 480 blk-discard; then
		blk_silent discard 480 blk-discard-prep
		return 1
	fi
	if ! guest_said "$g" blk-discard-prep; then
		blk_fail discard "the guest did not discard: $(guest_value "$g" blk-discard)"
		return
	fi
	before=$(blk_alloc "$img1")
	xenstore-write "$1/lab-blk-go" go || echo "blk| dom0 cannot write $1/lab-blk-go"
	if ! blk_wait 90 "blk-discard "; then
		blk_silent discard 90 "blk-discard ok"
		return 1
	fi
	after=$(blk_alloc "$img1")
	echo "blk| xvda's image: $before KiB allocated before the guest's discard, $after KiB after"
	v=$(guest_value "$g" blk-discard)
	len=$(guest_value "$g" blk-discard-prep)
	len=${len##*len=}
	len=${len%% *}
	case "$v" in
	ok*)
		# At least half of the range must have left the image.
		case "$len" in
		'' | *[!0-9]*)
			blk_fail discard "the guest did not say how much it discards ('$len')" ;;
		*)
			if [ $((before - after)) -ge $((len / 2048)) ] && [ "$after" -lt "$before" ]; then
				pass "$t-blk-discard"
			else
				blk_fail discard "the guest discarded $((len / 1024)) KiB, but the xvda image went from $before to $after KiB allocated"
			fi ;;
		esac
		;;
	*) blk_fail discard "the guest says: $v (blkback offers feature-discard=$(blk_backend feature-discard))" ;;
	esac
}

# blk_pattern: each region the guest wrote is in the image as it was written.
blk_pattern() {
	summary=$(guest_value "$g" blk-pattern)
	tr -d '\r' < "$(guest_log "$g")" | sed -n 's/.*LABGUEST blk-region //p' > /tmp/blk.regions
	n=0 bad=
	while read -r name off len bs how sum; do
		off=${off#off=} len=${len#len=}
		case "$sum" in
		md5=*)
			got=$(blk_region_sum "$img1" "$off" "$len")
			if [ "$got" = "${sum#md5=}" ]; then
				n=$((n + 1))
			else
				bad="$bad $name (at $off, $len bytes, $how with bs=${bs#bs=}: the image's md5sum is $got)"
			fi
			;;
		*) bad="$bad $name (the guest's write $sum)" ;;
		esac
	done < /tmp/blk.regions
	case "$summary" in
	regions=*) regions=${summary#regions=} regions=${regions%% *} ;;
	*) regions= ;;
	esac
	if [ -z "$regions" ]; then
		blk_fail pattern-readback "the guest did not write its pattern: ${summary:-no blk-pattern line}"
	elif [ -n "$bad" ]; then
		blk_fail pattern-readback "regions that differ:$bad"
	elif [ "$n" -ne "$regions" ]; then
		blk_fail pattern-readback "the guest reported $n of its $regions regions"
	else
		pass "$t-blk-pattern-readback"
	fi
}

# blk_guest_check CHECK WORD SECONDS GOOD: the guest's "WORD ..." line
# within SECONDS starts with GOOD; fails with 1 when it did not come.
blk_guest_check() {
	if ! blk_wait "$3" "$2 "; then
		blk_silent "$1" "$3" "$2"
		return 1
	fi
	v=$(guest_value "$g" "$2")
	case "$v" in
	"$4"*) pass "$t-blk-$1" ;;
	*) blk_fail "$1" "the guest says: $v" ;;
	esac
}

# blk_checks: every check in order; one that finds the guest silent skips
# the rest.
blk_checks() {
	if ! xl create "/tmp/$g.cfg"; then
		fail "$t-blk-create" "xl create failed"
		tail -n 20 /var/log/xen/*.log 2>/dev/null
		blk_skip "xl create failed" boot
		return
	fi
	pass "$t-blk-create"
	if ! blk_wait 180 guest-type; then
		blk_silent boot 180 guest-type
		return
	fi
	v=$(guest_value "$g" guest-type)
	if [ "$v" = PVH ]; then
		pass "$t-blk-boot"
	else
		blk_fail boot "the guest says its type is '$v', expected PVH"
	fi
	dir=/local/domain/$(xl domid "$g")/data
	blk_disks || return
	blk_features
	blk_flush
	core_dump
	blk_discard "$dir" || return
	blk_pattern
	core_dump
	blk_guest_check guest-readback blk-readback 240 ok || return
	blk_guest_check fsck blk-fsck 240 clean || return
	blk_guest_check fs-readback blk-fs-readback 60 ok || return
	core_dump
	if ! blk_wait 60 ready; then
		blk_silent shutdown 60 ready
	elif domain_up "$g"; then
		domu_shutdown "$t-blk" "$g"
	else
		fail "$t-blk-shutdown" "skipped: no running domain $g ('$(domain_state "$g")')"
	fi
}

# domu_blk_scenario TYPE: every check of a blk guest of this type.
domu_blk_scenario() {
	t=$1 g=lab-blk core_bad=0
	img1=$LAB_IMAGES/$g-xvda.img
	img2=$LAB_IMAGES/$g-xvdb.img
	rm -f "$img1" "$img2"
	truncate -s 160M "$img1"
	truncate -s 96M "$img2"
	domu_blk_config "$g" "$t" "$img1" "$img2" > "/tmp/$g.cfg"
	blk_checks
	guest_finish "$g"
	rm -f "$img1" "$img2" "/tmp/$g.cfg"
}
