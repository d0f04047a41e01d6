// A right release does not excuse a wrong one in another function, or of
// another expression: the release function puts the pinned pages with no
// unpin of them there, and a function that unpins one array puts another.
struct shm {
	unsigned int flags;
	struct page **pages;
	size_t num_pages;
};

static int shm_register(struct shm *shm, unsigned long addr)
{
	int rc;

	rc = pin_user_pages_fast(addr, shm->num_pages, FOLL_WRITE, shm->pages);
	if (rc < 0)
		return rc;
	if (rc != shm->num_pages) {
		unpin_user_pages(shm->pages, rc);
		return -ENOMEM;
	}
	return 0;
}

static void shm_release(struct shm *shm)
{
	size_t i;

	for (i = 0; i < shm->num_pages; i++)
		put_page(shm->pages[i]);
}

static int two_arrays(unsigned long addr, struct page **a, struct page **b)
{
	int i, n;

	n = pin_user_pages_fast(addr, XFER_PAGES, 0, a);
	if (n > 0)
		unpin_user_pages(a, n);
	n = pin_user_pages_fast(addr, XFER_PAGES, 0, b);
	for (i = 0; i < n; i++)
		put_page(b[i]);
	return 0;
}
