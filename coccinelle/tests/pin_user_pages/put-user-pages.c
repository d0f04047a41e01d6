// v5.4 already released these pages with put_user_pages*(), in another
// function: the call and the placeholder names are converted.
static int umem_get(struct umem *umem, unsigned long addr, int nr)
{
	struct page **page_list = umem->tmp;
	int ret;

	ret = get_user_pages(addr, nr, FOLL_WRITE | FOLL_LONGTERM, page_list,
			     NULL);
	if (ret < 0)
		return ret;
	add_to_sg(umem->sg, page_list, ret);
	return 0;
}

static void umem_release(struct umem *umem, int dirty)
{
	struct scatterlist *sg;
	int i;

	for_each_sg(umem->sg, sg, umem->nents, i) {
		struct page *page = sg_page(sg);

		put_user_pages_dirty_lock(&page, 1, dirty);
	}
	put_user_page(umem->extra);
}
