// Case 3: the file uses an MMU notifier. The pages are not pinned, and
// not even put_user_page() is renamed here.
static const struct mmu_notifier_ops odp_ops = {
	.invalidate_range_start = odp_invalidate,
};

static int odp_fault(struct mm_struct *mm, unsigned long addr)
{
	struct page *page;

	if (get_user_pages_remote(current, mm, addr, 1, 0, &page, NULL,
				  NULL) != 1)
		return -EFAULT;
	map_into_device(page_to_phys(page));
	put_user_page(page);
	return 0;
}

static int odp_fault_many(unsigned long addr, int nr)
{
	struct page *pages[4];
	int i, ret;

	ret = get_user_pages_fast(addr, nr, 0, pages);
	for (i = 0; i < ret; i++)
		put_page(pages[i]);
	return ret;
}
