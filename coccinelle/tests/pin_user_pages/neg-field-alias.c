// The structure is released through another name (pin->pages): the
// release cannot be matched with the call, which stays as it is.
struct pinned {
	struct page **pages;
	int nr_pages;
};

static int pin_them(struct pinned *pinned_pages, unsigned long addr, int nr)
{
	int i;

	pinned_pages->nr_pages = get_user_pages_fast(addr, nr, FOLL_WRITE,
						     pinned_pages->pages);
	if (pinned_pages->nr_pages != nr) {
		for (i = 0; i < pinned_pages->nr_pages; i++)
			put_page(pinned_pages->pages[i]);
		return -EFAULT;
	}
	return 0;
}

static void destroy(struct pinned *pin)
{
	int j;

	for (j = 0; j < pin->nr_pages; j++)
		put_page(pin->pages[j]);
}
