/* SPDX-License-Identifier: MIT */
/*
 * Core Xen guest ABI: hypercall numbers, virtual IRQs, domain IDs and the
 * shared_info / vcpu_info / start_info pages, as described by Xen's public
 * header <xen/xen.h>.
 */
#ifndef _XEN_INTERFACE_XEN_H
#define _XEN_INTERFACE_XEN_H

#include <linux/bits.h>
#include <linux/const.h>
#include <asm/xen/interface.h>
#include <asm/pvclock-abi.h>

/* Hypercall numbers (index into the hypercall page, 32 bytes each). */
#define __HYPERVISOR_set_trap_table		0
#define __HYPERVISOR_mmu_update			1
#define __HYPERVISOR_set_gdt			2
#define __HYPERVISOR_stack_switch		3
#define __HYPERVISOR_set_callbacks		4
#define __HYPERVISOR_fpu_taskswitch		5
#define __HYPERVISOR_sched_op_compat		6	/* superseded by sched_op */
#define __HYPERVISOR_platform_op		7
#define __HYPERVISOR_set_debugreg		8
#define __HYPERVISOR_get_debugreg		9
#define __HYPERVISOR_update_descriptor		10
#define __HYPERVISOR_memory_op			12
#define __HYPERVISOR_multicall			13
#define __HYPERVISOR_update_va_mapping		14
#define __HYPERVISOR_set_timer_op		15
#define __HYPERVISOR_event_channel_op_compat	16	/* superseded by event_channel_op */
#define __HYPERVISOR_xen_version		17
#define __HYPERVISOR_console_io			18
#define __HYPERVISOR_physdev_op_compat		19	/* superseded by physdev_op */
#define __HYPERVISOR_grant_table_op		20
#define __HYPERVISOR_vm_assist			21
#define __HYPERVISOR_update_va_mapping_otherdomain 22
#define __HYPERVISOR_iret			23	/* x86 PV only */
#define __HYPERVISOR_vcpu_op			24
#define __HYPERVISOR_set_segment_base		25	/* x86_64 PV only */
#define __HYPERVISOR_mmuext_op			26
#define __HYPERVISOR_xsm_op			27
#define __HYPERVISOR_nmi_op			28
#define __HYPERVISOR_sched_op			29
#define __HYPERVISOR_callback_op		30
#define __HYPERVISOR_xenoprof_op		31
#define __HYPERVISOR_event_channel_op		32
#define __HYPERVISOR_physdev_op			33
#define __HYPERVISOR_hvm_op			34
#define __HYPERVISOR_sysctl			35
#define __HYPERVISOR_domctl			36
#define __HYPERVISOR_kexec_op			37
#define __HYPERVISOR_tmem_op			38
#define __HYPERVISOR_argo_op			39
#define __HYPERVISOR_xenpmu_op			40
#define __HYPERVISOR_dm_op			41
#define __HYPERVISOR_hypfs_op			42

/* Architecture-specific hypercalls. */
#define __HYPERVISOR_arch_0			48
#define __HYPERVISOR_arch_1			49
#define __HYPERVISOR_arch_2			50
#define __HYPERVISOR_arch_3			51
#define __HYPERVISOR_arch_4			52
#define __HYPERVISOR_arch_5			53
#define __HYPERVISOR_arch_6			54
#define __HYPERVISOR_arch_7			55

/*
 * Virtual interrupts, bound to event channels with EVTCHNOP_bind_virq.
 * Per-vCPU ones are bound on each vCPU; global ones once, on vCPU 0.
 */
#define VIRQ_TIMER		0	/* per-vCPU: timer expired */
#define VIRQ_DEBUG		1	/* per-vCPU: dump debug state */
#define VIRQ_CONSOLE		2	/* global, dom0: emergency console input */
#define VIRQ_DOM_EXC		3	/* global, dom0: a domain needs attention */
#define VIRQ_TBUF		4	/* global, dom0: trace buffer has data */
#define VIRQ_DEBUGGER		6	/* global, dom0: a domain paused for debugging */
#define VIRQ_XENOPROF		7	/* per-vCPU: oprofile sample available */
#define VIRQ_CON_RING		8	/* global, dom0: console ring has data */
#define VIRQ_PCPU_STATE		9	/* global, dom0: physical CPU state changed */
#define VIRQ_MEM_EVENT		10	/* global, dom0: memory event */
#define VIRQ_ARGO		11	/* global: Argo message notification */
#define VIRQ_ENOMEM		12	/* global, dom0: Xen heap is low */
#define VIRQ_XENPMU		13	/* per-vCPU: PMU interrupt */

#define VIRQ_ARCH_0		16
#define VIRQ_ARCH_1		17
#define VIRQ_ARCH_2		18
#define VIRQ_ARCH_3		19
#define VIRQ_ARCH_4		20
#define VIRQ_ARCH_5		21
#define VIRQ_ARCH_6		22
#define VIRQ_ARCH_7		23

#define NR_VIRQS		24

/*
 * __HYPERVISOR_mmu_update: the low 2 bits of mmu_update.ptr select the
 * operation, the rest is the machine address to act on.
 */
#define MMU_NORMAL_PT_UPDATE		0	/* checked *ptr = val */
#define MMU_MACHPHYS_UPDATE		1	/* M2P entry of frame ptr := val */
#define MMU_PT_UPDATE_PRESERVE_AD	2	/* as NORMAL, keeping accessed/dirty */
#define MMU_PT_UPDATE_NO_TRANSLATE	3	/* as NORMAL, val never translated */

/* __HYPERVISOR_mmuext_op commands (struct mmuext_op.cmd). */
#define MMUEXT_PIN_L1_TABLE		0
#define MMUEXT_PIN_L2_TABLE		1
#define MMUEXT_PIN_L3_TABLE		2
#define MMUEXT_PIN_L4_TABLE		3
#define MMUEXT_UNPIN_TABLE		4
#define MMUEXT_NEW_BASEPTR		5
#define MMUEXT_TLB_FLUSH_LOCAL		6
#define MMUEXT_INVLPG_LOCAL		7
#define MMUEXT_TLB_FLUSH_MULTI		8
#define MMUEXT_INVLPG_MULTI		9
#define MMUEXT_TLB_FLUSH_ALL		10
#define MMUEXT_INVLPG_ALL		11
#define MMUEXT_FLUSH_CACHE		12
#define MMUEXT_SET_LDT			13
#define MMUEXT_NEW_USER_BASEPTR		15
#define MMUEXT_CLEAR_PAGE		16
#define MMUEXT_COPY_PAGE		17
#define MMUEXT_FLUSH_CACHE_GLOBAL	18
#define MMUEXT_MARK_SUPER		19
#define MMUEXT_UNMARK_SUPER		20

/* __HYPERVISOR_update_va_mapping flags: TLB flush type and scope. */
#define UVMF_NONE		(_AC(0, UL) << 0)
#define UVMF_TLB_FLUSH		(_AC(1, UL) << 0)
#define UVMF_INVLPG		(_AC(2, UL) << 0)
#define UVMF_FLUSHTYPE_MASK	(_AC(3, UL) << 0)
#define UVMF_MULTI		(_AC(0, UL) << 2)	/* or'ed with a vCPU mask pointer */
#define UVMF_LOCAL		(_AC(0, UL) << 2)
#define UVMF_ALL		(_AC(1, UL) << 2)

/* __HYPERVISOR_console_io commands. */
#define CONSOLEIO_write		0
#define CONSOLEIO_read		1

/* __HYPERVISOR_vm_assist commands and assist types. */
#define VMASST_CMD_enable			0
#define VMASST_CMD_disable			1
#define VMASST_TYPE_4gb_segments		0
#define VMASST_TYPE_4gb_segments_notify		1
#define VMASST_TYPE_writable_pagetables		2
#define VMASST_TYPE_pae_extended_cr3		3
#define VMASST_TYPE_architectural_iopl		4
#define VMASST_TYPE_runstate_update_flag	5
#define VMASST_TYPE_m2p_strict			32

/* Reserved domain IDs. */
#define DOMID_FIRST_RESERVED	_AC(0x7FF0, U)
#define DOMID_SELF		_AC(0x7FF0, U)	/* the calling domain */
#define DOMID_IO		_AC(0x7FF1, U)	/* owner of I/O memory */
#define DOMID_XEN		_AC(0x7FF2, U)	/* Xen itself */
#define DOMID_COW		_AC(0x7FF3, U)	/* owner of shared copy-on-write pages */
#define DOMID_INVALID		_AC(0x7FF4, U)
#define DOMID_IDLE		_AC(0x7FFF, U)
#define DOMID_MASK		_AC(0x7FFF, U)

/* start_info.flags */
#define SIF_PRIVILEGED		BIT(0)	/* privileged domain */
#define SIF_INITDOMAIN		BIT(1)	/* initial control domain (dom0) */
#define SIF_MULTIBOOT_MOD	BIT(2)	/* mod_start is a multiboot module list */
#define SIF_MOD_START_PFN	BIT(3)	/* mod_start is a PFN, not an address */
#define SIF_VIRT_P2M_4TOOLS	BIT(4)	/* tools understand the linear p2m list */
#define SIF_PM_MASK		(0xFF << 8)	/* reserved for power management */

#define MAX_GUEST_CMDLINE	1024

#ifndef __ASSEMBLY__

typedef uint16_t domid_t;

/* Opaque 16-byte domain handle, normally the domain's UUID. */
typedef uint8_t xen_domain_handle_t[16];

/* One page table update for __HYPERVISOR_mmu_update. */
struct mmu_update {
	uint64_t ptr;		/* machine address of the PTE, plus MMU_* command */
	uint64_t val;		/* new PTE contents */
};

DEFINE_GUEST_HANDLE_STRUCT(mmu_update);

/* One extended MMU operation for __HYPERVISOR_mmuext_op. */
struct mmuext_op {
	unsigned int cmd;	/* MMUEXT_* */
	union {
		xen_pfn_t mfn;			/* (UN)PIN, NEW_*BASEPTR, CLEAR/COPY_PAGE */
		unsigned long linear_addr;	/* INVLPG_*, SET_LDT */
	} arg1;
	union {
		GUEST_HANDLE(const_void) vcpumask; /* TLB_FLUSH_MULTI, INVLPG_MULTI */
		unsigned int nr_ents;		/* SET_LDT */
		xen_pfn_t src_mfn;		/* COPY_PAGE */
	} arg2;
};

DEFINE_GUEST_HANDLE_STRUCT(mmuext_op);

/* One entry of a __HYPERVISOR_multicall batch. */
struct multicall_entry {
	xen_ulong_t op;		/* hypercall number */
	xen_ulong_t result;	/* return value, filled in by Xen */
	xen_ulong_t args[6];
};

DEFINE_GUEST_HANDLE_STRUCT(multicall_entry);

/*
 * Per-vCPU data shared with Xen (64 bytes). Either one of the legacy slots
 * in shared_info or placed by the guest with VCPUOP_register_vcpu_info.
 */
struct vcpu_info {
	/* Set by Xen when an event is pending; cleared by the guest before scanning. */
	uint8_t evtchn_upcall_pending;
	/* Non-zero: no upcall is delivered to this vCPU (its "interrupt flag"). */
	uint8_t evtchn_upcall_mask;
	/* Bit N set: word N of shared_info.evtchn_pending may have work. */
	xen_ulong_t evtchn_pending_sel;
	struct arch_vcpu_info arch;
	/* Xen's vcpu_time_info; same layout as the pvclock ABI. */
	struct pvclock_vcpu_time_info time;
};

/* Page shared between Xen and the guest, one per domain. */
struct shared_info {
	struct vcpu_info vcpu_info[MAX_VIRT_CPUS];
	/* 2-level event channel bitmaps, indexed by port number. */
	xen_ulong_t evtchn_pending[sizeof(xen_ulong_t) * 8];
	xen_ulong_t evtchn_mask[sizeof(xen_ulong_t) * 8];
	/*
	 * Wall clock time at system time 0 (Xen's wc_version, wc_sec and
	 * wc_nsec), plus the upper 32 bits of the seconds.
	 */
	struct pvclock_wall_clock wc;
	uint32_t wc_sec_hi;
	struct arch_shared_info arch;
};

/* Start-of-day information handed to a PV guest. */
struct start_info {
	/* Filled in on initial boot and on resume. */
	char magic[32];			/* "xen-<version>-<platform>" */
	unsigned long nr_pages;		/* pages allocated to the domain */
	unsigned long shared_info;	/* machine address of shared_info */
	uint32_t flags;			/* SIF_* */
	xen_pfn_t store_mfn;		/* MFN of the xenstore ring page */
	uint32_t store_evtchn;		/* event channel of the xenstore ring */
	union {
		struct {
			xen_pfn_t mfn;		/* MFN of the console ring page */
			uint32_t evtchn;	/* event channel of the console */
		} domU;
		struct {
			uint32_t info_off;	/* VGA console info: offset from start_info */
			uint32_t info_size;	/* and its size */
		} dom0;
	} console;
	/* Filled in on initial boot only. */
	unsigned long pt_base;		/* virtual address of the top page table */
	unsigned long nr_pt_frames;	/* number of bootstrap page table frames */
	unsigned long mfn_list;		/* virtual address of the p2m list */
	unsigned long mod_start;	/* initrd: virtual address, or PFN (SIF_MOD_START_PFN) */
	unsigned long mod_len;		/* initrd size in bytes */
	int8_t cmd_line[MAX_GUEST_CMDLINE];
	/* PFN range holding the initial page tables and p2m list. */
	unsigned long first_p2m_pfn;
	unsigned long nr_p2m_frames;
};

#endif /* !__ASSEMBLY__ */

#endif /* _XEN_INTERFACE_XEN_H */
