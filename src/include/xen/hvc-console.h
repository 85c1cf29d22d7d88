/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Xen console as seen by code outside the hvc driver: the boot console
 * that earlyprintk=xen registers (arch/x86/kernel/early_printk.c).
 */
#ifndef _XEN_HVC_CONSOLE_H
#define _XEN_HVC_CONSOLE_H

#ifdef CONFIG_HVC_XEN
#include <linux/console.h>

extern struct console xenboot_console;
#endif

#endif /* _XEN_HVC_CONSOLE_H */
