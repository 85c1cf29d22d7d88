# SPDX-License-Identifier: GPL-2.0
# Helpers for dom0's init and the scenarios (sourced by /bin/sh).
#
# Each check is one line on dom0's console, which the runner on the host
# reads from the serial log (cell.sh writes them for the steps):
#   LAB: PASS <name>
#   LAB: FAIL <name>: <why>
#   LAB: SKIP <name>: <why>       (not run: an earlier step failed, or it
#                                  does not apply)
# and the runner turns a FAIL scenario.conf expects into an XFAIL.

LAB_IMAGES=/var/lib/xen/images
LAB_CONSOLE_LOGS=/var/log/xen/console

lab_arg() {
	tr ' ' '\n' < /proc/cmdline | sed -n "s/^$1=//p" | tail -n 1
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

# Everything xencommons does on a Debian dom0, without systemd or udev.
lab_start_xen() {
	for m in xen-evtchn xen-gntdev xen-gntalloc xen-privcmd xenfs xen-blkback \
		 xen-netback bridge loop tun; do
		modprobe "$m" 2>/dev/null
	done
	mkdir -p /proc/xen
	mount -t xenfs xenfs /proc/xen || { echo "lab: cannot mount xenfs"; return 1; }
	mkdir -p /run/xen /run/lock /var/lib/xen/save "$LAB_IMAGES" "$LAB_CONSOLE_LOGS" \
		 /var/lib/xenstored /var/lock
	[ -e /var/run ] || ln -s /run /var/run
	# The guests' disk images get a file system of their own: the root
	# file system (half of dom0's memory) already holds the guest kernels
	# and initramfs.  A limit, not a reservation.
	mount -t tmpfs -o size=640m tmpfs "$LAB_IMAGES" ||
		{ echo "lab: cannot mount a tmpfs for the images"; return 1; }

	XENSTORED_ROOTDIR=/var/lib/xenstored xenstored --pid-file /run/xen/xenstored.pid ||
		{ echo "lab: xenstored failed"; return 1; }
	wait_until 30 xenstore-read -s / > /dev/null 2>&1 ||
		{ echo "lab: xenstored does not answer"; return 1; }
	xen-init-dom0 > /dev/null || { echo "lab: xen-init-dom0 failed"; return 1; }
	xenconsoled --pid-file=/run/xen/xenconsoled.pid --log=guest \
		    --log-dir="$LAB_CONSOLE_LOGS" || { echo "lab: xenconsoled failed"; return 1; }

	ip link set lo up
	ip link add xenbr0 type bridge stp_state 0 forward_delay 0 &&
	ip addr add 10.0.0.1/24 dev xenbr0 &&
	ip link set xenbr0 up || { echo "lab: cannot create xenbr0"; return 1; }
	return 0
}

# guest_log NAME: the guest's console as xenconsoled recorded it.
# xenconsoled names the file when the domain's console connects: a guest
# that came by live migration was still NAME--incoming then, and its
# output goes on in that file once it is newer.
guest_log() {
	if [ "$LAB_CONSOLE_LOGS/guest-$1--incoming.log" -nt "$LAB_CONSOLE_LOGS/guest-$1.log" ]; then
		echo "$LAB_CONSOLE_LOGS/guest-$1--incoming.log"
	else
		echo "$LAB_CONSOLE_LOGS/guest-$1.log"
	fi
}

# guest_said NAME PATTERN: the guest printed a LABGUEST line matching PATTERN.
guest_said() {
	grep -q "LABGUEST $2" "$(guest_log "$1")" 2>/dev/null
}

# guest_value NAME WORD: the rest of the guest's last "LABGUEST WORD ..."
# line (hvc0 ends lines with CR LF: the CR goes).
guest_value() {
	tr -d '\r' 2>/dev/null < "$(guest_log "$1")" | sed -n "s/.*LABGUEST $2 //p" | tail -n 1
}

# now_cs: set $now to dom0's clock in centiseconds, without a fork (busybox
# date has no %N; /proc/uptime has two decimals and dom0 is up for more
# than a second, so no leading zero makes the number octal).
now_cs() {
	read -r up _ < /proc/uptime
	now=${up%.*}${up#*.}
}

# guest_said_at NAME PATTERN SECONDS: like guest_said, but polled ten
# times a second; prints dom0's clock (now_cs) when it first saw the line.
guest_said_at() {
	now_cs
	end=$((now + $3 * 100))
	until guest_said "$1" "$2"; do
		now_cs
		[ "$now" -ge "$end" ] && return 1
		sleep 0.1
	done
	now_cs
	echo "$now"
}

# guest_dump NAME: show the guest's console, for a failure's context.
guest_dump() {
	echo "---- console of guest $1 ----"
	# Prefixed, so that nothing the guest printed reads as a result.
	tail -n 60 "$(guest_log "$1")" 2>/dev/null | sed "s/^/guest| /"
	echo "---- end of console of $1 ----"
}

# domain_exists NAME
domain_exists() {
	xl domid "$1" > /dev/null 2>&1
}

domain_gone() {
	! domain_exists "$1"
}

# domain_state NAME: xl's state flags, e.g. -b---- (r b p s c d).
domain_state() {
	xl list "$1" 2> /dev/null | awk 'NR == 2 { print $5 }'
}

# domain_up NAME: the domain exists and has neither shut down nor crashed.
domain_up() {
	case "$(domain_state "$1")" in
	''|*s*|*c*|*d*) return 1 ;;
	esac
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
