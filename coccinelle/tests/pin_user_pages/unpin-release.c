// After the put_user_page*() rename, a call left on get_user_pages*()
// whose pages reach unpin_*(): the call is converted.
static int register_buf(unsigned long ubuf, int nr_pages, struct page **vec)
{
	struct page *pages[64];
	int pret, i;

	pret = get_user_pages(ubuf, nr_pages, FOLL_WRITE | FOLL_LONGTERM, pages,
			      NULL);
	if (pret != nr_pages) {
		if (pret > 0)
			unpin_user_pages(pages, pret);
		return -EFAULT;
	}
	for (i = 0; i < nr_pages; i++)
		kunmap(pages[i]);
	unpin_user_pages_dirty_lock(pages, nr_pages, true);
	return 0;
}
