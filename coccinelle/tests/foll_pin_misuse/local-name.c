// A local array is not a structure field: its wrong release is reported
// with the call of its own function only, not also with the call of
// another function whose array has the same name.
static int put_tail(unsigned long addr)
{
	struct page *pages[4];
	int n;

	n = pin_user_pages_fast(addr, 4, 0, pages);
	if (n > 1)
		release_pages(pages + 1, n - 1);
	return 0;
}

static int unpin_all(unsigned long addr)
{
	struct page *pages[4];
	int n;

	n = pin_user_pages_fast(addr, 4, 0, pages);
	if (n > 0)
		unpin_user_pages(pages, n);
	return 0;
}
