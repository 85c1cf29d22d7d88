# SPDX-License-Identifier: GPL-2.0
# The domU checks every guest type shares (sourced by the scenarios).

# Lab guests execute rdtsc themselves (HVM aside, below).  The lab's
# emulated CPU has no invariant TSC, so Xen's default mode would trap each
# guest rdtsc, and such an exit is where the emulator's fault strikes
# (docs/lab-faults.md).  A host with an invariant TSC runs guests this way
# by default.
DOMU_TSC='tsc_mode = "native"'

# domu_tsc TYPE: the TSC line for a guest of TYPE.  HVM guests keep Xen's
# default: with a native TSC here their firmware and Debian's kernel took
# a minute longer to boot (domu-hvm), and only Debian's kernel runs as one.
domu_tsc() {
	[ "$1" = hvm ] || echo "$DOMU_TSC"
}

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
$(domu_tsc "$2")
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
	# After a restore or migration the new vif joins the bridge only when
	# dom0's hotplug script has run, and a TCG guest may need a while
	# longer to notice its backend: try for about two minutes.
	tries=0
	while :; do
		out=$(agent "$3" "ping -c 2 -W 5 10.0.0.1 > /dev/null && echo net-ok")
		[ "$out" = net-ok ] && break
		tries=$((tries + 1))
		if [ $tries -ge 4 ]; then
			fail "$1-$2" "guest agent/network not answering after $2 (got '$out', $tries tries)"
			return
		fi
		sleep 10
	done
	pass "$1-$2"
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
$DOMU_TSC
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
#   blk-resize-ready, reads xvdb until      grows xvdb's image, losetup -c
#   its size changes: blk-resize
#   writes xvda's last 48 MiB over and      xl block-attach xvdc (dom0's
#   over: blk-hotplug-ready                 pattern), xl block-detach once
#   reads xvdc, writes 1 MiB: blk-xvdc;     the guest wrote it: compares;
#   xvdc gone: blk-xvdc-end; stops:         compares xvda's last 48 MiB
#   blk-hotplug-io
#   writes again: blk-rebind-ready          unbinds xvda's backend from
#                                           blkback, binds it again, writes
#   stops: blk-rebind-io                    data/lab-blk-rebound; compares
#   ready                                   xl shutdown

# vCPUs of a blk guest: blkfront takes a ring per vCPU (blkback offers
# one per dom0 vCPU, two here).
BLK_VCPUS=2

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
vcpus = $BLK_VCPUS
$DOMU_TSC
disk = [ "format=raw,vdev=xvda,access=rw,target=$3", "format=raw,vdev=xvdb,access=rw,target=$4" ]
vnc = 0
on_crash = "preserve"
CFG
}

# The checks of a blk guest, in order, without their TYPE-blk- prefix.
BLK_CHECKS="create boot disks-present features flush discard pattern-readback guest-readback
	    fsck fs-readback resize hot-attach hot-detach hotplug-io rebind shutdown"

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

# blk_features: the guest's kernel said something about each disk, and
# what it says of xvda's rings matches what blkback offers: a queue per
# vCPU up to 4, rings of up to 4 pages, up to 256 indirect segments, and
# persistent grants.
blk_features() {
	if ! blk_wait 30 blk-features; then
		blk_fail features "no blk-features line from the guest within 30s"
		return
	fi
	v=$(guest_value "$g" blk-features)
	echo "blk| the guest's kernel: $v"
	q=$(blk_backend multi-queue-max-queues)
	q=${q:-1}
	[ "$q" -gt "$BLK_VCPUS" ] && q=$BLK_VCPUS
	[ "$q" -gt 4 ] && q=4
	o=$(blk_backend max-ring-page-order)
	o=${o:-0}
	[ "$o" -gt 2 ] && o=2
	s=$(blk_backend feature-max-indirect-segments)
	s=${s:-11}
	[ "$s" -gt 256 ] && s=256
	[ "$s" -lt 11 ] && s=11
	ind=
	[ "$s" -gt 11 ] && ind=" (indirect)"
	p=no
	[ "$(blk_backend feature-persistent)" = 1 ] && p=yes
	want="$q queue(s), rings of $((1 << o)) page(s), $s segments per request$ind, persistent grants: $p"
	case "$v" in
	*xvda:*"$want"*xvdb:*) pass "$t-blk-features" ;;
	*xvda:*xvdb:*) blk_fail features "expected '$want' for xvda from what blkback offers" ;;
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

# blk_resize: grow xvdb's image under the guest; blkback announces the
# new size and the guest's disk follows.
blk_resize() {
	if ! blk_wait 60 blk-resize-ready; then
		blk_silent resize 60 blk-resize-ready
		return 1
	fi
	loop=$(losetup -a | grep -F "$img2" | cut -d: -f1)
	if [ -z "$loop" ]; then
		blk_fail resize "no loop device for $img2: $(losetup -a | tr '\n' ' ')"
		return
	fi
	truncate -s 128M "$img2"
	losetup -c "$loop"
	if ! blk_wait 120 "blk-resize "; then
		blk_silent resize 120 "blk-resize size="
		return 1
	fi
	want=$((128 * 1024 * 2))
	v=$(guest_value "$g" blk-resize)
	if [ "$v" = "size=$want" ]; then
		pass "$t-blk-resize"
	else
		blk_fail resize "the guest says $v after xvdb grew to 128 MiB ($want sectors; blkback says $(blk_backend_of 51728 sectors))"
	fi
}

# blk_backend_of DEVICE KEY: blkback's KEY for one of the guest's vbds.
blk_backend_of() {
	xenstore-read "/local/domain/0/backend/vbd/$(xl domid "$g")/$1/$2" 2> /dev/null
}

# blk_region_is IMAGE OFFSET_MIB LENGTH_MIB MD5: the image holds it.
blk_region_is() {
	[ "$(blk_region_sum "$1" $(($2 * 1048576)) $(($3 * 1048576)))" = "$4" ]
}

# blk_hotplug DIR: a third disk comes and goes while the guest writes to
# xvda; then data/lab-blk-compared lets the guest write there again.
blk_hotplug() {
	if ! blk_wait 120 blk-hotplug-ready; then
		blk_silent hot-attach 120 blk-hotplug-ready
		return 1
	fi
	img3=$LAB_IMAGES/$g-xvdc.img
	dd if=/dev/urandom of="$img3" bs=1M count=8 2> /dev/null
	sum3=$(md5sum < "$img3" | cut -d' ' -f1)
	if ! out=$(xl block-attach "$g" "format=raw,vdev=xvdc,access=rw,target=$img3" 2>&1); then
		blk_fail hot-attach "xl block-attach failed: $out"
		blk_fail hot-detach "skipped: xvdc was never attached"
	elif ! blk_wait 120 "blk-xvdc "; then
		blk_silent hot-attach 120 "blk-xvdc"
		return 1
	else
		v=$(guest_value "$g" blk-xvdc)
		case "$v" in
		"size=16384 read=$sum3 "*) pass "$t-blk-hot-attach" ;;
		*) blk_fail hot-attach "the guest says '$v' of xvdc (8 MiB, md5 $sum3)" ;;
		esac
		wrote=${v##*wrote=}
		if ! out=$(timeout 120 xl block-detach "$g" xvdc 2>&1); then
			blk_fail hot-detach "xl block-detach failed: $out"
		elif ! blk_wait 120 blk-xvdc-end; then
			blk_silent hot-detach 120 blk-xvdc-end
			return 1
		elif [ "$(guest_value "$g" blk-xvdc-end)" != gone ]; then
			blk_fail hot-detach "xvdc after xl block-detach: $(guest_value "$g" blk-xvdc-end)"
		elif ! blk_region_is "$img3" 4 1 "$wrote"; then
			blk_fail hot-detach "xvdc's image lacks the guest's 1 MiB at 4 MiB (md5 '$wrote')"
		else
			pass "$t-blk-hot-detach"
		fi
	fi
	rm -f "$img3"
	blk_io_check hotplug-io hotplug || return 1
	# The guest's next writes go to the same regions: only now.
	xenstore-write "$1/lab-blk-compared" done || echo "blk| dom0 cannot write $1/lab-blk-compared"
}

# blk_io_check CHECK WHAT: the guest's background writes of its stage WHAT
# all reached xvda's image: three 16 MiB regions from 112 MiB, each the
# piece whose md5sum the guest reports.
blk_io_check() {
	if ! blk_wait 300 "blk-$2-io "; then
		blk_silent "$1" 300 "blk-$2-io"
		return 1
	fi
	v=$(guest_value "$g" "blk-$2-io")
	md5=${v##*md5=}
	case "$v" in
	ok*)
		bad=
		for off in 112 128 144; do
			blk_region_is "$img1" $off 16 "$md5" || bad="$bad ${off}MiB"
		done
		if [ -z "$bad" ]; then
			pass "$t-blk-$1"
		else
			blk_fail "$1" "xvda's image differs from the guest's writes at:$bad ($v)"
		fi
		;;
	*) blk_fail "$1" "the guest's writes to xvda: $v" ;;
	esac
}

# blk_backend_connected: xvda's backend is Connected again.
blk_backend_connected() {
	[ "$(blk_backend state)" = 4 ]
}

# backend_rebind DRIVER DEVICE: unbind DEVICE from the backend driver
# DRIVER (vbd, vif), give it 5 s, bind it again; prints why if it cannot.
backend_rebind() {
	if ! echo "$2" > "/sys/bus/xen-backend/drivers/$1/unbind"; then
		echo "cannot unbind $2 from $1"
		return
	fi
	sleep 5
	echo "$2" > "/sys/bus/xen-backend/drivers/$1/bind" ||
		echo "cannot bind $2 to $1 again"
}

# blk_rebind DIR: unbind xvda's backend from blkback while the guest
# writes, bind it again: the frontend must send what was in flight again.
blk_rebind() {
	if ! blk_wait 300 blk-rebind-ready; then
		blk_silent rebind 300 blk-rebind-ready
		return 1
	fi
	# Let the guest's writes get going first.
	sleep 3
	why=$(backend_rebind vbd "vbd-$(xl domid "$g")-51712")
	if [ -z "$why" ] && ! wait_until 60 blk_backend_connected; then
		why="xvda's backend is in state '$(blk_backend state)' 60s after the rebind"
	fi
	xenstore-write "$1/lab-blk-rebound" done || echo "blk| dom0 cannot write $1/lab-blk-rebound"
	if [ -z "$why" ]; then
		blk_io_check rebind rebind
	else
		blk_fail rebind "$why"
		blk_wait 300 "blk-rebind-io "
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
	blk_resize || return
	blk_hotplug "$dir" || return
	blk_rebind "$dir" || return
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

# --- Our network frontend (lab.task=guest) ------------------------------------
# Our kernel as the usual networked guest (eth0 10.0.0.2 on xenbr0, a disk,
# the TCP agent), driven from dom0 through the agent:
#   1000 pings each way, none lost;
#   256 MiB of random data dom0 -> guest over HTTP (busybox httpd, wget),
#   checked by md5sum in the guest, then back guest -> dom0, checked again;
#   as many queues as netback offers, up to the guest's vCPUs, and eth0's
#   totals over them covering those transfers;
#   MTU 9000 on both ends: large pings go unfragmented, 64 MiB of it again;
#   a second vif attached (eth1, 10.0.1.2) and detached while eth0 carries
#   a 64 MiB transfer, which must arrive whole;
#   netback lets go of eth0 and takes it again (unbind, bind) while eth0
#   carries 64 MiB: netfront reconnects and the transfer arrives whole.

NET_CHECKS="create boot guest-pings-dom0 dom0-pings-guest ping-1000 tcp-to-guest tcp-from-guest
	    queues mtu-9000 hot-attach hot-detach traffic-during-hotplug rebind shutdown"

# net_agent SECONDS COMMAND: the agent, for commands that take a while.
net_agent() {
	echo "$2" | timeout "$1" nc "$ip" 7000
}

# net_skip WHY FIRST_CHECK
net_skip() {
	checks_skip net "$NET_CHECKS" "$1" "$2"
}

domu_net_config() {
	cat <<CFG
name = "$g"
type = "$t"
kernel = "/lab/guest/vmlinuz"
ramdisk = "/lab/guest/initrd.gz"
cmdline = "console=hvc0 earlyprintk=xen lab.task=guest lab.ip=$ip $(lab_arg lab.guest_append)"
memory = 768
maxmem = 768
vcpus = 2
$DOMU_TSC
disk = [ "format=raw,vdev=xvda,access=rw,target=$LAB_IMAGES/$g.img" ]
vif = [ "mac=00:16:3e:00:00:22,bridge=xenbr0" ]
vnc = 0
on_crash = "preserve"
CFG
}

# net_ping_count OUTPUT: "sent/received" from ping's summary.
net_ping_count() {
	echo "$1" | sed -n 's/^\([0-9]*\) packets transmitted, \([0-9]*\) packets received.*/\1\/\2/p'
}

# net_pings: 1000 pings each way, 10 ms apart (busybox's adaptive -A may
# send one more than -c asks when a reply is late, which hides a loss).
net_pings() {
	v=$(net_ping_count "$(ping -c 1000 -i 0.01 -W 5 -q "$ip" 2>&1)")
	w=$(net_ping_count "$(net_agent 300 "ping -c 1000 -i 0.01 -W 5 -q 10.0.0.1")")
	if [ "$v" = 1000/1000 ] && [ "$w" = 1000/1000 ]; then
		pass "$t-net-ping-1000"
	else
		net_fail ping-1000 "sent/received: dom0 -> guest '$v', guest -> dom0 '$w'"
	fi
}

net_fail() {
	fail "$t-net-$1" "$2"
	core_bad=1
}

# net_tcp: 256 MiB to the guest and back, by md5sum at both ends; tcp_ok
# says whether both arrived whole.
net_tcp() {
	tcp_ok=0
	mkdir -p /tmp/www
	dd if=/dev/urandom of=/tmp/www/blob bs=1M count=256 2> /dev/null
	sum=$(md5sum < /tmp/www/blob | cut -d' ' -f1)
	# 64 MiB of it for the later transfers: at MTU 9000, and under hotplug.
	head -c 64M /tmp/www/blob > /tmp/www/small
	small=$(md5sum < /tmp/www/small | cut -d' ' -f1)
	busybox httpd -p 8080 -h /tmp/www
	got=$(net_agent 600 "wget -q -O /tmp/blob http://10.0.0.1:8080/blob && md5sum < /tmp/blob")
	got=${got%% *}
	if [ "$got" = "$sum" ]; then
		pass "$t-net-tcp-to-guest"
	else
		net_fail tcp-to-guest "the guest's md5sum of what it received is '$got', dom0's $sum"
	fi
	net_agent 30 "mkdir -p /tmp/www && mv /tmp/blob /tmp/www/blob && httpd -p 8080 -h /tmp/www && echo serving" > /dev/null
	back=$(timeout 600 wget -q -O - "http://$ip:8080/blob" | md5sum | cut -d' ' -f1)
	if [ "$back" = "$sum" ]; then
		pass "$t-net-tcp-from-guest"
		[ "$got" = "$sum" ] && tcp_ok=1
	else
		net_fail tcp-from-guest "dom0's md5sum of what came back is '$back', sent $sum"
	fi
}

# net_frontend KEY: what the guest's netfront wrote for eth0 (vif 0).
net_frontend() {
	xenstore-read "/local/domain/$(xl domid "$g")/device/vif/0/$1" 2> /dev/null
}

# net_queues_want: the queues the guest should use: what netback offers
# (multi-queue-max-queues; absent or 0 means one), at most one per vCPU of
# the guest and at most 8 (netfront's limit).
net_queues_want() {
	max=$(xenstore-read "$(net_frontend backend)/multi-queue-max-queues" 2> /dev/null)
	case "$max" in
	''|*[!0-9]*|0) max=1 ;;
	esac
	vcpus=$(xl list "$g" | awk 'NR == 2 { print $4 }')
	case "$vcpus" in
	''|*[!0-9]*) echo "unknown (xl list gives '$vcpus' vCPUs)"; return ;;
	esac
	[ "$max" -gt "$vcpus" ] && max=$vcpus
	[ "$max" -gt 8 ] && max=8
	echo "$max"
}

# net_queues_keys N: the frontend's xenstore keys for N queues: with one
# the rings at the top and no multi-queue-num-queues, as before
# multi-queue; with more that count and queue-0 ... queue-<N-1>, nothing
# at the top and no queue-N.  Prints what is wrong, if anything.
net_queues_keys() {
	num=$(net_frontend multi-queue-num-queues)
	top=$(net_frontend tx-ring-ref)
	if [ "$1" -eq 1 ]; then
		[ -z "$num" ] || echo "multi-queue-num-queues is '$num' with one queue"
		[ -n "$top" ] || echo "no tx-ring-ref in its directory"
		[ -z "$(net_frontend queue-0/tx-ring-ref)" ] || echo "a queue-0/tx-ring-ref with one queue"
		return
	fi
	[ "$num" = "$1" ] || echo "multi-queue-num-queues is '$num'"
	[ -z "$top" ] || echo "a tx-ring-ref in its directory with $1 queues"
	i=0
	while [ $i -lt "$1" ]; do
		for k in tx-ring-ref rx-ring-ref; do
			[ -n "$(net_frontend "queue-$i/$k")" ] || echo "no queue-$i/$k"
		done
		i=$((i + 1))
	done
	[ -z "$(net_frontend "queue-$1/tx-ring-ref")" ] || echo "a queue-$1 past $1 queues"
}

# net_queues: the guest uses the queues dom0 expects (net_queues_want) by
# its sysfs (tx-* and rx-* under eth0's queues), its kernel's connect line
# and the keys its netfront wrote.  Its per-queue interrupts and eth0's
# totals go to the serial log; after both transfers the totals, summed
# over the queues, must hold the 256 MiB each way and stay under 384 MiB,
# which a queue counted twice would pass.
net_queues() {
	want=$(net_queues_want)
	# The guest's shell expands these, not ours.
	# shellcheck disable=SC2016
	got=$(net_agent 30 'set -- /sys/class/net/eth0/queues/tx-*; t=$#; set -- /sys/class/net/eth0/queues/rx-*; echo "$t $#"')
	line=$(net_agent 30 'dmesg | grep "eth0: connected," | tail -n 1')
	said=$(echo "$line" | sed -n 's/.*, \([0-9]*\) queues*, .*/\1/p')
	dev=$(net_agent 30 'grep "eth0:" /proc/net/dev')
	echo "net| the guest's kernel: $line"
	echo "net| the guest's /proc/net/dev: $dev"
	# Per-queue counters: the interrupts of each queue's event channels,
	# and ethtool -S should the guest image ever carry ethtool.
	net_agent 30 'grep vif-0 /proc/interrupts; ethtool -S eth0 2> /dev/null' | sed 's/^/net| /'
	# /proc/net/dev: bytes received are the first number, sent the ninth.
	rx=$(echo "${dev#*:}" | awk '{ print $1 }')
	tx=$(echo "${dev#*:}" | awk '{ print $9 }')
	case "$rx$tx" in
	''|*[!0-9]*) rx=0 tx=0 ;;
	esac
	lo=268435456 hi=402653184
	case "$want" in
	*[!0-9]*)
		net_fail queues "dom0 cannot tell how many queues to expect: $want" ;;
	*)
		bad=$(net_queues_keys "$want" | tr '\n' ';')
		if [ "$got" != "$want $want" ]; then
			net_fail queues "the guest's eth0 has '$got' tx and rx queues, expected $want (netback offers '$(xenstore-read "$(net_frontend backend)/multi-queue-max-queues" 2> /dev/null)')"
		elif [ "$said" != "$want" ]; then
			net_fail queues "the guest's kernel says '$said' queues ('$line'), expected $want"
		elif [ -n "$bad" ]; then
			net_fail queues "the frontend's xenstore keys for $want queue(s): $bad"
		elif [ "$tcp_ok" = 1 ] && { [ "$rx" -lt $lo ] || [ "$rx" -gt $hi ] ||
					    [ "$tx" -lt $lo ] || [ "$tx" -gt $hi ]; }; then
			net_fail queues "eth0's totals over $want queue(s), $rx bytes in and $tx out, are not between $lo and $hi after 256 MiB each way"
		else
			pass "$t-net-queues"
		fi ;;
	esac
}

# net_vif_tx: packets dom0's end of eth0 has sent to the guest.
net_vif_tx() {
	cat "/sys/class/net/vif$(xl domid "$g").0/statistics/tx_packets"
}

# net_mtu: jumbo frames both ways, then the data again.
net_mtu() {
	vif=vif$(xl domid "$g").0
	ip link set "$vif" mtu 9000 && ip link set xenbr0 mtu 9000
	m=$(net_agent 30 "ip link set eth0 mtu 9000 && cat /sys/class/net/eth0/mtu")
	before=$(net_vif_tx)
	v=$(net_ping_count "$(ping -c 20 -s 8900 -q "$ip" 2>&1)")
	sent=$(($(net_vif_tx) - before))
	got=$(net_agent 600 "wget -q -O - http://10.0.0.1:8080/small | md5sum")
	got=${got%% *}
	if [ "$m" != 9000 ]; then
		net_fail mtu-9000 "the guest's eth0 MTU is '$m' after setting 9000"
	elif [ "$v" != 20/20 ]; then
		net_fail mtu-9000 "8900-byte pings sent/received '$v'"
	elif [ "$sent" -gt 40 ]; then
		net_fail mtu-9000 "20 pings of 8900 bytes took $sent packets: fragmented"
	elif [ "$got" != "$small" ]; then
		net_fail mtu-9000 "at MTU 9000 the guest's md5sum of 64 MiB is '$got', dom0's $small"
	else
		pass "$t-net-mtu-9000"
	fi
	net_agent 30 "ip link set eth0 mtu 1500" > /dev/null
	ip link set "$vif" mtu 1500
	ip link set xenbr0 mtu 1500
}

net_eth1_is() {
	[ "$(net_agent 30 "test -d /sys/class/net/eth1 && echo present || echo absent")" = "$1" ]
}

# net_bg_done: the guest's background transfer has its md5sum.
net_bg_done() {
	[ "$(net_agent 30 "test -s /tmp/bg.md5 && echo done")" = done ]
}

# net_bg_start FILE: the guest fetches dom0's FILE in the background, its
# md5sum in /tmp/bg.md5 once done (net_bg_done).
net_bg_start() {
	# In its own session: the agent's connection ends at once.
	net_agent 30 "rm -f /tmp/bg.md5; setsid sh -c 'wget -q -O - http://10.0.0.1:8080/$1 | md5sum > /tmp/bg.md5.part && mv /tmp/bg.md5.part /tmp/bg.md5' < /dev/null > /dev/null 2>&1 &" > /dev/null
}

# net_bg_check CHECK SUM WHEN: the background transfer arrived whole.
net_bg_check() {
	wait_until 300 net_bg_done
	got=$(net_agent 30 "cat /tmp/bg.md5")
	got=${got%% *}
	if [ "$got" = "$2" ]; then
		pass "$t-net-$1"
	else
		net_fail "$1" "$3: the transfer on eth0 gave md5sum '$got', dom0's $2"
	fi
}

# net_hotplug: a second vif comes and goes while eth0 carries a transfer.
net_hotplug() {
	net_bg_start small
	ip addr add 10.0.1.1/24 dev xenbr0 2> /dev/null
	if ! out=$(xl network-attach "$g" mac=00:16:3e:00:00:23,bridge=xenbr0 2>&1); then
		net_fail hot-attach "xl network-attach failed: $out"
		net_fail hot-detach "skipped: nothing attached"
	else
		if wait_until 60 net_eth1_is present &&
		   net_agent 30 "ip link set eth1 up && ip addr add 10.0.1.2/24 dev eth1 && echo up" > /dev/null &&
		   wait_until 30 ping -c 1 -W 2 10.0.1.2 > /dev/null; then
			pass "$t-net-hot-attach"
		else
			net_fail hot-attach "eth1 did not come up with 10.0.1.2 answering pings"
		fi
		if ! out=$(timeout 120 xl network-detach "$g" 1 2>&1); then
			net_fail hot-detach "xl network-detach failed: $out"
		elif wait_until 60 net_eth1_is absent; then
			pass "$t-net-hot-detach"
		else
			net_fail hot-detach "the guest still has eth1 60s after xl network-detach"
		fi
	fi
	net_bg_check traffic-during-hotplug "$small" "64 MiB while eth1 came and went"
}

# net_backend KEY: eth0's backend's KEY.
net_backend_dir() {
	echo "/local/domain/0/backend/vif/$(xl domid "$g")/0"
}

net_backend() {
	xenstore-read "$(net_backend_dir)/$1" 2> /dev/null
}

net_backend_connected() {
	[ "$(net_backend state)" = 4 ]
}

net_vif_exists() {
	[ -d "/sys/class/net/vif$(xl domid "$g").0" ]
}

# net_replug: after a rebind, netback's new vif goes into the bridge and
# its backend must connect; prints why not.
net_replug() {
	vif=vif$(xl domid "$g").0
	if ! wait_until 30 net_vif_exists; then
		echo "no $vif 30s after the rebind"
		return
	fi
	ip link set "$vif" master xenbr0
	ip link set "$vif" up
	# Netback waits for the hotplug script's word, which may be gone.
	[ -n "$(net_backend hotplug-status)" ] ||
		xenstore-write "$(net_backend_dir)/hotplug-status" connected
	wait_until 60 net_backend_connected ||
		echo "eth0's backend is in state '$(net_backend state)' 60s after the rebind"
}

# net_rebind: unbind eth0's backend from netback while it carries 256 MiB
# to the guest, bind it again: the guest's netfront connects anew (its
# kernel says "connected" again; netback's new instance may first try our
# old rings and close, costing a round or two) and the transfer goes on
# whole.
# Netback's new vif is plugged into the bridge here: libxl ran the hotplug
# script when the guest was created, not now.
net_rebind() {
	before=$(net_vif_tx)
	net_bg_start blob
	sleep 2
	if net_bg_done; then
		why="the transfer was over before the unbind: nothing tested"
	elif [ "$(net_vif_tx)" -le "$before" ]; then
		why="no traffic to the guest before the unbind"
	else
		why=$(backend_rebind vif "vif-$(xl domid "$g")-0")
		[ -n "$why" ] || why=$(net_replug)
	fi
	n=$(net_agent 30 'dmesg | grep -c "eth0: connected,"')
	if [ -n "$why" ]; then
		net_fail rebind "$why"
	elif ! [ "${n:-0}" -ge 2 ] 2> /dev/null; then
		net_fail rebind "the guest's kernel says 'eth0: connected' '$n' time(s), expected twice or more"
	else
		net_bg_check rebind "$sum" "256 MiB across netback's unbind and bind"
	fi
}

# domu_net_scenario TYPE: every check of a networked guest of ours.
domu_net_scenario() {
	t=$1 g=lab-net ip=10.0.0.2 core_bad=0
	rm -f "$LAB_IMAGES/$g.img"
	truncate -s 64M "$LAB_IMAGES/$g.img"
	domu_net_config > "/tmp/$g.cfg"
	if ! xl create "/tmp/$g.cfg"; then
		fail "$t-net-create" "xl create failed"
		net_skip "xl create failed" boot
		return
	fi
	pass "$t-net-create"
	if ! wait_until 180 guest_said "$g" ready; then
		fail "$t-net-boot" "no 'ready' from the guest within 180s"
		net_skip "the guest did not boot" guest-pings-dom0
		guest_finish "$g"
		return
	fi
	pass "$t-net-boot"
	if guest_said "$g" "ping-dom0 ok"; then
		pass "$t-net-guest-pings-dom0"
	else
		net_fail guest-pings-dom0 "$(guest_value "$g" ping-dom0) $(guest_value "$g" nic-missing)"
	fi
	if ping_quiet "$ip"; then
		pass "$t-net-dom0-pings-guest"
	else
		net_fail dom0-pings-guest "no answer from $ip"
	fi
	net_pings
	net_tcp
	net_queues
	core_dump
	net_mtu
	net_hotplug
	net_rebind
	core_dump
	killall httpd 2> /dev/null
	rm -rf /tmp/www
	if domain_up "$g"; then
		domu_shutdown "$t-net" "$g"
	else
		fail "$t-net-shutdown" "skipped: no running domain $g ('$(domain_state "$g")')"
	fi
	guest_finish "$g"
}
