#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check: static checks, the kernel build, then every lab scenario.
# Each check is one result line (PASS/FAIL/XFAIL); the last line is the
# summary "N passed, N failed".  Exits non-zero when anything failed.
# --all adds the slow scenarios (PVH dom0 under UEFI).
set -uo pipefail
# Braces: bash reads the whole script before running it, so editing this
# file while a long run uses it cannot derail that run.
{
. "$(dirname "$0")/lib.sh"

all=0
[ "${1:-}" = --all ] && all=1
results=$BUILD/check-results
mkdir -p "$BUILD"
: > "$results"

record() {	# record PASS|FAIL NAME [WHY]
	echo "$1 $2${3:+: $3}" | tee -a "$results"
}

step "static checks"
"$TOP/scripts/static-checks.sh" >> "$results" 2>&1
grep -E '^(PASS|FAIL) static/' "$results" | sed 's/^/  /'

step "kernel build"
if "$TOP/scripts/build-kernel.sh"; then
	record PASS build/kernel
	# Warnings from our files, anywhere in the build (headers included).
	ours=$(cd "$TOP/src" && find . -type f | sed 's|^\./||' | paste -sd'|' | sed 's/\./\\./g')
	warn=$(grep -E "warning:" "$BUILD/kernel-build.log" | grep -E "($ours)" || true)
	if [ -z "$warn" ]; then
		record PASS build/no-warnings-from-our-files
	else
		echo "$warn" | head -20
		record FAIL build/no-warnings-from-our-files "$(echo "$warn" | wc -l) warnings"
	fi
	"$TOP/scripts/sparse-check.sh" >> "$results" 2>&1
	grep -E '^(PASS|FAIL) sparse/' "$results" | sed 's/^/  /'
	built=1
else
	record FAIL build/kernel "see $BUILD/kernel-build.log"
	built=0
fi

step "lab"
"$TOP/lab/assemble.sh" || record FAIL lab/assemble "see the messages above"

# Faults of the emulation rather than of any kernel (docs/lab-faults.md):
# Xen 4.17 on QEMU's emulated SVM now and then delivers an event to a guest
# vCPU with interrupts off, which triple-faults it or, inside the kernel's
# entry code, panics it.  Debian's kernels and ours alike.
emulator_fault() {	# emulator_fault LOG: print the signature found, if any
	tr -d '\r' < "$1" | grep -a -m1 -o -E \
		'd[1-9][0-9]*v[0-9]+ Triple fault|<ENTRY_TRAMPOLINE>' || true
}

# attempt NAME DOM0 GUEST: run one scenario into $attempt_results.
attempt() {
	local rc=0
	: > "$attempt_results"
	LAB_RESULTS=$attempt_results "$TOP/lab/run.sh" "$@" || rc=$?
	if [ $rc -ne 0 ] && ! grep -q '^FAIL' "$attempt_results"; then
		echo "FAIL $1/runner: lab/run.sh $* exited with status $rc" >> "$attempt_results"
	fi
}

# How many times a scenario may run when its failures are not our code's.
CHECK_ATTEMPTS=3

# scenario NAME DOM0 GUEST: run one; a runner that dies without reporting a
# failure (a missing package, a bad path) still counts as one.  A failed
# scenario runs again, up to CHECK_ATTEMPTS times in all, when the
# emulator's fault shows in its log, or when it only tests the lab
# (Debian's kernels in both places): the failed attempt's results are then
# kept apart, and one XFAIL line says why.
scenario() {
	local log fault why n=1
	attempt_results=$BUILD/attempt-results
	attempt "$@"
	while [ $n -lt $CHECK_ATTEMPTS ] && grep -q '^FAIL' "$attempt_results"; do
		# Its serial log: the newest of this scenario's (run.sh names it).
		log=$(ls -t "$BUILD/logs/$1-"*.log 2> /dev/null |
			grep -v -E '\.attempt[0-9]+\.log$' | head -n 1)
		fault=
		[ -n "$log" ] && fault=$(emulator_fault "$log")
		if [ -n "$fault" ]; then
			why="the emulator's fault ($fault)"
		elif [ "${2:-}" = stock ] && [ "${3:-}" = stock ]; then
			why="a failure of Debian's kernels, which test the lab only"
		else
			break
		fi
		cp "$log" "${log%.log}.attempt$n.log"
		echo "XFAIL $1/attempt-$n: $why; its results: $(grep -c '^FAIL' "$attempt_results") failed; serial log ${log%.log}.attempt$n.log; running it again" |
			tee -a "$results"
		sed "s/^/    attempt $n: /" "$attempt_results"
		n=$((n + 1))
		attempt "$@"
	done
	cat "$attempt_results" >> "$results"
}

if [ $built -eq 1 ]; then
	scenario native ours
else
	record FAIL native/boot "no kernel of ours to boot"
fi
for s in domu-pv domu-pvh domu-hvm; do
	scenario "$s" stock stock
done
# Our kernel as a domU: the core (no disk, no network), then with disks
# from blkback, then with a vif on netback.
if [ $built -eq 1 ]; then
	scenario domu-pvh-core stock ours
	scenario domu-pvh-blk stock ours
	scenario domu-pvh-net stock ours
else
	record FAIL domu-pvh-core/boot "no kernel of ours to boot"
	record FAIL domu-pvh-blk/boot "no kernel of ours to boot"
	record FAIL domu-pvh-net/boot "no kernel of ours to boot"
fi
if [ $all -eq 1 ]; then
	scenario pvh-dom0 stock stock
fi

npass=$(grep -c '^PASS' "$results")
nfail=$(grep -c '^FAIL' "$results")
nxfail=$(grep -c '^XFAIL' "$results")
echo
if [ "$nfail" -ne 0 ]; then
	echo "Failed checks:"
	grep '^FAIL' "$results" | sed 's/^/  /'
fi
if [ "$nxfail" -ne 0 ]; then
	echo "Expected failures (XFAIL, not counted as failed):"
	grep '^XFAIL' "$results" | sed 's/^/  /'
fi
step "check finished; all results in $results"
echo "$npass passed, $nfail failed"
[ "$nfail" -eq 0 ]
exit
}
