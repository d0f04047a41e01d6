// The array lives in a structure; it is released in another function
// that names the same expression.
struct xbuf {
	struct page **pages;
	unsigned long nr_pages;
	int dir;
};

static int xbuf_pin(struct xbuf *buf, unsigned long addr)
{
	int ret;

	ret = get_user_pages(addr, buf->nr_pages, FOLL_WRITE | FOLL_LONGTERM,
			     buf->pages, NULL);
	if (ret < 0)
		return ret;
	map_to_device(buf->pages, ret);
	return 0;
}

static void xbuf_release(struct xbuf *buf)
{
	unsigned long i;

	for (i = 0; i < buf->nr_pages; i++) {
		if (buf->dir == DMA_FROM_DEVICE)
			set_page_dirty_lock(buf->pages[i]);
		put_page(buf->pages[i]);
	}
}
