// __get_user_pages_fast() and its pin twin, pin_user_pages_fast_only(),
// are audited like the other calls.
static int fast_only_pinned_put(unsigned long addr, struct page **pages)
{
	int i, n;

	n = pin_user_pages_fast_only(addr, 4, FOLL_WRITE, pages);
	for (i = 0; i < n; i++)
		put_page(pages[i]);
	return 0;
}

static int fast_gup_unpinned(unsigned long addr)
{
	struct page *page;

	if (__get_user_pages_fast(addr, 1, 1, &page) != 1)
		return -EFAULT;
	unpin_user_page(page);
	return 0;
}

// Correct pairs: no report.
static int fast_only_correct(unsigned long addr, struct page **pages,
			     struct page **other)
{
	int n;

	n = pin_user_pages_fast_only(addr, 4, 0, pages);
	if (n > 0)
		unpin_user_pages(pages, n);
	n = __get_user_pages_fast(addr, 4, 0, other);
	while (n > 0)
		put_page(other[--n]);
	return 0;
}
