// (b) pinned pages released with put_page(), release_pages(),
// put_user_page*().
static int pin_then_put(unsigned long addr, int nr)
{
	struct page *pages[16];
	int i, ret;

	ret = pin_user_pages_fast(addr, nr, FOLL_WRITE, pages);
	if (ret <= 0)
		return ret;
	for (i = 0; i < ret; i++)
		put_page(pages[i]);
	return 0;
}

static int pin_then_release(struct mm_struct *mm, unsigned long addr, int nr)
{
	struct page **pages = kcalloc(nr, sizeof(*pages), GFP_KERNEL);
	long ret;

	ret = pin_user_pages_remote(current, mm, addr, nr, 0, pages, NULL, NULL);
	if (ret > 0)
		release_pages(pages, ret);
	kfree(pages);
	return ret;
}

static int pin_one(unsigned long addr)
{
	struct page *page;

	if (pin_user_pages(addr, 1, FOLL_WRITE | FOLL_LONGTERM, &page, NULL) != 1)
		return -EFAULT;
	set_page_dirty_lock(page);
	put_user_page(page);
	return 0;
}

static int pin_alias(unsigned long addr, int nr)
{
	struct page *pages[4];
	struct page *page;
	int ret;

	ret = pin_user_pages_fast(addr, nr, 0, pages);
	if (ret < 1)
		return -EFAULT;
	page = pages[0];
	put_page(page);
	return 0;
}

struct umem {
	struct page **pgs;
	int npgs;
	struct page *page;
};

static int umem_pin(struct umem *umem, unsigned long addr)
{
	long ret;

	ret = pin_user_pages(addr, umem->npgs, FOLL_LONGTERM, umem->pgs, NULL);
	if (ret < 0)
		return ret;
	ret = pin_user_pages_fast(addr, 1, 0, &umem->page);
	return ret;
}

static void umem_release(struct umem *umem)
{
	int i;

	for (i = 0; i < umem->npgs; i++)
		put_page(umem->pgs[i]);
	put_page(umem->page);
}
