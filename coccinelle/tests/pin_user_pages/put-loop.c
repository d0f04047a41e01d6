// Local array, released with a put_page() loop in the same function.
static int copy_from_user_pages(unsigned long addr, int nr)
{
	struct page **pages;
	int i, ret;

	pages = kcalloc(nr, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	ret = get_user_pages_fast(addr, nr, 0, pages);
	if (ret < 0)
		goto out;
	for (i = 0; i < ret; i++)
		consume(page_address(pages[i]));
	for (i = 0; i < ret; i++)
		put_page(pages[i]);
out:
	kfree(pages);
	return ret;
}
