# SPDX-License-Identifier: GPL-2.0
# Our kernel as a PVH domU before it has disk or network frontends: console,
# guest type, two vCPUs, the xen clocksource, the UUID, xenstore writes,
# watches and reads, the clock against dom0's, sysrq, reboot and shutdown.
# The guest talks to dom0 only through its console log and xenstore.
. /lab/lib.sh
. /lab/domu.sh
domu_core_scenario pvh
