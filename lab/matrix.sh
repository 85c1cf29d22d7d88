# SPDX-License-Identifier: GPL-2.0
# The lab's scenarios and their cells, read from the folders in
# lab/scenarios/ (sourced by bash on the host: run.sh, check.sh).
#
# A scenario is a folder with scenario.conf (what it needs, below),
# dom0.sh (its steps in dom0) and guest.sh (its steps in the guest), or a
# scenario.conf whose `uses` names the folder whose halves it borrows.  A
# cell is one way to run it: TYPE.DOM0.GUEST, the guest type and the
# kernels in dom0 and in the guest, e.g. pvh.stock.ours.
#
# scenario.conf, sourced by sh:
#   guest_types    pv pvh hvm (or native: our kernel without Xen)
#   guest_kernels  stock ours
#   dom0_kernels   stock
#   suite          check (make check), check-all, or manual
#   vcpus, memory  the guest's, memory in MiB
#   disks          VDEV:SIZE ..., sparse images, e.g. "xvda:64M", or
#                  VDEV:SIZEM:full for an image written with zeros
#   vifs           0 or 1: a vif on xenbr0
#   timeout        seconds the whole cell may take
#   tools          programs the guest initramfs needs beyond busybox
#   guest_cmdline  more for the guest kernel's command line
#   compare        kernels a benchmark boots one after the other
#   dom0_mode      pv (default), or pvh: Xen from OVMF, dom0 in PVH
#   uses           another scenario whose dom0.sh and guest.sh it runs
#   not_yet        "CELL - WHY" lines: cells not run yet, and why
#   xfail          "CELL CHECK WHY" lines: checks expected to fail
#   no_fault_retry "CELL - WHY" lines: cells make check does not run again
#                  after the emulator's fault, because our kernel met it
#                  clearly more often than Debian's there (make fault-rate)
# CELL and CHECK in the last three are shell patterns.

SCENARIOS=$TOP/lab/scenarios
SC_KEYS="guest_types guest_kernels dom0_kernels suite vcpus memory disks vifs timeout
	 tools compare dom0_mode uses not_yet xfail no_fault_retry guest_cmdline"

# sc_load NAME: set the SC_KEYS variables from NAME's scenario.conf.
sc_load() {
	local k
	[ -f "$SCENARIOS/$1/scenario.conf" ] || die "no scenario $1 in lab/scenarios/"
	for k in $SC_KEYS; do
		unset "$k"
	done
	# shellcheck disable=SC1090
	. "$SCENARIOS/$1/scenario.conf"
	: "${guest_types:=pvh}" "${guest_kernels:=stock}" "${dom0_kernels:=stock}"
	: "${suite:=manual}" "${timeout:=900}" "${dom0_mode:=pv}" "${uses:=$1}"
}

# sc_list SUITE...: the scenarios of those suites, in name order.
sc_list() {
	local d s
	for d in "$SCENARIOS"/*/; do
		d=$(basename "$d")
		s=$(sc_load "$d"; echo "$suite")
		case " $* " in *" $s "*) echo "$d" ;; esac
	done
}

# sc_cells NAME: its cells, one a line (after sc_load NAME).
sc_cells() {
	local t d g
	for t in $guest_types; do
		for d in $dom0_kernels; do
			[ "$t" = native ] && d=none
			for g in $guest_kernels; do
				echo "$t.$d.$g"
			done
		done
	done | awk '!seen[$0]++'
}

# sc_match LINES CELL CHECK: the WHY of the first of LINES (a text of
# "CELL CHECK WHY" lines) whose patterns match; false when none does.
sc_match() {
	local c k w
	while read -r c k w; do
		[ -n "$c" ] || continue
		# shellcheck disable=SC2254
		case "$2" in $c) ;; *) continue ;; esac
		# shellcheck disable=SC2254
		case "$3" in $k) echo "$w"; return 0 ;; esac
	done <<< "$1"
	return 1
}

# sc_not_yet CELL: why the cell is not run yet; false when it runs.
sc_not_yet() {
	sc_match "${not_yet:-}" "$1" -
}

# sc_no_fault_retry CELL: why the emulator's fault does not excuse a
# failure of CELL; false when it does.
sc_no_fault_retry() {
	sc_match "${no_fault_retry:-}" "$1" -
}

# sc_xfail RESULTS: RESULTS (PASS/FAIL lines of this scenario's checks,
# SCENARIO/CELL/CHECK) with each expected failure turned into an XFAIL.
sc_xfail() {
	local r name why cell check
	while IFS= read -r r; do
		case "$r" in
		FAIL\ */*/*)
			name=${r#FAIL } name=${name%%:*}
			cell=${name#*/} check=${cell#*/} cell=${cell%%/*}
			if why=$(sc_match "${xfail:-}" "$cell" "$check"); then
				r="XFAIL $name: $why (${r#*: })"
			fi
			;;
		esac
		echo "$r"
	done < "$1"
}
