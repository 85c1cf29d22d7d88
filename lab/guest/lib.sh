# SPDX-License-Identifier: GPL-2.0
# Helpers for the guest's init and the scenarios' guest halves (sourced by
# busybox sh).  What the guest reports is a line on its console that
# starts with "LABGUEST "; dom0 reads xenconsoled's log of it.

arg() {
	tr ' ' '\n' < /proc/cmdline | sed -n "s/^$1=//p" | tail -n 1
}

say() {
	echo "LABGUEST $*"
}

# why TEXT: the reason a guest step gives with its result.
why() {
	note="$*"
}

# wait_until SECONDS COMMAND...: retry the command once a second.
wait_until() {
	limit=$1
	shift
	n=0
	until "$@"; do
		n=$((n + 1))
		[ $n -ge "$limit" ] && return 1
		sleep 1
	done
}

# nap SECONDS: sleep, but let a trap run at once: the shell runs a trap
# only once the foreground command ends, and "wait" ends on a signal.
nap() {
	sleep "$1" &
	wait $!
}

# lab_traps: the kernel answers xl shutdown/reboot by running
# poweroff/reboot, which signal init (busybox's convention): act on them.
lab_traps() {
	trap 'say "powering off"; sync; poweroff -f' USR2
	trap 'say "halting"; sync; halt -f' USR1
	trap 'say "rebooting"; sync; reboot -f' TERM
}

# The debug interface of our kernel's xenstore client (debugfs): write one
# request line, then read its result.
XS=/sys/kernel/debug/xen/xenstore
XS_EVENTS=/sys/kernel/debug/xen/xenstore-watch-events

# xs REQUEST...: run one request ("read PATH", "write PATH VALUE", ...);
# prints its result, or fails with the error in /tmp/xs.err.
xs() {
	mount -t debugfs debugfs /sys/kernel/debug 2> /dev/null
	if [ ! -e "$XS" ]; then
		echo "no $XS" > /tmp/xs.err
		return 1
	fi
	echo "$*" 2> /tmp/xs.err > "$XS" && cat "$XS" 2> /tmp/xs.err
}

xs_error() {
	tr '\n' ' ' < /tmp/xs.err
}

# The commands dom0 writes to our console, one a line, as cat collects them.
LAB_CMDS=/tmp/lab.cmds

# serve: run each "LABCMD SEQ NAME ARGS" dom0 sends as gstep_NAME ARGS,
# then say "done SEQ NAME RC WHY".  Never returns.
serve() {
	stty -F /dev/hvc0 -echo 2> /dev/null
	: > $LAB_CMDS
	cat /dev/hvc0 >> $LAB_CMDS &
	# Steps share this shell: the loop's variables have names none uses.
	_lab_taken=0
	while :; do
		_lab_lines=$(wc -l < $LAB_CMDS)
		while [ "$_lab_taken" -lt "$_lab_lines" ]; do
			_lab_taken=$((_lab_taken + 1))
			# shellcheck disable=SC2046
			run_cmd $(sed -n "${_lab_taken}p" $LAB_CMDS | tr -d '\r')
		done
		nap 0.5
	done
}

# run_cmd LABCMD SEQ NAME ARGS...  (its variables have names no step uses)
run_cmd() {
	[ "${1:-}" = LABCMD ] && [ $# -ge 3 ] || return 0
	_lab_seq=$2 _lab_step=$3
	shift 3
	note=
	if command -v "gstep_$_lab_step" > /dev/null; then
		"gstep_$_lab_step" "$@"
		_lab_rc=$?
	else
		_lab_rc=2 note="the guest has no step $_lab_step"
	fi
	say "done $_lab_seq $_lab_step $_lab_rc $note"
}

# --- steps every scenario may ask for ---------------------------------------

# The kernel's console is hvc0, Xen's console.
gstep_console() {
	c=$(cat /sys/class/tty/console/active 2>&1)
	case " $c " in
	*" hvc0 "*) ;;
	*) why "the console is '$c'"; return 1 ;;
	esac
}

# gstep_ping ADDRESS
gstep_ping() {
	ping -c 3 -W 5 "$1" > /tmp/ping 2>&1 || { why "$(tail -n 2 /tmp/ping | tr '\n' ' ')"; return 1; }
}

gstep_meminfo() {
	say "meminfo $(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)"
}
