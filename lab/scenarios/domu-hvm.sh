# SPDX-License-Identifier: GPL-2.0
# An HVM domU with PV drivers (direct kernel boot through hvmloader and
# qemu-xen): console, disk, network, mem-set, save/restore, live migration.
. /lab/lib.sh
. /lab/domu.sh
domu_scenario hvm 400
