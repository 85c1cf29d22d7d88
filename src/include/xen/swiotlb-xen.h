/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DMA through a bounce buffer that is contiguous in machine memory, for PV
 * domains whose pseudo-physical pages are scattered in machine memory.
 * Used by arch/x86/kernel/pci-dma.c when CONFIG_SWIOTLB_XEN is set.
 */
#ifndef _XEN_SWIOTLB_XEN_H
#define _XEN_SWIOTLB_XEN_H

#ifdef CONFIG_SWIOTLB_XEN
#include <linux/dma-map-ops.h>

/* Make the bounce buffer of @nslabs slabs at @tlb machine-contiguous. */
int xen_swiotlb_fixup(void *tlb, unsigned long nslabs);
int pci_xen_swiotlb_init_late(void);
extern const struct dma_map_ops xen_swiotlb_dma_ops;
#endif

#endif /* _XEN_SWIOTLB_XEN_H */
