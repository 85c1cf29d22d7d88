/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which kind of Xen domain this kernel runs in, if any.
 *
 * The answers are fixed once early boot has probed the hypervisor, so
 * callers may test them freely.  Without CONFIG_XEN every answer is a
 * compile-time "no" and the code behind it disappears.
 */
#ifndef _XEN_XEN_H
#define _XEN_XEN_H

#include <linux/types.h>

struct bio_vec;
struct page;

#ifdef CONFIG_XEN

/* How the domain is virtualised: decided by the entry point that booted us. */
enum xen_guest_type {
	XEN_GUEST_NONE,		/* bare metal, or a hypervisor other than Xen */
	XEN_GUEST_PV,		/* paravirtualised MMU, entered at xen_start_kernel */
	XEN_GUEST_HVM,		/* hardware container: HVM, PVHVM or PVH */
};

extern enum xen_guest_type xen_guest_type;
extern bool xen_guest_is_pvh;
extern bool xen_guest_is_dom0;

static inline bool xen_domain(void)
{
	return xen_guest_type != XEN_GUEST_NONE;
}

static inline bool xen_pv_domain(void)
{
	return IS_ENABLED(CONFIG_XEN_PV) && xen_guest_type == XEN_GUEST_PV;
}

static inline bool xen_hvm_domain(void)
{
	return xen_guest_type == XEN_GUEST_HVM;
}

static inline bool xen_pvh_domain(void)
{
	return IS_ENABLED(CONFIG_XEN_PVH) && xen_guest_is_pvh;
}

static inline bool xen_initial_domain(void)
{
	return IS_ENABLED(CONFIG_XEN_DOM0) && xen_guest_is_dom0;
}

bool xen_biovec_phys_mergeable(const struct bio_vec *first, const struct page *next);

#else /* !CONFIG_XEN */

static inline bool xen_domain(void) { return false; }
static inline bool xen_pv_domain(void) { return false; }
static inline bool xen_hvm_domain(void) { return false; }
static inline bool xen_pvh_domain(void) { return false; }
static inline bool xen_initial_domain(void) { return false; }

static inline bool xen_biovec_phys_mergeable(const struct bio_vec *first,
					     const struct page *next)
{
	return true;
}

#endif /* CONFIG_XEN */

#if defined(CONFIG_XEN_DOM0) && defined(CONFIG_ACPI)
bool xen_processor_present(u32 acpi_id);
#else
/* Only dom0 asks Xen about physical processors Linux does not run on. */
static inline bool xen_processor_present(u32 acpi_id) { return false; }
#endif

#endif /* _XEN_XEN_H */
