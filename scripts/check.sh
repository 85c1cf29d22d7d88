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
. "$TOP/lab/matrix.sh"

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

# attempt SCENARIO DOM0 GUEST TYPE: run one cell into $attempt_results.
attempt() {
	local rc=0
	: > "$attempt_results"
	LAB_RESULTS=$attempt_results "$TOP/lab/run.sh" "$@" || rc=$?
	if [ $rc -ne 0 ] && ! grep -q '^FAIL' "$attempt_results"; then
		echo "FAIL $1/runner: lab/run.sh $* exited with status $rc" >> "$attempt_results"
	fi
}

# How many times a cell may run when its failures are not our code's.
CHECK_ATTEMPTS=3

# cell SCENARIO TYPE DOM0 GUEST: run one cell; a runner that dies without
# reporting a failure (a missing package, a bad path) still counts as one.
# A failed cell runs again, up to CHECK_ATTEMPTS times in all, when the
# emulator's fault shows in its log (unless scenario.conf's no_fault_retry
# names the cell: there ours met the fault more often than Debian's), or
# when it only tests the lab (Debian's kernels in both places): the failed
# attempt's results are then kept apart, and one XFAIL line says why.
cell() {
	local log fault why nr n=1 name=$1/$2.$3.$4 t0
	attempt_results=$BUILD/attempt-results
	t0=$(date +%s)
	attempt "$1" "$3" "$4" "$2"
	while [ $n -lt $CHECK_ATTEMPTS ] && grep -q '^FAIL' "$attempt_results"; do
		log=$BUILD/logs/$1-$2.$3.$4.log
		fault=
		[ -f "$log" ] && fault=$(emulator_fault "$log")
		if [ -n "$fault" ] && nr=$(sc_no_fault_retry "$2.$3.$4"); then
			echo "  not run again after the emulator's fault: $nr"
			break
		elif [ -n "$fault" ]; then
			why="the emulator's fault ($fault)"
		elif [ "$3" = stock ] && [ "$4" = stock ]; then
			why="a failure of Debian's kernels, which test the lab only"
		else
			break
		fi
		cp "$log" "${log%.log}.attempt$n.log"
		echo "XFAIL $name/attempt-$n: $why; its results: $(grep -c '^FAIL' "$attempt_results") failed; serial log ${log%.log}.attempt$n.log; running it again" |
			tee -a "$results"
		sed "s/^/    attempt $n: /" "$attempt_results"
		n=$((n + 1))
		attempt "$1" "$3" "$4" "$2"
	done
	cat "$attempt_results" >> "$results"
	echo "$name $(($(date +%s) - t0))" >> "$times"
}

# The matrix: every cell of every scenario of the suites asked for.  A cell
# not run yet is one XFAIL line with its reason.
times=$BUILD/check-times
: > "$times"
suites=check
[ $all -eq 1 ] && suites="check check-all"
# shellcheck disable=SC2086
for s in $(sc_list $suites); do
	sc_load "$s"
	for c in $(sc_cells "$s"); do
		IFS=. read -r t d g <<< "$c"
		if why=$(sc_not_yet "$c"); then
			echo "XFAIL $s/$c/not-run: $why" | tee -a "$results"
		elif [ "$g" = ours ] || [ "$d" = ours ] && [ $built -eq 0 ]; then
			record FAIL "$s/$c/boot" "no kernel of ours to boot"
		else
			cell "$s" "$t" "$d" "$g"
		fi
	done
done

"$TOP/scripts/matrix-table.sh" "$results" "$times"

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
if grep -q '^SKIP' "$results"; then
	echo "Skipped (an earlier step of their cell failed, or they do not apply):"
	grep '^SKIP' "$results" | sed 's/^/  /'
fi
step "check finished; all results in $results"
echo "$npass passed, $nfail failed"
[ "$nfail" -eq 0 ]
exit
}
