/*
 * A block of pages filled from offset on (Linux's page_frag). Each thread
 * has one its socket writes copy into (task_struct.task_frag, Linux's
 * current->task_frag), so that an idle socket pins no page.
 */
#ifndef _KERNEL_PAGE_FRAG_H
#define _KERNEL_PAGE_FRAG_H

#include <kernel/page.h>

/* It holds one reference to page (NULL: none yet). */
struct page_frag {
	struct page *page;
	u32 offset;
	u32 size;
};

/* Drop pfrag's block (a dying thread's; a test's, to count pages again). */
static inline void page_frag_release(struct page_frag *pfrag)
{
	if (pfrag->page)
		put_page(pfrag->page);
	pfrag->page = NULL;
}

#endif
