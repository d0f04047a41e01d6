// No visible release, no pages at all, a release of another array, and
// calls that are already converted: nothing changes.
static int fault_in(unsigned long addr)
{
	return get_user_pages_fast(addr, 1, FOLL_WRITE, NULL);
}

static int keep(struct ctx *ctx, unsigned long addr)
{
	return get_user_pages_fast(addr, 1, FOLL_WRITE, ctx->pages);
}

static int other_array(unsigned long addr, struct page **spare, int n)
{
	struct page *pages[4];
	int i, ret;

	ret = get_user_pages_fast(addr, 4, 0, pages);
	for (i = 0; i < n; i++)
		put_page(spare[i]);
	return ret;
}

static int already(unsigned long addr)
{
	struct page *pages[4];
	int ret;

	ret = pin_user_pages_fast(addr, 4, 0, pages);
	if (ret > 0)
		unpin_user_pages(pages, ret);
	return ret;
}
