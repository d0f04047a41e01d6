// The dirtying depends on the direction: unpin_user_pages_dirty_lock()
// takes the condition.
static long xfer_pages(unsigned long addr, unsigned long nr, bool write)
{
	struct page *pages[16];
	unsigned long i;
	long ret;

	ret = get_user_pages_fast(addr, nr, write ? FOLL_WRITE : 0, pages);
	if (ret <= 0)
		return ret;
	copy_out(kmap(pages[0]), write);
	for (i = 0; i < ret; i++) {
		if (write)
			set_page_dirty(pages[i]);
		put_page(pages[i]);
	}
	return ret;
}

// A condition on the page itself cannot move out of the loop: each
// put_page() becomes unpin_user_page().
static long xfer_pages_reserved(unsigned long addr, unsigned long nr)
{
	struct page *pages[16];
	unsigned long i;
	long ret;

	ret = get_user_pages_fast(addr, nr, FOLL_WRITE, pages);
	if (ret <= 0)
		return ret;
	for (i = 0; i < ret; i++) {
		if (!PageReserved(pages[i]))
			SetPageDirty(pages[i]);
		put_page(pages[i]);
	}
	return ret;
}
