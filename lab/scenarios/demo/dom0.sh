# SPDX-License-Identifier: GPL-2.0
# dom0's half of the demo (make run): start the guest, hand over its
# console, and give dom0's shell once the person leaves it.

banner() {
	cat <<TXT

  Xen lab: Xen $(xl info | awk '/^xen_version/ { print $3 }') in QEMU (TCG), dom0 kernel
  $(uname -r) ($SC_DOM0), guest $G: kernel $SC_GUEST as a $SC_TYPE guest,
  xvda a 256 MiB disk, eth0 10.0.0.2 on dom0's bridge (dom0 is 10.0.0.1).
  Ctrl-] leaves the guest's console for dom0's shell; there 'xl list',
  'xl console $G' to come back, 'xl create -c /root/pv.cfg' (also
  pvh.cfg, hvm.cfg: Debian's kernel, 10.0.0.3 to .5).  Leave the lab
  with 'poweroff -f' in dom0, or Ctrl-a x.

TXT
}

demo() {
	# Debian's kernel as each guest type, a shell on its console, its own
	# address on the bridge: 10.0.0.3 (pv), .4 (pvh), .5 (hvm).
	n=3
	for t in pv pvh hvm; do
		(SC_TYPE=$t G=demo-$t disks= GUEST_IP=10.0.0.$n GUEST_MAC=00:16:3e:00:00:0$n \
			domu_config stock > "/root/$t.cfg")
		n=$((n + 1))
	done
	if create_guest; then
		banner
		echo "Starting $G's console..."
		xl console "$G"
	else
		echo "The guest did not start: $note"
	fi
	banner
	while true; do
		setsid cttyhack /bin/bash -l
		echo "Shell exited.  Type 'poweroff -f' in a new shell to leave, or press Ctrl-a x."
	done
}
