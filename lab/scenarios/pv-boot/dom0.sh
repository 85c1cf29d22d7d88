# SPDX-License-Identifier: GPL-2.0
# dom0's half of the pv-boot scenario: each step waits for one milestone
# of the PV boot in the guest's console log, in boot order.

# reached SECONDS PATTERN WHAT: wait for PATTERN (grep -E) in the console.
reached() {
	wait_until "$1" grep -q -E -e "$2" "$LAB_CONSOLE_LOGS/guest-$G.log" && return
	why "$3 not seen in the guest's console within $1 s"
	return 2
}

step_create() {
	create_guest
}

# startup_xen ran, found its console ring through start_info and the M2P,
# and made hypercalls through the hypercall page.
step_pv_entry() {
	reached 60 "xen: PV guest entered" "the PV entry's first message"
}

# The kernel's own page tables are pinned and loaded.
step_own_page_tables() {
	reached 30 "xen: on the kernel's page tables" "the switch to the kernel's page tables"
}

# start_kernel() ran and earlyprintk=xen printed its log through the ring.
step_start_kernel() {
	reached 60 "Linux version" "start_kernel()'s banner (earlyprintk=xen)"
}

# The memory map from XENMEM_memory_map, cut to the P2M.
step_memory_map() {
	reached 30 "Xen: \[mem 0x0+-0x[0-9a-f]+\] usable" "the Xen memory map"
}

# Exceptions reach the kernel through the trap table: the early #GP of
# a refused MSR write would otherwise kill the domain.
step_hypervisor_detected() {
	reached 30 "Hypervisor detected: Xen PV" "the hypervisor detection"
}

# Page tables for all memory, the per-CPU areas and the page allocator.
step_page_allocator() {
	reached 60 "Built 1 zonelists" "the page allocator"
}

# The alternatives applied: the native paths with CLI and WRMSR are gone.
step_alternatives() {
	reached 60 "Freeing SMP alternatives memory" "the alternatives"
}

# Event channels, the Xen clock and timer, and the console ring as hvc0.
step_hvc0() {
	reached 60 "printk: legacy console \[hvc0\] enabled" "hvc0"
}

# User space: the first exec needs the user page tables of x86_64 PV.
step_boot() {
	boot_guest 60
}
