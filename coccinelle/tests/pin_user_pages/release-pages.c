// release_pages() of the array, and a released alias of an element.
static int grab(unsigned long addr, int nr)
{
	struct page *pages[32];
	struct page *page;
	int ret, i;

	ret = get_user_pages_fast(addr, nr, FOLL_WRITE, pages);
	if (ret <= 0)
		return ret;
	if (ret < nr) {
		release_pages(pages, ret);
		return -EFAULT;
	}
	page = pages[0];
	if (check(kmap(page))) {
		put_page(page);
		release_pages(pages + 1, ret - 1);
		return -EIO;
	}
	for (i = 0; i < ret; i++)
		put_page(pages[i]);
	return i;
}
