# SPDX-License-Identifier: GPL-2.0
# One cell of a scenario, in dom0: the guest of the scenario's
# scenario.conf, booted as lab.type with the kernel lab.guest, and the
# scenario's steps run against it (sourced by /bin/sh after lib.sh).
#
# Steps.  A scenario's dom0.sh defines step_NAME functions; they run in the
# order the file defines them, and each is one check, reported as
# SCENARIO/CELL/NAME (underscores become dashes).  A step returns
#   0  PASS
#   1  FAIL, the next steps still run
#   2  FAIL, and the steps after it cannot run: they are reported SKIP
#   3  SKIP: this step does not apply to this cell
# and says why with `why TEXT` before it returns non-zero.
#
# The guest's half.  The scenario's guest.sh defines gstep_NAME functions
# in the guest.  `guest_step NAME ARGS` asks the guest to run one: it
# writes "LABCMD SEQ NAME ARGS" to the guest's console (the pty
# xenconsoled keeps for it) and waits for the guest's "LABGUEST done SEQ
# NAME RC WHY" line in the console log; RC and WHY become its own.  The
# console is the one channel between the halves: every kernel and guest
# type has one, and its log is the record of the run.

# Filled from the kernel command line and the scenario's scenario.conf.
SC_NAME=$(lab_arg lab.scenario)
SC_TYPE=$(lab_arg lab.type)
SC_DOM0=$(lab_arg lab.dom0)
SC_GUEST=$(lab_arg lab.guest)
SC_DIR=/lab/scenario
# The guest's name in xl, and its address on xenbr0 when it has a vif.
G=lab-$SC_NAME
GUEST_IP=10.0.0.2
GUEST_MAC=00:16:3e:00:00:02
. "$SC_DIR/scenario.conf"

# why TEXT: the reason a step is about to give for its result.
why() {
	note="$*"
}

# check_name STEP: the reported name of a step.
check_name() {
	echo "$SC_NAME/$SC_TYPE.$SC_DOM0.$SC_GUEST/$(echo "$1" | tr _ -)"
}

# steps FILE: the step_* functions FILE defines, in its order.
steps() {
	sed -n 's/^step_\([a-z0-9_]*\)() *{.*/\1/p' "$1"
}

# run_steps FILE: run FILE's steps and report each.  Its variables have
# names no step uses: steps share the shell.
run_steps() {
	_lab_stop=
	for _lab_s in $(steps "$1"); do
		_lab_n=$(check_name "$_lab_s")
		if [ -n "$_lab_stop" ]; then
			echo "LAB: SKIP $_lab_n: $_lab_stop"
			continue
		fi
		note=
		"step_$_lab_s"
		_lab_rc=$?
		_lab_n=$(check_name "$_lab_s")
		case $_lab_rc in
		0) echo "LAB: PASS $_lab_n" ;;
		1) echo "LAB: FAIL $_lab_n: ${note:-no reason given}" ;;
		3) echo "LAB: SKIP $_lab_n: ${note:-does not apply}" ;;
		*)
			echo "LAB: FAIL $_lab_n: ${note:-no reason given}"
			_lab_stop="not run: $(echo "$_lab_s" | tr _ -) failed"
			;;
		esac
	done
}

# --- the guest's configuration -------------------------------------------------

# Lab guests execute rdtsc themselves, as on a host with an invariant TSC:
# the lab's emulated CPU has none, and each trapped rdtsc is an exit where
# the emulator's fault can strike (docs/lab-faults.md).  HVM guests keep
# Xen's default: with a native TSC their firmware and kernel boot a
# minute slower.
domu_tsc() {
	[ "$1" = hvm ] || echo 'tsc_mode = "native"'
}

# image NAME: the backing file of one of the guest's disks.
image() {
	echo "$LAB_IMAGES/$G-$1.img"
}

# domu_config [KERNEL]: the guest's xl config, from scenario.conf: guest
# type, kernel, memory, vCPUs, disks (sparse files) and vifs.
domu_config() {
	dcfg= vcfg= sep=
	for d in $disks; do
		dcfg="$dcfg$sep\"format=raw,vdev=${d%%:*},access=rw,target=$(image "${d%%:*}")\""
		sep=", "
	done
	[ "${vifs:-0}" -ge 1 ] && vcfg="\"mac=$GUEST_MAC,bridge=xenbr0\""
	early=earlyprintk=xen
	[ "$SC_TYPE" = hvm ] && early=
	cat <<CFG
name = "$G"
type = "$SC_TYPE"
kernel = "/lab/guest/vmlinuz${1:+-$1}"
ramdisk = "/lab/guest/initrd.gz"
cmdline = "console=hvc0 $early lab.ip=$GUEST_IP lab.net=${vifs:-0} ${guest_cmdline:-} $(lab_arg lab.guest_append)"
memory = $memory
maxmem = $memory
vcpus = $vcpus
$(domu_tsc "$SC_TYPE")
disk = [ $dcfg ]
vif = [ $vcfg ]
vnc = 0
on_crash = "preserve"
CFG
}

# make_images: fresh backing files of the sizes scenario.conf says
# (VDEV:SIZE, sparse; VDEV:SIZEM:full, written with zeros).
make_images() {
	for d in $disks; do
		f=$(image "${d%%:*}") size=${d#*:}
		rm -f "$f"
		case "$size" in
		*M:full) dd if=/dev/zero of="$f" bs=1M count="${size%M:full}" 2> /dev/null ;;
		*) truncate -s "$size" "$f" ;;
		esac
	done
}

# --- steps every scenario takes --------------------------------------------------

# create_guest [KERNEL]: xl create the configured guest.
create_guest() {
	make_images
	rm -f "$LAB_CONSOLE_LOGS/guest-$G.log" "$LAB_CONSOLE_LOGS/guest-$G--incoming.log"
	domu_config "$@" > "/tmp/$G.cfg"
	if ! out=$(xl create "/tmp/$G.cfg" 2>&1); then
		why "xl create failed: $(echo "$out" | tail -n 2 | tr '\n' ' ')"
		tail -n 20 /var/log/xen/*.log 2> /dev/null
		return 2
	fi
}

# boot_guest SECONDS: the guest's init reports for duty (its "up" line,
# with its guest type) within SECONDS.
boot_guest() {
	wait_until "$1" guest_up_or_gone
	if ! guest_said "$G" "up "; then
		why "no 'up' from the guest within $1s (domain state: '$(domain_state "$G")')"
		guest_dump "$G"
		return 2
	fi
	got=$(said up)
	got=${got%% *}
	want=$(echo "$SC_TYPE" | tr '[:lower:]' '[:upper:]')
	if [ "$got" != "$want" ]; then
		why "the guest says it is a '$got' guest, expected $want"
		return 2
	fi
}

guest_up_or_gone() {
	guest_said "$G" "up " || ! domain_up "$G"
}

# shutdown_guest: a clean shutdown through control/shutdown.
shutdown_guest() {
	if ! domain_up "$G"; then
		why "no running domain $G ('$(domain_state "$G")')"
		return 1
	fi
	# xl shutdown -w returns once the guest has shut down; the xl process
	# that created it destroys it a moment later.
	if timeout 120 xl shutdown -w "$G" > /dev/null && wait_until 30 domain_gone "$G"; then
		return 0
	fi
	why "the guest did not shut down"
	xl destroy "$G" 2> /dev/null
	return 1
}

# finish_guest: the guest's whole console (all its boots) goes into the
# serial log, prefixed so that nothing in it reads as a result; nothing
# of it is left running.
finish_guest() {
	echo "---- console of guest $G (all boots) ----"
	cat "$LAB_CONSOLE_LOGS/guest-$G.log" "$LAB_CONSOLE_LOGS/guest-$G--incoming.log" 2> /dev/null |
		sed 's/^/guest| /'
	echo "---- end of console of $G ----"
	if domain_exists "$G"; then
		xl list
		# A crashed vCPU's registers and stack, kept by on_crash.
		case "$(domain_state "$G")" in
		*c*) xenctx -a -S -C "$(xl domid "$G")" 2>&1 | head -n 200 ;;
		esac
		xl destroy "$G"
	fi
	for d in $disks; do
		rm -f "$(image "${d%%:*}")"
	done
}

# --- the channel to the guest ----------------------------------------------------

LAB_SEQ=0

# guest_step NAME [ARGS...]: have the guest run gstep_NAME ARGS and wait up
# to $STEP_WAIT seconds (default 120) for it; its status and why are ours.
guest_step() {
	guest_send "$@" || return
	guest_wait "$LAB_SEQ" "$1"
}

# guest_send NAME [ARGS...]: send the step, do not wait for it; its
# sequence number is $LAB_SEQ.
guest_send() {
	LAB_SEQ=$((LAB_SEQ + 1))
	tty=$(xenstore-read "/local/domain/$(xl domid "$G" 2> /dev/null)/console/tty" 2> /dev/null)
	if [ ! -c "$tty" ]; then
		why "no console pty for $G ('$tty')"
		return 2
	fi
	echo "LABCMD $LAB_SEQ $*" > "$tty"
}

# guest_wait SEQ NAME: wait for the guest to finish step SEQ, NAME.
guest_wait() {
	wait_until "${STEP_WAIT:-120}" step_over_or_gone "$1"
	if ! guest_said "$G" "done $1 "; then
		if domain_up "$G"; then
			why "the guest did not finish $2 within ${STEP_WAIT:-120}s"
		else
			why "the guest stopped during $2 (domain state: '$(domain_state "$G")')"
		fi
		guest_dump "$G"
		return 2
	fi
	# shellcheck disable=SC2046
	set -- $(guest_value "$G" "done $1 $2")
	rc=${1:-2}
	shift
	note="$*"
	return "$rc"
}

step_over_or_gone() {
	guest_said "$G" "done $1 " || ! domain_up "$G"
}

# said WORD: the rest of the guest's newest "WORD ..." line.
said() {
	guest_value "$G" "$1"
}
