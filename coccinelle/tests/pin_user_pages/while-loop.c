// The release loop counts down; its counter is not used afterwards, or
// reassigned first.
static int rw_single_vec(unsigned long pa, unsigned long nr_pages,
			 struct page **process_pages_unused)
{
	struct page *process_pages[16];
	int rc = 0;

	while (!rc && nr_pages) {
		int pages = min(nr_pages, 16UL);

		pages = get_user_pages_remote(task, mm, pa, pages, 0,
					      process_pages, NULL, NULL);
		if (pages <= 0)
			return -EFAULT;
		rc = copy_out(kmap(process_pages[0]));
		nr_pages -= pages;
		while (pages)
			put_page(process_pages[--pages]);
	}
	return rc;
}

static int short_pin(unsigned long addr, int nr)
{
	struct page *pages[8];
	int ret;

	ret = get_user_pages_fast(addr, nr, 0, pages);
	if (ret >= 0 && ret < nr) {
		while (ret--)
			put_page(pages[ret]);
		ret = -EFAULT;
	}
	return ret;
}
