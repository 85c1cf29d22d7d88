# SPDX-License-Identifier: GPL-2.0
# Our kernel as a PVH domU with two disks from dom0's blkback (sparse raw
# files): both disks at their sizes, the kernel's lines about them, a write
# back cache, 75 MiB of raw writes in mixed sizes, offsets and paths that
# dom0 finds byte for byte in the image and the guest reads back, a discard
# that frees the image's blocks, ext4 made, filled, fsck'd and read back,
# shutdown.  No network: the guest reports on its console only.
. /lab/lib.sh
. /lab/domu.sh
domu_blk_scenario pvh
