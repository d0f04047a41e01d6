// Case 2 from the flags: FOLL_LONGTERM, pages into an sg table.
static int reg_mr(struct mr *mr, unsigned long addr, int nr)
{
	int ret, i;

	ret = get_user_pages_fast(addr, nr, FOLL_WRITE | FOLL_LONGTERM,
				  mr->pages);
	if (ret < 0)
		return ret;
	for (i = 0; i < ret; i++)
		sg_set_page(&mr->sg[i], mr->pages[i], PAGE_SIZE, 0);
	return 0;
}

static void dereg_mr(struct mr *mr)
{
	unpin_user_pages_dirty_lock(mr->pages, mr->nr, true);
}

// Converted already.
static int reg_mr_pinned(struct mr *mr, unsigned long addr, int nr)
{
	return pin_user_pages_fast(addr, nr, FOLL_WRITE | FOLL_LONGTERM,
				   mr->pages);
}
