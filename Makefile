# SPDX-License-Identifier: GPL-2.0
#
# Xen support for Linux 6.12, written anew: the base tree, our kernel build,
# and the Xen-in-QEMU lab that proves it.  `make help` lists the targets.

SHELL := /bin/bash
S ?= domu-pvh
DOM0 ?=
GUEST ?=

.PHONY: help base update-base kernel lab run check check-all scenario series bench-blk bench-net clean

help:
	@echo "make run        boot the demo: Xen in QEMU with a shell in dom0 (Ctrl-a x leaves)"
	@echo "make check      static checks, kernel build, every lab scenario; ends 'N passed, N failed'"
	@echo "make check-all  make check plus the slow scenarios (PVH dom0 under UEFI)"
	@echo "make scenario S=NAME [DOM0=stock|ours|PATH] [GUEST=stock|ours|PATH]"
	@echo "                run one scenario: native, domu-pv, domu-pvh, domu-hvm, pvh-dom0,"
	@echo "                domu-pvh-core (our kernel as a PVH guest without disk/network),"
	@echo "                domu-pvh-blk (our kernel as a PVH guest with two blkback disks),"
	@echo "                domu-pvh-net (our kernel as a PVH guest with a vif on netback)"
	@echo "make bench-blk  blkfront throughput, ours vs Debian's stock kernel, as ratios"
	@echo "make bench-net  netfront TCP throughput both ways, ours vs Debian's, as ratios"
	@echo "make base       the stripped base tree in build/linux (Debian's source as base/pins names it)"
	@echo "make update-base  move base/pins to Debian's newest source, stock kernel and Xen"
	@echo "make kernel     build our kernel (build/obj/arch/x86/boot/bzImage)"
	@echo "make lab        assemble Xen, the toolstack and the stock kernel from Debian packages"
	@echo "make series     export our files as a patch series against the base (build/series)"

base:
	@base/prepare.sh

update-base:
	@scripts/update-base.sh

kernel:
	@scripts/build-kernel.sh

lab:
	@lab/assemble.sh

run:
	@lab/assemble.sh
	@lab/run.sh shell $(or $(DOM0),stock) $(or $(GUEST),stock)

scenario:
	@lab/run.sh $(S) $(DOM0) $(GUEST)

check:
	@scripts/check.sh

check-all:
	@scripts/check.sh --all

series:
	@scripts/export-series.sh

bench-blk:
	@scripts/build-kernel.sh
	@lab/run.sh bench-blk

bench-net:
	@scripts/build-kernel.sh
	@lab/run.sh bench-net

clean:
	rm -rf build
