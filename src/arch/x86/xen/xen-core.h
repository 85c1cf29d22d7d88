/* SPDX-License-Identifier: GPL-2.0 */
/* Between the files of the x86 Xen guest core. */
#ifndef _X86_XEN_CORE_H
#define _X86_XEN_CORE_H

/* The VMASST_TYPE_* assists this domain turned on, one bit each. */
extern unsigned long xen_vm_assists;

void __init xen_read_version(void);
void __init xen_set_machine_ops(void);
void __init xen_time_init_platform(void);
int xen_time_cpu_prepare(unsigned int cpu);
void xen_time_cpu_dead(unsigned int cpu);

#ifdef CONFIG_PARAVIRT_SPINLOCKS
void __init xen_spinlock_init(void);
int xen_spinlock_cpu_prepare(unsigned int cpu);
void xen_spinlock_cpu_dead(unsigned int cpu);
#else
static inline void xen_spinlock_init(void) { }
static inline int xen_spinlock_cpu_prepare(unsigned int cpu) { return 0; }
static inline void xen_spinlock_cpu_dead(unsigned int cpu) { }
#endif

#endif /* _X86_XEN_CORE_H */
