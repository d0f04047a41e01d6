// (c) pages from get_user_pages*() released with unpin_user_page*().
static int gup_then_unpin(unsigned long addr, int nr)
{
	struct page *pages[16];
	int ret;

	ret = get_user_pages_fast(addr, nr, FOLL_WRITE, pages);
	if (ret > 0)
		unpin_user_pages_dirty_lock(pages, ret, true);
	return ret;
}

static int gup_one_unpin(struct mm_struct *mm, unsigned long addr)
{
	struct page *page;
	long ret;

	ret = get_user_pages_remote(current, mm, addr, 1, 0, &page, NULL, NULL);
	if (ret == 1)
		unpin_user_page(page);
	return ret;
}

static int odp_like(struct mm_struct *mm, unsigned long addr, int npages)
{
	struct page **local_page_list = alloc_list();
	int j, ret;

	ret = get_user_pages_remote(current, mm, addr, npages, 0,
				    local_page_list, NULL, NULL);
	for (j = 0; j < ret; ++j) {
		if (check(local_page_list[j])) {
			unpin_user_page(local_page_list[j]);
			continue;
		}
	}
	if (npages - (j + 1) > 0)
		unpin_user_pages(&local_page_list[j + 1], npages - (j + 1));
	return ret;
}

static int unlocked_alias(unsigned long addr)
{
	struct page *pages[1];
	struct page *page;

	if (get_user_pages_unlocked(addr, 1, pages, FOLL_WRITE) != 1)
		return -EFAULT;
	page = pages[0];
	unpin_user_page(page);
	return 0;
}

struct ctx {
	struct page **pages;
	int nr;
};

static int ctx_get(struct ctx *ctx, unsigned long addr)
{
	return get_user_pages_fast(addr, ctx->nr, 0, ctx->pages);
}

static void ctx_put(struct ctx *ctx)
{
	unpin_user_pages(ctx->pages, ctx->nr);
}
