// The array lives in a structure. The error path releases it by name,
// but the real release goes through the sg table: converting the call
// and the error path would leave that release on put_page().
struct ubuf {
	struct page **pages;
	struct sg_table sgt;
	int nr;
};

static int ubuf_map(struct ubuf *buf, unsigned long addr)
{
	int ret, i;

	ret = get_user_pages_fast(addr, buf->nr, FOLL_WRITE, buf->pages);
	if (ret != buf->nr) {
		for (i = 0; i < ret; i++)
			put_page(buf->pages[i]);
		return -EFAULT;
	}
	ret = sg_alloc_table_from_pages(&buf->sgt, buf->pages, buf->nr, 0,
					buf->nr << PAGE_SHIFT, GFP_KERNEL);
	return ret;
}

static void ubuf_unmap(struct ubuf *buf)
{
	struct sg_page_iter it;

	for_each_sg_page(buf->sgt.sgl, &it, buf->sgt.nents, 0)
		put_page(sg_page_iter_page(&it));
	sg_free_table(&buf->sgt);
}
