#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# sparse (make C=2) over the objects built from our code, or including our
# headers.  Prints one PASS/FAIL line per object.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

need_pkgs sparse
# Until the guest core lands, KVM's Xen emulation is the only object built
# on our (ABI) headers.
objs="arch/x86/kvm/xen.o"
for o in $objs; do
	if ! out=$(kmake -s C=2 "$o" 2>&1); then
		echo "$out" | tail -n 20
		echo "FAIL sparse/$o: make C=2 $o failed"
		continue
	fi
	# Keep what sparse says about our files or this object's source.
	ours=$(echo "$out" | grep -E "^[^ ]*(${o%.o}\.c|include/xen/|asm/xen/)[^ ]*:[0-9]+:" || true)
	if [ -z "$ours" ]; then
		echo "PASS sparse/$o"
	else
		echo "$ours" | head -20
		echo "FAIL sparse/$o: $(echo "$ours" | wc -l) sparse messages"
	fi
done
