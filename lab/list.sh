#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make scenarios: each scenario of lab/scenarios/, its suite and its cells,
# with the reason of each cell that is not run yet.
set -euo pipefail
. "$(dirname "$0")/../scripts/lib.sh"
. "$TOP/lab/matrix.sh"

for s in $(sc_list check check-all manual); do
	sc_load "$s"
	echo "$s ($suite; up to ${timeout}s a cell)"
	for c in $(sc_cells "$s"); do
		if why=$(sc_not_yet "$c"); then
			echo "  $c: not yet: $why"
		else
			echo "  $c"
		fi
	done
done
