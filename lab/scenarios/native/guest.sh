# SPDX-License-Identifier: GPL-2.0
# The native boot's one step: init ran (its output is the serial console).

native_main() {
	echo "native init reached: $(uname -r), $(nproc) cpus"
	echo "LAB: PASS $(arg lab.cell)/boot-to-init"
	echo "LAB: DONE"
}
