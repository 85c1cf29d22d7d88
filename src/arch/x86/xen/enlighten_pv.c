// SPDX-License-Identifier: GPL-2.0
/*
 * The PV guest: from Xen's entry to start_kernel(), and the CPU and
 * interrupt-flag pv_ops.
 *
 * A PV kernel runs in ring 3 of a 64-bit address space Xen shares with
 * it.  Whatever needs ring 0 is a hypercall: the IDT is a trap table Xen
 * keeps, the GDT lives in frames Xen has checked and made read-only, the
 * kernel stack for the next ring switch is told to Xen, and "interrupts
 * off" is the vCPU's event mask in its vcpu_info, which Xen reads before
 * delivering an event.  The pv_ops below route each of these to Xen; on
 * bare metal and in HVM containers they are never installed.
 *
 * Trust: Xen is trusted.  Nothing here reads data from another domain.
 */
#include <linux/acpi.h>
#include <linux/console.h>
#include <linux/export.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/percpu.h>
#include <linux/string.h>
#include <asm/bootparam.h>
#include <asm/desc.h>
#include <asm/hypervisor.h>
#include <asm/idtentry.h>
#include <asm/irq.h>
#include <asm/irq_regs.h>
#include <asm/paravirt.h>
#include <asm/pci_x86.h>
#include <asm/proto.h>
#include <asm/sections.h>
#include <asm/setup.h>
#include <asm/traps.h>
#include <asm/x86_init.h>
#include <asm/xen/hypercall.h>
#include <asm/xen/hypervisor.h>
#include <xen/events.h>
#include <xen/interface/event_channel.h>
#include <xen/interface/io/console.h>
#include <xen/interface/sched.h>
#include <xen/interface/vcpu.h>
#include <xen/interface/version.h>
#include <xen/xen-guest.h>
#include <xen/xen.h>

#include "pv-internal.h"
#include "xen-core.h"

struct start_info *xen_start_info __ro_after_init;
EXPORT_SYMBOL_GPL(xen_start_info);

/* Written by startup_xen before anything else; see hypercall.h. */
bool xen_hypercall_use_page __ro_after_init;
EXPORT_SYMBOL_GPL(xen_hypercall_use_page);

/*
 * Raw console output for the first steps, before printk has a console:
 * straight into the console ring the toolstack gave us (dom0 has none and
 * writes through HYPERVISOR_console_io instead).  The ring page is part
 * of the bootstrap mapping, so no mapping is needed; a full ring waits
 * for xenconsoled a bounded number of times, then output is dropped.
 */
static struct xencons_interface *early_cons __initdata;
static evtchn_port_t early_cons_port __initdata;

static void __init early_cons_write(const char *s, size_t n)
{
	struct xencons_interface *c = early_cons;
	struct evtchn_send send = { .port = early_cons_port };
	XENCONS_RING_IDX cons, prod;
	unsigned int waits = 0;

	if (!c) {
		HYPERVISOR_console_io(CONSOLEIO_write, n, s);
		return;
	}
	while (n) {
		cons = READ_ONCE(c->out_cons);
		prod = c->out_prod;
		if (prod - cons > sizeof(c->out))
			return;		/* indices make no sense: give up */
		while (n && prod - cons < sizeof(c->out)) {
			c->out[XENCONS_RING_OFFSET(c->out, prod++)] = *s++;
			n--;
		}
		/* The bytes first, then the index that hands them over. */
		virt_wmb();
		WRITE_ONCE(c->out_prod, prod);
		HYPERVISOR_event_channel_op(EVTCHNOP_send, &send);
		if (n && ++waits > 1000)
			return;
		if (n)
			HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	}
}

void __init xen_pv_early_puts(const char *s)
{
	early_cons_write(s, strlen(s));
}

void __init xen_pv_early_hex(const char *what, unsigned long value)
{
	char buf[80];

	snprintf(buf, sizeof(buf), "xen: %s %#lx\n", what, value);
	xen_pv_early_puts(buf);
}

void __init xen_pv_early_fail(const char *why, long err)
{
	struct sched_shutdown crash = { .reason = SHUTDOWN_crash };
	char buf[120];

	snprintf(buf, sizeof(buf), "xen: PV boot failed: %s (%ld)\n", why, err);
	xen_pv_early_puts(buf);
	for (;;)
		HYPERVISOR_sched_op(SCHEDOP_shutdown, &crash);
}

/* The console ring is a bootstrap page: frame N at __START_KERNEL_map + N pages. */
static void __init early_cons_init(const struct start_info *si)
{
	unsigned long pfn;

	if (si->flags & SIF_INITDOMAIN)
		return;
	pfn = xen_mfn_to_pfn(si->console.domU.mfn);
	if (pfn >= si->nr_pages)
		return;
	early_cons = (void *)(__START_KERNEL_map + (pfn << PAGE_SHIFT));
	early_cons_port = si->console.domU.evtchn;
}

/*
 * shared_info is Xen's page, given by machine address: map it over a page
 * of our BSS, whose own frame stays reserved with the kernel image.
 */
static u8 shared_info_page[PAGE_SIZE] __page_aligned_bss;

static void __init xen_pv_map_shared_info(const struct start_info *si)
{
	u64 pte = (si->shared_info & PTE_PFN_MASK) | _PAGE_PRESENT | _PAGE_RW |
		  _PAGE_ACCESSED | _PAGE_DIRTY;
	int ret;

	ret = HYPERVISOR_update_va_mapping((unsigned long)shared_info_page,
					   pte, UVMF_INVLPG);
	if (ret)
		xen_pv_early_fail("cannot map shared_info", ret);
	xen_shared_info = (struct shared_info *)shared_info_page;
	/* Until VCPUOP_register_vcpu_info moves it: the legacy slot. */
	this_cpu_write(xen_vcpu_info, &xen_shared_info->vcpu_info[0]);
	this_cpu_write(xen_vcpu_nr, 0);
}

/*
 * The native return to kernel mode ends in IRETQ, which cannot leave ring
 * 3 with the event mask restored: entry_64.S leaves a JMP there for us to
 * point at xen_iret.  Kernel text is still writable in the bootstrap map.
 */
static void __init xen_pv_patch_iret(void)
{
	s32 rel = (long)xen_iret - ((long)early_xen_iret_patch + 5);

	memcpy(early_xen_iret_patch + 1, &rel, sizeof(rel));
}

/*
 * The kernel's virtual I/O privilege level.  With it at 1, Xen treats the
 * guest kernel as privileged enough for CLI and STI and emulates them on
 * the event mask: the few CLIs the kernel executes without pv_ops, such
 * as this_cpu_cmpxchg16b_emu() before alternatives replace it, then work.
 * Port I/O stays refused: a domU has no I/O ports.
 */
#define PHYSDEVOP_set_iopl	6

/* Per vCPU: each one calls this as it starts. */
void xen_pv_set_iopl(void)
{
	u32 iopl = 1;	/* struct physdev_set_iopl */
	int ret = HYPERVISOR_physdev_op(PHYSDEVOP_set_iopl, &iopl);

	if (ret)
		pr_warn("xen: PHYSDEVOP_set_iopl failed: %d\n", ret);
}

/* ---- The interrupt flag: the vCPU's event mask ---- */

__visible unsigned long xen_pv_save_fl(void)
{
	return this_cpu_read(xen_vcpu_info)->evtchn_upcall_mask ? 0 : X86_EFLAGS_IF;
}

PV_CALLEE_SAVE_REGS_THUNK(xen_pv_save_fl);

__visible void xen_pv_irq_disable(void)
{
	this_cpu_read(xen_vcpu_info)->evtchn_upcall_mask = 1;
	barrier();
}

PV_CALLEE_SAVE_REGS_THUNK(xen_pv_irq_disable);

__visible void xen_pv_irq_enable(void)
{
	struct vcpu_info *v = this_cpu_read(xen_vcpu_info);

	/*
	 * If preemption moves us after the read, we unmask the old CPU's
	 * vcpu_info: harmless, as the task was preemptible, so events were
	 * enabled there already, and enabled here too.
	 */
	v->evtchn_upcall_mask = 0;
	barrier();
	/*
	 * An event that came while masked is only flagged.  Xen delivers
	 * pending events whenever it returns to the guest, so any cheap
	 * hypercall brings it in now.
	 */
	if (unlikely(READ_ONCE(v->evtchn_upcall_pending)))
		HYPERVISOR_xen_version(XENVER_version, NULL);
}

PV_CALLEE_SAVE_REGS_THUNK(xen_pv_irq_enable);

/* SCHEDOP_block unmasks events and returns once one is pending. */
static void xen_pv_safe_halt(void)
{
	HYPERVISOR_sched_op(SCHEDOP_block, NULL);
}

/* With events masked nothing would wake us: stop the vCPU instead. */
static void xen_pv_halt(void)
{
	if (irqs_disabled())
		HYPERVISOR_vcpu_op(VCPUOP_down, this_cpu_read(xen_vcpu_nr), NULL);
	else
		xen_pv_safe_halt();
}

/* ---- CPU state ---- */

/*
 * CPUID through Xen's forced-emulation prefix (ud2; "xen"), so that Xen's
 * policy for this domain answers: a plain CPUID in a PV guest may report
 * the host's own features.  Xen's PV policy still shows a local APIC and
 * MONITOR, neither of which a PV guest has: they are hidden here.  The
 * initial APIC ID in leaf 1 is made the fake one smp_pv.c registers the
 * vCPU with (Xen's PV policy reports 0 on every vCPU).
 */
static void xen_pv_cpuid(unsigned int *ax, unsigned int *bx,
			 unsigned int *cx, unsigned int *dx)
{
	unsigned int leaf = *ax;

	asm volatile(".byte 0x0f, 0x0b, 0x78, 0x65, 0x6e; cpuid"
		     : "+a" (*ax), "=b" (*bx), "+c" (*cx), "=d" (*dx));
	if (leaf == 1) {
		*bx = (*bx & 0x00ffffff) |
		      xen_pv_vcpu_to_apicid(this_cpu_read(xen_vcpu_nr)) << 24;
		*cx &= ~(BIT(X86_FEATURE_MWAIT % 32) | BIT(X86_FEATURE_X2APIC % 32));
		*dx &= ~(BIT(X86_FEATURE_APIC % 32) | BIT(X86_FEATURE_ACPI % 32));
	} else if (leaf == 0x80000001) {
		*dx &= ~BIT(X86_FEATURE_APIC % 32);	/* AMD's copy of the bit */
	}
}

/* Of CR0 a PV guest owns only TS, the lazy FPU switch bit. */
static void xen_pv_write_cr0(unsigned long cr0)
{
	HYPERVISOR_fpu_taskswitch(!!(cr0 & X86_CR0_TS));
}

/*
 * Xen owns CR4 and has enabled what a PV guest may use; the kernel's
 * shadow copy (cpu_tlbstate.cr4) still records what it asked for.
 */
static void xen_pv_write_cr4(unsigned long cr4)
{
}

static unsigned long xen_pv_get_debugreg(int reg)
{
	return HYPERVISOR_get_debugreg(reg);
}

static void xen_pv_set_debugreg(int reg, unsigned long value)
{
	HYPERVISOR_set_debugreg(reg, value);
}

/*
 * MSR reads are emulated by Xen; what it refuses reads as 0 with one
 * warning, where the native code would print a stack trace each time.
 * One is answered here: the AMD C1E status, read on CPUs with erratum
 * E400, which a PV guest idling in SCHEDOP_block never enters.
 */
static u64 xen_pv_read_msr_safe(unsigned int msr, int *err)
{
	if (msr == MSR_K8_INT_PENDING_MSG) {
		*err = 0;
		return 0;
	}
	return native_read_msr_safe(msr, err);
}

static u64 xen_pv_read_msr(unsigned int msr)
{
	int err;
	u64 val = xen_pv_read_msr_safe(msr, &err);

	if (!err)
		return val;
	pr_warn_once("xen: RDMSR %#x refused\n", msr);
	return 0;
}

/*
 * MSR writes are emulated by Xen, except what a PV guest gets through
 * other interfaces: the SYSCALL and SYSENTER entry MSRs (Xen enters the
 * kernel at the callbacks registered with CALLBACKOP_register), and the
 * segment bases, which are hypercalls.
 */
static int xen_pv_write_msr_safe(unsigned int msr, u32 low, u32 high)
{
	u64 val = (u64)high << 32 | low;

	switch (msr) {
	case MSR_STAR:
	case MSR_LSTAR:
	case MSR_CSTAR:
	case MSR_SYSCALL_MASK:
	case MSR_IA32_SYSENTER_CS:
	case MSR_IA32_SYSENTER_ESP:
	case MSR_IA32_SYSENTER_EIP:
		return 0;
	case MSR_FS_BASE:
		return HYPERVISOR_set_segment_base(SEGBASE_FS, val) ? -EIO : 0;
	case MSR_KERNEL_GS_BASE:
		return HYPERVISOR_set_segment_base(SEGBASE_GS_USER, val) ? -EIO : 0;
	case MSR_GS_BASE:
		return HYPERVISOR_set_segment_base(SEGBASE_GS_KERNEL, val) ? -EIO : 0;
	default:
		return native_write_msr_safe(msr, low, high);
	}
}

static void xen_pv_write_msr(unsigned int msr, u32 low, u32 high)
{
	if (xen_pv_write_msr_safe(msr, low, high))
		pr_warn_once("xen: WRMSR %#x (%#x:%#x) refused\n", msr, high, low);
}

static void xen_pv_io_delay(void)
{
}

/* The stack Xen switches to when it enters the kernel from user mode. */
static void xen_pv_load_sp0(unsigned long sp0)
{
	int ret = HYPERVISOR_stack_switch(__KERNEL_DS, sp0);

	WARN_ONCE(ret, "xen: stack_switch failed: %d\n", ret);
	this_cpu_write(cpu_tss_rw.x86_tss.sp0, sp0);
}

static void xen_pv_load_gs_index(unsigned int idx)
{
	int ret = HYPERVISOR_set_segment_base(SEGBASE_GS_USER_SEL, idx);

	WARN_ONCE(ret, "xen: cannot load %%gs selector %#x: %d\n", idx, ret);
}

/* A PV guest has no TSS of its own: Xen's holds its stack pointer. */
static void xen_pv_load_tr_desc(void)
{
}

static unsigned long xen_pv_store_tr(void)
{
	return 0;
}

/*
 * Descriptor tables.  Xen checks every descriptor a PV guest may load, so
 * descriptor pages are written through HYPERVISOR_update_descriptor and
 * must have no writable mapping while they are in use as a GDT or LDT.
 */
static void xen_pv_update_descriptor(void *slot, const void *desc)
{
	u64 d;
	int ret;

	memcpy(&d, desc, sizeof(d));
	ret = HYPERVISOR_update_descriptor(xen_virt_to_machine(slot), d);
	WARN_ONCE(ret, "xen: descriptor %#llx refused: %d\n", d, ret);
}

static void xen_pv_write_gdt_entry(struct desc_struct *gdt, int entry,
				   const void *desc, int type)
{
	/* No TSS or LDT descriptors: Xen manages both for us. */
	if (type == DESC_TSS || type == DESC_LDT)
		return;
	xen_pv_update_descriptor(&gdt[entry], desc);
}

static void xen_pv_write_ldt_entry(struct desc_struct *ldt, int entry,
				   const void *desc)
{
	xen_pv_update_descriptor(&ldt[entry], desc);
}

static void xen_pv_load_tls(struct thread_struct *t, unsigned int cpu)
{
	struct desc_struct *gdt = get_cpu_gdt_rw(cpu);
	unsigned int i;

	for (i = 0; i < GDT_ENTRY_TLS_ENTRIES; i++)
		xen_pv_update_descriptor(&gdt[GDT_ENTRY_TLS_MIN + i],
					 &t->tls_array[i]);
}

/* Each page of a GDT or LDT: read-only wherever it is mapped. */
void xen_pv_protect_table(const void *table, size_t size, bool ro)
{
	unsigned long va = (unsigned long)table & PAGE_MASK;
	unsigned long end = (unsigned long)table + size;

	for (; va < end; va += PAGE_SIZE)
		xen_pv_set_page_ro((void *)va, ro);
}

static void xen_pv_load_gdt(const struct desc_ptr *dtr)
{
	unsigned long frames[16];
	unsigned int entries = (dtr->size + 1) / sizeof(struct desc_struct);
	unsigned int i, pages = DIV_ROUND_UP(dtr->size + 1, PAGE_SIZE);
	int ret;

	if (WARN_ON_ONCE(pages > ARRAY_SIZE(frames) ||
			 dtr->address & ~PAGE_MASK))
		return;
	xen_pv_protect_table((void *)dtr->address, dtr->size + 1, true);
	for (i = 0; i < pages; i++)
		frames[i] = xen_virt_to_machine((void *)dtr->address +
						i * PAGE_SIZE) >> PAGE_SHIFT;
	ret = HYPERVISOR_set_gdt(frames, entries);
	if (ret)
		panic("xen: cannot load the GDT at %#lx: %d\n", dtr->address, ret);
}

static void xen_pv_alloc_ldt(struct desc_struct *ldt, unsigned int entries)
{
	xen_pv_protect_table(ldt, entries * LDT_ENTRY_SIZE, true);
}

static void xen_pv_free_ldt(struct desc_struct *ldt, unsigned int entries)
{
	xen_pv_protect_table(ldt, entries * LDT_ENTRY_SIZE, false);
}

static void xen_pv_set_ldt(const void *addr, unsigned int entries)
{
	struct mmuext_op op = {
		.cmd = MMUEXT_SET_LDT,
		.arg1.linear_addr = (unsigned long)addr,
		.arg2.nr_ents = entries,
	};
	int ret = HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);

	WARN_ONCE(ret, "xen: cannot load an LDT of %u entries: %d\n", entries, ret);
}

/*
 * The IDT.  A PV guest gives Xen a trap table instead: for each vector the
 * entry Xen calls, the privilege needed to raise it with INT, and whether
 * events are masked on entry (as an interrupt gate clears IF).  The
 * kernel's IDT is translated: each native entry stub has a Xen twin in
 * pv-entry.S, and the IST vectors have their own handlers, since Xen
 * delivers everything on the kernel stack.
 */
#define XEN_TRAP(native, xen) { asm_##native, xen_asm_##xen }
static const struct {
	void (*native)(void);
	void (*xen)(void);
} xen_pv_traps[] = {
	XEN_TRAP(exc_divide_error, exc_divide_error),
	XEN_TRAP(exc_debug, xenpv_exc_debug),
	XEN_TRAP(exc_nmi, xenpv_exc_nmi),
	XEN_TRAP(exc_int3, exc_int3),
	XEN_TRAP(exc_overflow, exc_overflow),
	XEN_TRAP(exc_bounds, exc_bounds),
	XEN_TRAP(exc_invalid_op, exc_invalid_op),
	XEN_TRAP(exc_device_not_available, exc_device_not_available),
	XEN_TRAP(exc_double_fault, xenpv_exc_double_fault),
	XEN_TRAP(exc_coproc_segment_overrun, exc_coproc_segment_overrun),
	XEN_TRAP(exc_invalid_tss, exc_invalid_tss),
	XEN_TRAP(exc_segment_not_present, exc_segment_not_present),
	XEN_TRAP(exc_stack_segment, exc_stack_segment),
	XEN_TRAP(exc_general_protection, exc_general_protection),
	XEN_TRAP(exc_page_fault, exc_page_fault),
	XEN_TRAP(exc_spurious_interrupt_bug, exc_spurious_interrupt_bug),
	XEN_TRAP(exc_coprocessor_error, exc_coprocessor_error),
	XEN_TRAP(exc_alignment_check, exc_alignment_check),
#ifdef CONFIG_X86_MCE
	XEN_TRAP(exc_machine_check, xenpv_exc_machine_check),
#endif
	XEN_TRAP(exc_simd_coprocessor_error, exc_simd_coprocessor_error),
#ifdef CONFIG_IA32_EMULATION
	XEN_TRAP(int80_emulation, int80_emulation),
#endif
};

/*
 * Fill @ti for IDT gate @vector, or return false if Xen should not deliver
 * it.  The early handlers are only met while the early IDT is loaded,
 * during init: hence __ref.
 */
static bool __ref xen_pv_trap_info(const gate_desc *gate,
				   unsigned int vector, struct trap_info *ti)
{
	unsigned long addr = gate_offset(gate);
	unsigned long early = (unsigned long)early_idt_handler_array;
	void (*xen)(void) = NULL;
	unsigned int i;

	if (!gate->bits.p)
		return false;
	if (addr >= early &&
	    addr < early + sizeof(early_idt_handler_array)) {
		i = (addr - early) / EARLY_IDT_HANDLER_SIZE;
		xen = (void *)xen_early_idt_handler_array[i];
	}
	for (i = 0; !xen && i < ARRAY_SIZE(xen_pv_traps); i++)
		if (addr == (unsigned long)xen_pv_traps[i].native)
			xen = xen_pv_traps[i].xen;
	/* Device and system vectors: events replace them in a PV guest. */
	if (!xen) {
		if (vector >= FIRST_EXTERNAL_VECTOR)
			return false;
		xen = xen_asm_exc_xen_unknown_trap;
	}
	ti->vector = vector;
	ti->flags = gate->bits.dpl;
	if (gate->bits.type == GATE_INTERRUPT)
		ti->flags |= TRAP_INFO_MASK_EVENTS;
	ti->cs = FLAT_KERNEL_CS;
	ti->address = (unsigned long)xen;
	return true;
}

/* Too big for the stack: one table, serialised by the lock. */
static struct trap_info xen_pv_trap_table[IDT_ENTRIES + 1];
static DEFINE_SPINLOCK(xen_pv_trap_lock);
/* The IDT Xen's table was made from, so IDT writes can follow. */
static DEFINE_PER_CPU(unsigned long, xen_pv_idt);

static void xen_pv_load_idt(const struct desc_ptr *dtr)
{
	const gate_desc *idt = (const gate_desc *)dtr->address;
	unsigned int vector, n = 0, count = (dtr->size + 1) / sizeof(gate_desc);
	unsigned long flags;
	int ret;

	spin_lock_irqsave(&xen_pv_trap_lock, flags);
	for (vector = 0; vector < count && vector < IDT_ENTRIES; vector++)
		if (xen_pv_trap_info(&idt[vector], vector, &xen_pv_trap_table[n]))
			n++;
	xen_pv_trap_table[n].address = 0;
	ret = HYPERVISOR_set_trap_table(xen_pv_trap_table);
	spin_unlock_irqrestore(&xen_pv_trap_lock, flags);
	if (ret)
		panic("xen: trap table refused: %d\n", ret);
	this_cpu_write(xen_pv_idt, dtr->address);
}

/**
 * xen_pv_fill_trap_ctxt() - a new vCPU's trap table, indexed by vector
 * @ctxt: IDT_ENTRIES entries, zeroed
 *
 * Made from the IDT this CPU has loaded, so the new vCPU takes exceptions
 * as this one does from its first instruction on.
 */
void xen_pv_fill_trap_ctxt(struct trap_info *ctxt)
{
	const gate_desc *idt = (const gate_desc *)this_cpu_read(xen_pv_idt);
	unsigned int vector;

	for (vector = 0; vector < IDT_ENTRIES; vector++)
		xen_pv_trap_info(&idt[vector], vector, &ctxt[vector]);
}

static void xen_pv_write_idt_entry(gate_desc *idt, int vector, const gate_desc *gate)
{
	struct trap_info ti[2] = {};
	int ret;

	native_write_idt_entry(idt, vector, gate);
	if ((unsigned long)idt != this_cpu_read(xen_pv_idt))
		return;
	if (!xen_pv_trap_info(gate, vector, &ti[0]))
		return;
	ret = HYPERVISOR_set_trap_table(ti);
	WARN_ONCE(ret, "xen: trap %d refused: %d\n", vector, ret);
}

static void __init xen_pv_init_ops(void)
{
	struct pv_cpu_ops *cpu = &pv_ops.cpu;
	struct pv_irq_ops *irq = &pv_ops.irq;

	pv_info.name = "Xen PV";
	pv_info.extra_user_64bit_cs = FLAT_USER_CS;

	cpu->io_delay = xen_pv_io_delay;
	cpu->cpuid = xen_pv_cpuid;
	cpu->get_debugreg = xen_pv_get_debugreg;
	cpu->set_debugreg = xen_pv_set_debugreg;
	cpu->write_cr0 = xen_pv_write_cr0;
	cpu->write_cr4 = xen_pv_write_cr4;
	/* CR0 reads stay native: Xen emulates them. */
	cpu->load_sp0 = xen_pv_load_sp0;
	cpu->load_gs_index = xen_pv_load_gs_index;
	cpu->load_tr_desc = xen_pv_load_tr_desc;
	cpu->store_tr = xen_pv_store_tr;

	cpu->load_gdt = xen_pv_load_gdt;
	cpu->write_gdt_entry = xen_pv_write_gdt_entry;
	cpu->load_tls = xen_pv_load_tls;
	cpu->load_idt = xen_pv_load_idt;
	cpu->write_idt_entry = xen_pv_write_idt_entry;
	cpu->alloc_ldt = xen_pv_alloc_ldt;
	cpu->free_ldt = xen_pv_free_ldt;
	cpu->set_ldt = xen_pv_set_ldt;
	cpu->write_ldt_entry = xen_pv_write_ldt_entry;

	/*
	 * WBINVD and RDPMC stay native: Xen emulates them for the guest
	 * kernel, and refuses what a PV guest may not do with the #GP the
	 * native code already handles.
	 */
	cpu->read_msr = xen_pv_read_msr;
	cpu->read_msr_safe = xen_pv_read_msr_safe;
	cpu->write_msr = xen_pv_write_msr;
	cpu->write_msr_safe = xen_pv_write_msr_safe;

	irq->save_fl = PV_CALLEE_SAVE(xen_pv_save_fl);
	irq->irq_disable = PV_CALLEE_SAVE(xen_pv_irq_disable);
	irq->irq_enable = PV_CALLEE_SAVE(xen_pv_irq_enable);
	irq->safe_halt = xen_pv_safe_halt;
	irq->halt = xen_pv_halt;

	xen_pv_mmu_init_ops();
}

/* ---- Entry points Xen calls ---- */

static void __init xen_pv_register_callbacks(void)
{
	static const struct callback_register cbs[] __initconst = {
		{
			.type = CALLBACKTYPE_event,
			.address = (unsigned long)xen_asm_exc_xen_hypervisor_callback,
		}, {
			.type = CALLBACKTYPE_failsafe,
			.address = (unsigned long)xen_failsafe_callback,
		}, {
			.type = CALLBACKTYPE_syscall,
			.flags = CALLBACKF_mask_events,
			.address = (unsigned long)xen_entry_SYSCALL_64,
		},
	};
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(cbs); i++) {
		ret = HYPERVISOR_callback_op(CALLBACKOP_register, &cbs[i]);
		if (ret)
			xen_pv_early_fail("callback refused", ret);
	}
}

/* A vector we did not give Xen: the trap table and the IDT disagree. */
DEFINE_IDTENTRY_RAW(exc_xen_unknown_trap)
{
	instrumentation_begin();
	die("xen: trap on a vector we did not register", regs, 0);
	instrumentation_end();
}

/*
 * The IST exceptions.  Xen delivers every exception on the kernel stack,
 * so each goes to the handler the native code uses off the IST stacks:
 * from user mode, #DB takes the user variant.
 */
DEFINE_IDTENTRY_RAW(xenpv_exc_debug)
{
	if (!user_mode(regs)) {
		exc_debug(regs);
		return;
	}
	noist_exc_debug(regs);
}

/* A double fault is fatal either way; the native handler reports it. */
DEFINE_IDTENTRY_RAW_ERRORCODE(xenpv_exc_double_fault)
{
	exc_double_fault(regs, error_code);
}

/* Xen injects NMIs (from the toolstack's "xl trigger") as vector 2. */
DEFINE_IDTENTRY_RAW(xenpv_exc_nmi)
{
	exc_nmi(regs);
}

#ifdef CONFIG_X86_MCE
/* Only dom0 sees machine checks, which Xen forwards as vector 18. */
DEFINE_IDTENTRY_RAW(xenpv_exc_machine_check)
{
	if (!user_mode(regs)) {
		exc_machine_check(regs);
		return;
	}
	noist_exc_machine_check(regs);
}
#endif

/*
 * The event upcall: exc_xen_hypervisor_callback (entry_64.S) calls this
 * with the registers of Xen's frame.  Events are handled like a device
 * interrupt, on the irq stack and inside irq_enter().
 */
static void xen_pv_upcall_irqstack(struct pt_regs *regs)
{
	struct pt_regs *interrupted = set_irq_regs(regs);

	xen_evtchn_handle_upcall();
	inc_irq_stat(irq_hv_callback_count);
	set_irq_regs(interrupted);
}

__visible noinstr void xen_pv_evtchn_do_upcall(struct pt_regs *regs)
{
	irqentry_state_t irq_state;

	irq_state = irqentry_enter(regs);
	instrumentation_begin();
	run_sysvec_on_irqstack_cond(xen_pv_upcall_irqstack, regs);
	instrumentation_end();
	irqentry_exit(regs, irq_state);
}

/* ---- From Xen's entry to start_kernel() ---- */

/* Boot loader type ID for Xen (Documentation/arch/x86/boot.rst). */
#define XEN_LOADER_TYPE		0x90

static void __init xen_pv_fill_boot_params(const struct start_info *si)
{
	boot_params.hdr.type_of_loader = XEN_LOADER_TYPE;
	boot_params.hdr.hardware_subarch = X86_SUBARCH_XEN;
	/* Marks boot_params as filled: x86_64_start_reservations() keeps it. */
	boot_params.hdr.version = 0x020f;
	strscpy(boot_command_line, (const char *)si->cmd_line,
		min(COMMAND_LINE_SIZE, MAX_GUEST_CMDLINE));
	if (si->mod_start && si->mod_len) {
		u64 start = si->flags & SIF_MOD_START_PFN ?
			    PFN_PHYS(si->mod_start) :
			    si->mod_start - __START_KERNEL_map;

		boot_params.hdr.ramdisk_image = lower_32_bits(start);
		boot_params.ext_ramdisk_image = upper_32_bits(start);
		boot_params.hdr.ramdisk_size = lower_32_bits(si->mod_len);
		boot_params.ext_ramdisk_size = upper_32_bits(si->mod_len);
	}
	x86_init.resources.memory_setup = xen_pv_memory_setup;
}

/*
 * What a PV domU does not have: firmware tables, PCI configuration space
 * behind ports 0xcf8/0xcfc (port I/O is not allowed at all) and the real
 * mode trampoline, which only starts CPUs through INIT/SIPI.
 */
static void __init xen_pv_no_platform(void)
{
	if (xen_initial_domain())
		return;
	disable_acpi();
#ifdef CONFIG_PCI
	pci_probe |= PCI_PROBE_NOEARLY;
#endif
	x86_platform.realmode_reserve = x86_init_noop;
	x86_platform.realmode_init = x86_init_noop;
}

/*
 * Called by startup_xen on the kernel's boot stack with %gs set up.  The
 * order matters: the console first, for messages; shared_info before the
 * interrupt-flag ops read vcpu_info; our own page tables before anything
 * the kernel maps; then the kernel's normal path.
 */
asmlinkage __visible void __init xen_pv_start(struct start_info *si)
{
	int ret;

	xen_start_info = si;
	xen_guest_type = XEN_GUEST_PV;
	xen_guest_is_dom0 = si->flags & SIF_INITDOMAIN;
	xen_pv_mmu_early_init(si);
	early_cons_init(si);
	xen_pv_early_puts("xen: PV guest entered\n");

	xen_pv_map_shared_info(si);
	xen_pv_patch_iret();
	ret = HYPERVISOR_vm_assist(VMASST_CMD_enable,
				   VMASST_TYPE_writable_pagetables);
	if (ret)
		xen_pv_early_fail("no writable page tables", ret);
	xen_vm_assists |= BIT(VMASST_TYPE_writable_pagetables);
	xen_pv_set_iopl();

	xen_pv_init_ops();
	xen_pv_mmu_switch_pagetables(si);
	xen_pv_early_puts("xen: on the kernel's page tables\n");
	xen_pv_register_callbacks();
	/* Early exceptions: the kernel's early handlers, through Xen. */
	idt_setup_early_handler();
	setup_force_cpu_cap(X86_FEATURE_XENPV);
	set_bit(X86_FEATURE_XENPV, (unsigned long *)boot_cpu_data.x86_capability);
	xen_pv_fill_boot_params(si);
	xen_pv_no_platform();
	xen_read_version();
	xen_pv_early_puts("xen: starting the kernel\n");
	x86_64_start_reservations(NULL);
}

/*
 * Interrupts are event channels, delivered by the event callback: the
 * native setup finds no APIC or PIC to program, then the event channel
 * core masks every port until a driver binds it.
 */
static void __init xen_pv_intr_init(void)
{
	int ret;

	native_init_IRQ();
	ret = xen_evtchn_init();
	if (ret)
		pr_err("xen: event channels unavailable: %d\n", ret);
}

static void __init xen_pv_init_platform(void)
{
	x86_init.irqs.intr_init = xen_pv_intr_init;
	xen_pv_smp_init();
	xen_time_init_platform();
	xen_set_machine_ops();
}

static u32 __init xen_pv_detect(void)
{
	return xen_pv_domain() ? 0x40000000 : 0;
}

/* Found first of all hypervisors, once xen_pv_start() has set the type. */
const struct hypervisor_x86 x86_hyper_xen_pv __initconst = {
	.name		= "Xen PV",
	.type		= X86_HYPER_XEN_PV,
	.detect		= xen_pv_detect,
	.ignore_nopv	= true,
	.init		= {
		.init_platform	= xen_pv_init_platform,
	},
};
