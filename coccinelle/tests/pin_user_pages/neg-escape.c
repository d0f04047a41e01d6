// The pages go into a scatterlist and are released elsewhere; only the
// error path is visible here. Converting the call would leave the other
// release on put_page(): nothing must change.
static int map_pages(struct scatterlist *sg, unsigned long addr, int nr)
{
	struct page *pages[16];
	int i, ret;

	ret = get_user_pages_fast(addr, nr, FOLL_WRITE, pages);
	if (ret >= 0 && ret < nr) {
		for (i = 0; i < ret; i++)
			put_page(pages[i]);
		return -EFAULT;
	}
	for (i = 0; i < ret; i++)
		sg_set_page(&sg[i], pages[i], PAGE_SIZE, 0);
	return ret;
}

// The same through an alias stored into a structure.
static int stash_page(struct ctx *ctx, unsigned long addr)
{
	struct page *pages[1];
	struct page *page;

	if (get_user_pages_fast(addr, 1, FOLL_WRITE, pages) != 1)
		return -EFAULT;
	page = pages[0];
	if (PageHuge(page)) {
		put_page(page);
		return -EINVAL;
	}
	ctx->page = page;
	return 0;
}

// A single page whose pfn is handed out.
static int get_pfn(unsigned long addr, unsigned long *pfn)
{
	struct page *page;

	if (get_user_pages_fast(addr, 1, 0, &page) != 1)
		return -EFAULT;
	if (PageReserved(page)) {
		put_page(page);
		return -EINVAL;
	}
	*pfn = page_to_pfn(page);
	return 0;
}
