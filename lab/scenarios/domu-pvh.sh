# SPDX-License-Identifier: GPL-2.0
# A PVH domU: console, disk, network, mem-set, save/restore, live migration.
. /lab/lib.sh
. /lab/domu.sh
domu_scenario pvh 180
