#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# fault-rate.sh SCENARIO N [TYPE]: run one cell of SCENARIO N times with
# Debian's kernel as the guest and N times with ours (alternating, so both
# meet the machine in the same state), and say how often each met the
# emulator's fault (docs/lab-faults.md) and how often each failed without
# it.  The numbers go into docs/lab-faults.md; where ours meets the fault
# clearly more often than Debian's, the scenario.conf's no_fault_retry
# names the cell, and make check does not run it again after the fault.
set -uo pipefail
. "$(dirname "$0")/../scripts/lib.sh"
. "$TOP/lab/matrix.sh"

s=${1:?usage: fault-rate.sh SCENARIO N [TYPE]} n=${2:-5} type=${3:--}
sc_load "$s"
[ "$type" != - ] || type=${guest_types%% *}
d=stock
[ "$type" = native ] && d=none
out=$BUILD/fault-rate-$s-$type.txt
: > "$out"
declare -A faults fails
for k in stock ours; do
	faults[$k]=0 fails[$k]=0
done
for i in $(seq "$n"); do
	for k in stock ours; do
		LAB_RESULTS= "$TOP/lab/run.sh" "$s" stock "$k" "$type" > /dev/null 2>&1
		rc=$?
		log=$BUILD/logs/$s-$type.$d.$k.log
		f=$(emulator_fault "$log")
		if [ -n "$f" ]; then
			faults[$k]=$((faults[$k] + 1))
			cp "$log" "${log%.log}.fault$i.log"
			r="fault: $f"
		elif [ $rc -ne 0 ]; then
			fails[$k]=$((fails[$k] + 1))
			cp "$log" "${log%.log}.fail$i.log"
			r="failed without the fault"
		else
			r=passed
		fi
		echo "$s/$type.$d.$k run $i: $r" | tee -a "$out"
	done
done
for k in stock ours; do
	echo "$s/$type.$d.$k: the emulator's fault in ${faults[$k]} of $n runs, other failures in ${fails[$k]}" |
		tee -a "$out"
done
step "fault rates in $out"
