/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Grant tables: letting another domain map pages of ours.
 *
 * gnttab_grant_access() gives a domain access to one page and returns the
 * grant reference to pass to it (usually through xenstore or a ring).
 * When done, gnttab_end_access() revokes the grant and frees the page, at
 * once if the peer has unmapped it, otherwise as soon as it does.
 */
#ifndef _XEN_GRANT_TABLE_H
#define _XEN_GRANT_TABLE_H

#include <linux/mm.h>
#include <linux/types.h>
#include <xen/interface/grant_table.h>
#include <xen/xen-guest.h>
#include <xen/xen.h>

int gnttab_grant_access(domid_t domid, unsigned long gfn, bool readonly);
bool gnttab_try_end_access(grant_ref_t ref);
void gnttab_end_access(grant_ref_t ref, struct page *page);

/*
 * The frame number under which Xen and other domains know @page.  In a
 * hardware container (HVM, PVH) Xen translates guest frames itself, so
 * it is the page's own PFN; a PV guest names the machine frame.
 */
static inline unsigned long xen_page_to_gfn(struct page *page)
{
#ifdef CONFIG_XEN_PV
	if (xen_pv_domain())
		return xen_pfn_to_mfn(page_to_pfn(page));
#endif
	return page_to_pfn(page);
}

#endif /* _XEN_GRANT_TABLE_H */
