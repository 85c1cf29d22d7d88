# SPDX-License-Identifier: GPL-2.0
# Our kernel as a PVH domU with a vif on dom0's netback (bridge xenbr0):
# pings, 256 MiB each way over TCP, as many queues as netback offers (up
# to the guest's two vCPUs), MTU 9000, a second vif attached and detached
# under traffic.
. /lab/lib.sh
. /lab/domu.sh
domu_net_scenario pvh
