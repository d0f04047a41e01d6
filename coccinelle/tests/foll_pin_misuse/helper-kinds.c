// The same helper puts the pages of a gup call (right) and of a pin call
// (wrong): the right use does not hide the wrong one.
static void put_all(struct page **list, int n)
{
	while (n--)
		put_page(list[n]);
}

static int both(unsigned long addr, struct page **got, struct page **pinned)
{
	int n;

	n = get_user_pages_fast(addr, 4, 0, got);
	put_all(got, n);
	n = pin_user_pages_fast(addr, 4, 0, pinned);
	put_all(pinned, n);
	return 0;
}
