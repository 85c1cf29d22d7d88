# SPDX-License-Identifier: GPL-2.0
# A PV domU: console, disk, network, mem-set, save/restore.  PV live
# migration needs log-dirty paging for PV guests, i.e. shadow paging, which
# Debian's Xen 4.17 is built without: an expected failure.
. /lab/lib.sh
. /lab/domu.sh
domu_scenario pv 180 "PV log-dirty needs shadow paging, absent from Debian's Xen"
