// Short DMA without FOLL_LONGTERM: the heuristics cannot tell case 1 from
// case 2; the override table says.
static int xfer(struct dev *dev, unsigned long addr, int nr)
{
	struct page *pages[16];
	int ret, i;

	ret = get_user_pages_fast(addr, nr, FOLL_WRITE, pages);
	for (i = 0; i < ret; i++)
		dma_map_page(dev, pages[i], 0, PAGE_SIZE, DMA_FROM_DEVICE);
	wait_for_xfer(dev);
	for (i = 0; i < ret; i++) {
		set_page_dirty_lock(pages[i]);
		put_page(pages[i]);
	}
	return ret;
}

// A local helper that carries the API's name is not the API.
static int pin_user_pages(unsigned long a, unsigned long b, int c, int d,
			  struct page **pages)
{
	return 0;
}

static int user(struct page **pages)
{
	return pin_user_pages(1, 2, 3, 4, pages);
}
