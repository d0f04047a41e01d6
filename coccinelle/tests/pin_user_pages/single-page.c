// One page, &page passed: unpin_user_page(), or the dirty variant.
static int peek_user_page(unsigned long addr)
{
	struct page *page;
	int ret;

	ret = get_user_pages_fast(addr, 1, 0, &page);
	if (ret != 1)
		return -EFAULT;
	ret = check(page_address(page));
	put_page(page);
	return ret;
}

static int poke_user_page(struct mm_struct *mm, unsigned long addr, bool dirty)
{
	struct page *page;
	long ret;

	ret = get_user_pages_remote(current, mm, addr, 1, FOLL_WRITE, &page,
				    NULL, NULL);
	if (ret != 1)
		return -EFAULT;
	if (dirty)
		set_page_dirty_lock(page);
	put_page(page);
	return 0;
}
