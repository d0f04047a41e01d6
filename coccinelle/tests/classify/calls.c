// Every call shape, the flags in a variable, the array and page forms,
// what the file does with them.
struct buf {
	struct page **pages;
	int nr;
	struct scatterlist *sgl;
};

static int fill_sg(struct scatterlist *sg, struct page **pages, int n)
{
	int i;

	for (i = 0; i < n; i++)
		sg_set_page(&sg[i], pages[i], PAGE_SIZE, 0);
	return 0;
}

static int buf_map(struct buf *b, unsigned long addr, bool write)
{
	unsigned int gup_flags = FOLL_LONGTERM;
	int ret;

	if (write)
		gup_flags |= FOLL_WRITE;
	ret = get_user_pages(addr, b->nr, gup_flags, b->pages, NULL);
	if (ret < 0)
		return ret;
	return fill_sg(b->sgl, b->pages, ret);
}

static void buf_unmap(struct buf *b)
{
	unpin_user_pages_dirty_lock(b->pages, b->nr, true);
}

static int peek(struct mm_struct *mm, unsigned long addr)
{
	struct page *page;
	void *p;
	int ret;

	ret = get_user_pages_remote(current, mm, addr, 1, FOLL_FORCE, &page,
				    NULL, NULL);
	if (ret != 1)
		return -EFAULT;
	p = kmap(page);
	ret = *(int *)p;
	kunmap(page);
	put_page(page);
	return ret;
}

static int alias(unsigned long addr, int nr)
{
	struct page *pages[8];
	struct page *page;
	int ret, i;

	ret = pin_user_pages_fast(addr, nr, FOLL_WRITE, pages);
	for (i = 0; i < ret; i++) {
		page = pages[i];
		if (PageHuge(page))
			return -EINVAL;
		dma_map_page(dev, page, 0, PAGE_SIZE, DMA_TO_DEVICE);
	}
	unpin_user_pages(pages, ret);
	return 0;
}

static int variants(unsigned long addr, struct page **out)
{
	int locked = 1;
	long ret;

	ret = get_user_pages_unlocked(addr, 1, out, FOLL_WRITE);
	ret = get_user_pages_locked(addr, 1, 0, out + 1, &locked);
	ret = __get_user_pages_fast(addr, 1, 1, &out[2]);
	ret = pin_user_pages_remote(current, current->mm, addr, 1, 0, out, NULL,
				    NULL);
	ret = get_user_pages_fast(addr, 1, 0, NULL);
	return ret;
}

static const struct mmu_notifier_ops ops = {
	.release = NULL,
};
