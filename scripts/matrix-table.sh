#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# matrix-table.sh RESULTS TIMES: the lab's results as a table: a row per
# scenario, a column per cell (guest type . dom0 kernel . guest kernel),
# each "passed/failed/expected failures" and the cell's time, "-" where
# the scenario has no such cell and "not yet" where it is not run yet.
set -euo pipefail
results=$1 times=$2
awk -v times="$times" '
	BEGIN {
		while ((getline l < times) > 0) {
			split(l, f, " ")
			secs[f[1]] = f[2]
		}
	}
	/^(PASS|FAIL|XFAIL|SKIP) [^ ]+\/[^ ]+\/[^ ]+/ {
		name = $2
		sub(/:$/, "", name)
		n = split(name, p, "/")
		if (n < 3 || p[1] == "static" || p[1] == "build" || p[1] == "sparse")
			next
		s = p[1]
		c = p[2]
		if (!(s in srow)) { srow[s] = ++ns; sname[ns] = s }
		if (!(c in ccol)) { ccol[c] = ++nc; cname[nc] = c }
		k = s SUBSEP c
		seen[k] = 1
		if (p[3] == "not-run") { notyet[k] = 1; next }
		if (p[3] ~ /^attempt-/) { retried[k]++; next }
		count[k, $1]++
	}
	END {
		if (!ns)
			exit
		printf "\n%-12s", "scenario"
		for (j = 1; j <= nc; j++)
			printf " %-16s", cname[j]
		printf "\n"
		for (i = 1; i <= ns; i++) {
			printf "%-12s", sname[i]
			for (j = 1; j <= nc; j++) {
				k = sname[i] SUBSEP cname[j]
				if (!(k in seen))
					v = "-"
				else if (k in notyet)
					v = "not yet"
				else {
					v = (count[k, "PASS"] + 0) "/" (count[k, "FAIL"] + 0) "/" (count[k, "XFAIL"] + 0)
					t = secs[sname[i] "/" cname[j]]
					if (t != "")
						v = v " " t "s"
					if (retried[k])
						v = v "*"
				}
				printf " %-16s", v
			}
			printf "\n"
		}
		printf "\npassed/failed/expected failures and seconds per cell; * ran again (after the emulator'"'"'s fault, or Debian'"'"'s kernels in both places)\n"
	}' "$results"
