// pin_user_pages*() refuses FOLL_GET: it goes away with the conversion.
struct xfer {
	struct page **user_pages;
	unsigned int page_count;
};

static int xfer_start(struct xfer *acd, unsigned long uaddr)
{
	int rv, i;

	rv = get_user_pages(uaddr, acd->page_count, FOLL_TOUCH | FOLL_WRITE | FOLL_GET,
			    acd->user_pages, NULL);
	if (rv != acd->page_count)
		goto err;
	return 0;
err:
	for (i = 0 ; i < rv ; i++) {
		put_page(acd->user_pages[i]);
	}
	return -EFAULT;
}

static void xfer_done(struct xfer *acd)
{
	unsigned int i;

	for (i = 0 ; i < acd->page_count ; i++) {
		if (!PageReserved(acd->user_pages[i]))
			set_page_dirty(acd->user_pages[i]);
	}
	for (i = 0 ; i < acd->page_count ; i++) {
		put_page(acd->user_pages[i]);
	}
}
