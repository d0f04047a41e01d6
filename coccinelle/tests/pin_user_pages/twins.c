// The pin twins: get_user_pages_locked() and get_user_pages_unlocked()
// keep their arguments; __get_user_pages_fast() takes gup flags instead
// of a write flag as pin_user_pages_fast_only().
static long frames(unsigned long start, unsigned long nr,
		   unsigned int gup_flags)
{
	struct page *pages[16];
	int locked = 1;
	long ret;

	down_read(&current->mm->mmap_sem);
	ret = get_user_pages_locked(start, nr, gup_flags, pages, &locked);
	if (locked)
		up_read(&current->mm->mmap_sem);
	if (ret <= 0)
		return ret;
	copy_out(kmap(pages[0]), ret);
	release_pages(pages, ret);
	return 0;
}

static long udma(unsigned long start, unsigned long nr)
{
	struct page *pages[16];
	long i, ret;

	ret = get_user_pages_unlocked(start, nr, pages, FOLL_FORCE);
	if (ret != nr) {
		for (i = 0; i < ret; i++)
			put_page(pages[i]);
		return -EFAULT;
	}
	copy_out(kmap(pages[0]), ret);
	for (i = 0; i < ret; i++)
		put_page(pages[i]);
	return 0;
}

static int fast_only(unsigned long start, int nr, bool ro)
{
	struct page *pages[16];
	int pinned;

	pinned = __get_user_pages_fast(start, nr, !ro, pages);
	if (pinned < nr) {
		release_pages(pages, pinned);
		return -EAGAIN;
	}
	copy_out(kmap(pages[0]), pinned);
	release_pages(pages, pinned);
	return 0;
}

static int fast_only_write(unsigned long start, struct page **out)
{
	struct page *page;

	if (__get_user_pages_fast(start, 1, 1, &page) != 1)
		return -EAGAIN;
	copy_out(kmap(page), 1);
	put_page(page);
	return 0;
}
