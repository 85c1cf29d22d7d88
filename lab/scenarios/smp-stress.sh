# SPDX-License-Identifier: GPL-2.0
# A debugging aid, not part of make check: boot the core guest (two vCPUs)
# again and again and catch a vCPU that dies.  A triple fault is a reboot
# to Xen; on_reboot = "preserve" keeps the domain, so xenctx can show the
# registers and stack of the vCPU as it died.  lab.stress_boots=N (default 8)
# on dom0's command line (LAB_APPEND) sets the number of boots.
. /lab/lib.sh
. /lab/domu.sh
t=pvh g=lab-stress
boots=$(lab_arg lab.stress_boots)
died=0
i=0
while [ $i -lt "${boots:-8}" ]; do
	i=$((i + 1))
	rm -f "$(guest_log "$g")"
	{ domu_core_config "$g" pvh; echo 'on_reboot = "preserve"'; } > "/tmp/$g.cfg"
	if ! xl create -q "/tmp/$g.cfg"; then
		fail "stress-$i" "xl create failed"
		continue
	fi
	id=$(xl domid "$g")
	# Our kernel says watch-armed; a stock one, without our xenstore
	# debugfs, says watch-failed and naps 20 s before its sleep.
	wait_until 60 guest_said "$g" watch- || true
	xenstore-write "/local/domain/$id/data/lab-from-dom0" x
	xenstore-write "/local/domain/$id/data/lab-watch" fire
	wait_until 40 guest_said "$g" sleep-start || true
	sleep 5
	state=$(domain_state "$g")
	if domain_up "$g" && guest_said "$g" sleep-start &&
	   ! xl dmesg | grep -q "d${id}v[0-9]* Triple fault"; then
		pass "stress-$i"
	else
		died=$((died + 1))
		fail "stress-$i" "domain $id state '$state'"
		xl dmesg | grep -E "d${id}v" | tail -n 5
		echo "---- xenctx of d$id ----"
		/usr/lib/xen-4.17/bin/xenctx -a -S -C "$id" 2>&1 | head -n 200
		guest_dump "$g"
	fi
	xl destroy "$g" 2>/dev/null
	sleep 2
done
echo "LAB: stress: $died of $i boots died"
