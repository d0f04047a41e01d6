// Local array, dirtied and released in a loop; the counter is reused.
static int fill_user_pages(unsigned long addr, int nr, struct page **buf)
{
	struct page **pages = buf + 1;
	int i, ret;

	down_read(&current->mm->mmap_sem);
	ret = get_user_pages(addr, nr, FOLL_WRITE, pages, NULL);
	up_read(&current->mm->mmap_sem);
	if (ret <= 0)
		return ret;
	for (i = 0; i < ret; i++)
		fill(kmap(pages[i]));
	for (i = 0; i < ret; i++) {
		set_page_dirty_lock(pages[i]);
		put_page(pages[i]);
	}
	i = 0;
	return ret + i;
}
