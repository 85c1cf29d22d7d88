#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# check-config.sh FRAGMENT CONFIG: fail when Kconfig did not honour a line of
# the fragment (a typo, or an option whose dependencies are not met).
set -euo pipefail
frag=$1 config=$2
bad=0
while IFS= read -r line; do
	case "$line" in
	CONFIG_*=*)
		sym=${line%%=*} want=${line#*=} ;;
	"# CONFIG_"*" is not set")
		sym=${line#\# } sym=${sym%% *} want=n ;;
	*) continue ;;
	esac
	got=$(grep -E "^$sym=" "$config" | cut -d= -f2- || true)
	[ -n "$got" ] || got=n
	if [ "$got" != "$want" ]; then
		echo "config: $sym wanted $want, got $got" >&2
		bad=1
	fi
done < "$frag"
exit $bad
