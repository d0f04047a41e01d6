// Correct pairs: gup + put_page(), pin + unpin_*(); different arrays; an
// array reassigned between the call and the release; a field released
// through another structure.
static int gup_put(unsigned long addr, int nr)
{
	struct page *pages[16];
	int i, ret;

	ret = get_user_pages_fast(addr, nr, 0, pages);
	for (i = 0; i < ret; i++)
		put_page(pages[i]);
	return ret;
}

static int pin_unpin(unsigned long addr, int nr, bool dirty)
{
	struct page *pages[16];
	struct page *page;
	int ret;

	ret = pin_user_pages_fast(addr, nr, FOLL_WRITE, pages);
	if (ret > 0)
		unpin_user_pages_dirty_lock(pages, ret, dirty);
	if (pin_user_pages(addr, 1, 0, &page, NULL) == 1)
		unpin_user_page(page);
	return ret;
}

static int two_arrays(unsigned long addr, struct page **other, int n)
{
	struct page *pages[4];
	int i, ret;

	ret = pin_user_pages_fast(addr, 4, 0, pages);
	for (i = 0; i < n; i++)
		put_page(other[i]);
	unpin_user_pages(pages, ret);
	return ret;
}

static int reassigned(unsigned long addr)
{
	struct page *page;

	if (pin_user_pages_fast(addr, 1, 0, &page) != 1)
		return -EFAULT;
	unpin_user_page(page);
	page = alloc_page(GFP_KERNEL);
	put_page(page);
	return 0;
}

static int benchmark_release(unsigned int cmd, struct page **pages,
			     unsigned long nr_pages)
{
	unsigned long i;

	if (is_pin_cmd(cmd)) {
		unpin_user_pages(pages, nr_pages);
		return 0;
	}
	for (i = 0; i < nr_pages; i++)
		put_page(pages[i]);
	return 0;
}

struct umem {
	struct page **pgs;
	int npgs;
};

static int umem_pin(struct umem *umem, unsigned long addr)
{
	return pin_user_pages(addr, umem->npgs, FOLL_LONGTERM, umem->pgs, NULL);
}

static void umem_unpin(struct umem *umem)
{
	unpin_user_pages_dirty_lock(umem->pgs, umem->npgs, true);
}

static void other_release(struct other *o)
{
	int i;

	for (i = 0; i < o->npgs; i++)
		put_page(o->pgs[i]);
}
