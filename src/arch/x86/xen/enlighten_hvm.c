// SPDX-License-Identifier: GPL-2.0
/*
 * Xen guests in a hardware container: PVH and HVM.
 *
 * The CPU, MMU and local APIC are the hardware's (emulated or assisted by
 * Xen), so this is only what Xen adds: detection through CPUID, the
 * shared_info page, each vCPU's vcpu_info, the event channel upcall
 * vector and the way out (SCHEDOP_shutdown).  Time is in time.c, event
 * channels in drivers/xen/events.c.
 */
#include <linux/console.h>
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/panic_notifier.h>
#include <linux/percpu.h>
#include <linux/printk.h>
#include <asm/apic.h>
#include <asm/desc.h>
#include <asm/hypervisor.h>
#include <asm/idtentry.h>
#include <asm/irq.h>
#include <asm/irq_regs.h>
#include <asm/paravirt.h>
#include <asm/reboot.h>
#include <asm/x86_init.h>
#include <asm/xen/cpuid.h>
#include <asm/xen/hypercall.h>
#include <asm/xen/hypervisor.h>
#include <xen/events.h>
#include <xen/interface/features.h>
#include <xen/interface/hvm/hvm_op.h>
#include <xen/interface/hvm/params.h>
#include <xen/interface/memory.h>
#include <xen/interface/sched.h>
#include <xen/interface/vcpu.h>
#include <xen/xen.h>
#include <xen/xen-guest.h>

#include "xen-core.h"

static u32 xen_cpuid_base __ro_after_init;

/* Per-vCPU upcall vectors (acknowledged at the local APIC) or one global. */
static bool xen_upcall_per_vcpu __ro_after_init;

/* Where vCPUs 0-31 find their vcpu_info until we register our own. */
static struct shared_info xen_shared_info_page __page_aligned_bss;

/* Our own vcpu_info per CPU: works for any number of vCPUs. */
static DEFINE_PER_CPU_ALIGNED(struct vcpu_info, xen_vcpu_info_area);

static u32 __init xen_hvm_detect(void)
{
	if (xen_pv_domain())
		return 0;
	xen_cpuid_base = hypervisor_cpuid_base("XenVMMXenVMM", 2);
	return xen_cpuid_base;
}

/* HVM features (eax of CPUID leaf 5), 0 if Xen is too old to have it. */
static u32 xen_hvm_cpuid_features __ro_after_init;

/* Read the HVM leaf once: features, the boot vCPU's id and our domain id. */
static void __init xen_read_hvm_cpuid(void)
{
	u32 eax, ebx, ecx, edx;

	cpuid(xen_cpuid_base, &eax, &ebx, &ecx, &edx);
	if (eax < xen_cpuid_base + XEN_CPUID_HVM)
		return;
	cpuid(xen_cpuid_base + XEN_CPUID_HVM, &eax, &ebx, &ecx, &edx);
	xen_hvm_cpuid_features = eax;
	if (eax & XEN_HVM_CPUID_VCPU_ID_PRESENT)
		per_cpu(xen_vcpu_nr, 0) = ebx;
	if (eax & XEN_HVM_CPUID_DOMID_PRESENT)
		xen_domain_id = ecx;
}

/*
 * Move a vCPU's vcpu_info into our per-CPU area.  The legacy slots in
 * shared_info only exist for vCPUs 0-31, so beyond those failure is fatal
 * for that CPU; below it the legacy slot keeps working.
 */
static int xen_register_vcpu_info(unsigned int cpu)
{
	struct vcpu_info *area = per_cpu_ptr(&xen_vcpu_info_area, cpu);
	u32 vcpu = xen_vcpu_id(cpu);
	struct vcpu_register_vcpu_info info;
	phys_addr_t pa;
	int ret;

	/* Xen takes this once per vCPU; it stays valid across CPU offline. */
	if (per_cpu(xen_vcpu_info, cpu) == area)
		return 0;
	pa = per_cpu_ptr_to_phys(area);
	info.mfn = PHYS_PFN(pa);
	info.offset = offset_in_page(pa);
	info.rsvd = 0;
	ret = HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, vcpu, &info);
	if (!ret) {
		per_cpu(xen_vcpu_info, cpu) = area;
		return 0;
	}
	if (vcpu < XEN_LEGACY_MAX_VCPUS) {
		per_cpu(xen_vcpu_info, cpu) = &xen_shared_info->vcpu_info[vcpu];
		return 0;
	}
	pr_err("xen: cannot place vcpu_info of vCPU %u: %d\n", vcpu, ret);
	return ret;
}

static int xen_set_upcall_vector(unsigned int cpu)
{
	struct xen_hvm_evtchn_upcall_vector op = {
		.vcpu = xen_vcpu_id(cpu),
		.vector = HYPERVISOR_CALLBACK_VECTOR,
	};

	return HYPERVISOR_hvm_op(HVMOP_set_evtchn_upcall_vector, &op);
}

DEFINE_IDTENTRY_SYSVEC(sysvec_xen_hvm_callback)
{
	struct pt_regs *old_regs;

	/*
	 * A per-vCPU vector arrives through the local APIC like any other
	 * interrupt; the domain-wide one bypasses the APIC: no EOI for it.
	 * Acknowledge first: events that arrive while we scan raise the
	 * vector again rather than wait behind our in-service bit.
	 */
	if (xen_upcall_per_vcpu)
		apic_eoi();
	old_regs = set_irq_regs(regs);
	inc_irq_stat(irq_hv_callback_count);
	xen_evtchn_handle_upcall();
	set_irq_regs(old_regs);
}

/*
 * After the native interrupt setup, bring up event channels and tell Xen
 * where to deliver their upcall.  Runs once the irq core and slab exist.
 */
static void __init xen_hvm_intr_init(void)
{
	u64 via;
	int ret;

	native_init_IRQ();

	ret = xen_evtchn_init();
	if (ret) {
		pr_err("xen: event channels unavailable: %d\n", ret);
		return;
	}

	/*
	 * One way or the other, never both: with the same vector set both
	 * per vCPU and domain-wide, Xen delivered it a second time at the
	 * first instruction of the handler, with interrupts still off.
	 */
	if ((xen_hvm_cpuid_features & XEN_HVM_CPUID_UPCALL_VECTOR) &&
	    !xen_set_upcall_vector(0)) {
		xen_upcall_per_vcpu = true;
	} else {
		via = ((u64)HVM_PARAM_CALLBACK_TYPE_VECTOR << HVM_PARAM_CALLBACK_TYPE_SHIFT) |
		      HYPERVISOR_CALLBACK_VECTOR;
		ret = xen_hvm_param_set(HVM_PARAM_CALLBACK_IRQ, via);
		if (ret) {
			pr_err("xen: cannot set the event channel upcall vector: %d\n", ret);
			return;
		}
	}
	pr_info("xen: event channel upcalls on %s vector %#x\n",
		xen_upcall_per_vcpu ? "per-vCPU" : "domain-wide",
		HYPERVISOR_CALLBACK_VECTOR);
}

/* Prepare a CPU before it boots: its vcpu_info, upcall vector, timer. */
static int xen_hvm_cpu_prepare(unsigned int cpu)
{
	u32 acpi_id = cpu_acpi_id(cpu);
	int ret;

	/* Xen's ACPI tables number processors by vCPU id. */
	per_cpu(xen_vcpu_nr, cpu) = acpi_id != U32_MAX ? acpi_id : cpu;
	ret = xen_register_vcpu_info(cpu);
	if (ret)
		return ret;
	if (xen_upcall_per_vcpu) {
		ret = xen_set_upcall_vector(cpu);
		if (ret) {
			pr_err("xen: no upcall vector for CPU %u: %d\n", cpu, ret);
			return ret;
		}
	}
	return xen_time_cpu_prepare(cpu);
}

static int xen_hvm_cpu_dead(unsigned int cpu)
{
	xen_time_cpu_dead(cpu);
	return 0;
}

/* Tell pci_arch_init() there is no PCI to look for (returning 0). */
static int __init xen_pvh_no_pci(void)
{
	return 0;
}

static void __init xen_hvm_map_shared_info(void)
{
	struct xen_add_to_physmap xatp = {
		.domid = DOMID_SELF,
		.space = XENMAPSPACE_shared_info,
		.idx = 0,
		.gpfn = PHYS_PFN(__pa_symbol(&xen_shared_info_page)),
	};

	if (HYPERVISOR_memory_op(XENMEM_add_to_physmap, &xatp))
		panic("xen: cannot map shared_info\n");
	xen_shared_info = &xen_shared_info_page;
}

static void __init xen_hvm_init_platform(void)
{
	xen_guest_type = XEN_GUEST_HVM;
	xen_hypercall_setup();
	xen_read_version();
	xen_read_hvm_cpuid();
	pr_info("xen: %s guest on Xen %u.%u, domain %u\n",
		xen_pvh_domain() ? "PVH" : "HVM", xen_version >> 16,
		xen_version & 0xffff, xen_domain_id);

	xen_hvm_map_shared_info();
	if (xen_vcpu_id(0) >= XEN_LEGACY_MAX_VCPUS)
		panic("xen: boot vCPU %u has no legacy vcpu_info\n", xen_vcpu_id(0));
	/* Until per-CPU areas exist, the boot CPU uses its legacy slot. */
	per_cpu(xen_vcpu_info, 0) = &xen_shared_info->vcpu_info[xen_vcpu_id(0)];

	sysvec_install(HYPERVISOR_CALLBACK_VECTOR, sysvec_xen_hvm_callback);
	x86_init.irqs.intr_init = xen_hvm_intr_init;

	xen_time_init_platform();

	xen_set_machine_ops();

	pv_info.name = xen_pvh_domain() ? "Xen PVH" : "Xen HVM";
	if (xen_pvh_domain()) {
		/* No legacy devices and no PCI bus in a PVH container. */
		x86_platform.legacy.i8042 = X86_LEGACY_I8042_PLATFORM_ABSENT;
		x86_platform.legacy.warm_reset = 0;
		x86_init.pci.arch_init = xen_pvh_no_pci;
	}
}

/*
 * Once per-CPU areas exist: the boot CPU's own vcpu_info, and the hotplug
 * callbacks that prepare every other CPU before it starts.
 */
static int __init xen_hvm_cpus_init(void)
{
	int ret;

	if (!xen_hvm_domain())
		return 0;
	/* Events may arrive meanwhile: switch vcpu_info with them held off. */
	local_irq_disable();
	ret = xen_register_vcpu_info(0);
	local_irq_enable();
	if (ret)
		return ret;
	ret = cpuhp_setup_state_nocalls(CPUHP_XEN_PREPARE, "x86/xen/hvm:prepare",
					xen_hvm_cpu_prepare, xen_hvm_cpu_dead);
	if (ret < 0)
		pr_err("xen: no CPU hotplug callbacks: %d\n", ret);
	return ret < 0 ? ret : 0;
}
early_initcall(xen_hvm_cpus_init);

/*
 * Xen emulates the local APIC of an HVM or PVH guest, the x2APIC too when
 * it says so in CPUID.  There is no interrupt remapping, so the kernel
 * asks us whether x2APIC mode may be used anyway: it may, in physical
 * mode (APIC IDs below 255), and then the APIC is driven through MSRs
 * rather than MMIO that Xen must decode.
 */
static bool __init xen_x2apic_available(void)
{
	return boot_cpu_has(X86_FEATURE_X2APIC);
}

/* Found by xen_hvm_detect(), for HVM and PVH guests alike. */
struct hypervisor_x86 x86_hyper_xen_hvm __initdata = {
	.name		= "Xen HVM",
	.type		= X86_HYPER_XEN_HVM,
	.ignore_nopv	= true,
	.detect		= xen_hvm_detect,
	.init		= {
		.init_platform		= xen_hvm_init_platform,
		.x2apic_available	= xen_x2apic_available,
	},
};
