# SPDX-License-Identifier: GPL-2.0
#
# Xen support for Linux 6.12, written anew: the base tree, our kernel build,
# and the Xen-in-QEMU lab that proves it.  `make help` lists the targets.

SHELL := /bin/bash
S ?= lifecycle
N ?= 5
DOM0 ?=
GUEST ?=

.PHONY: help base update-base kernel lab run check check-all scenario scenarios series upstream bench-blk bench-net fault-rate clean

help:
	@echo "make run        boot the demo: Xen in QEMU, our kernel as a PVH guest, its console"
	@echo "                (DOM0=, GUEST= stock|ours|PATH choose the kernels)"
	@echo "make check      static checks, kernel build, every lab cell of make check; ends 'N passed, N failed'"
	@echo "make check-all  make check plus the slow scenarios (PVH dom0 under UEFI)"
	@echo "make scenario S=NAME [DOM0=K] [GUEST=K] [TYPE=pv|pvh|hvm]"
	@echo "                run one cell of a scenario (a folder of lab/scenarios/); K is"
	@echo "                stock, ours, upstream or a bzImage path; defaults from its scenario.conf"
	@echo "make scenarios  list the scenarios and their cells"
	@echo "make bench-blk  blkfront throughput (fio): ours against Debian's kernel and upstream, as ratios"
	@echo "make bench-net  netfront TCP throughput (iperf3) both ways, likewise"
	@echo "make upstream   build the peer 'upstream': Debian's source unstripped, our config"
	@echo "make fault-rate S=NAME [TYPE=..] [N=5]  boot a scenario N times with each kernel"
	@echo "                as the guest; how often each met the emulator's fault"
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
	@scripts/build-kernel.sh
	@lab/assemble.sh
	@lab/run.sh shell $(or $(DOM0),-) $(or $(GUEST),-)

scenario:
	@lab/run.sh $(S) $(or $(DOM0),-) $(or $(GUEST),-) $(or $(TYPE),-)

check:
	@scripts/check.sh

check-all:
	@scripts/check.sh --all

series:
	@scripts/export-series.sh

scenarios:
	@lab/list.sh

upstream:
	@scripts/build-upstream.sh

bench-blk:
	@scripts/build-kernel.sh
	@scripts/build-upstream.sh
	@lab/run.sh bench-blk

bench-net:
	@scripts/build-kernel.sh
	@scripts/build-upstream.sh
	@lab/run.sh bench-net

fault-rate:
	@scripts/build-kernel.sh
	@lab/fault-rate.sh $(S) $(N) $(or $(TYPE),-)

clean:
	rm -rf build
