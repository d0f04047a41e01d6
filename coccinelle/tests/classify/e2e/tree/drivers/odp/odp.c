// Case 3: an MMU notifier, the reference dropped right away.
static const struct mmu_notifier_ops odp_ops = {
	.invalidate_range_start = odp_invalidate,
};

static int odp_fault(struct odp *odp, unsigned long addr)
{
	struct page *page;

	if (get_user_pages_remote(odp->task, odp->mm, addr, 1, 0, &page, NULL,
				  NULL) != 1)
		return -EFAULT;
	odp->dma[0] = page_to_phys(page);
	put_page(page);
	return 0;
}
