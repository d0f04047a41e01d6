// A release chosen by the kind of reference: the object holds pins when
// it maps user memory and page references otherwise, and the function
// that releases it unpins or puts the same expression by that flag. Not
// reported: for a field, a single page, a local array (also when the
// array is pinned in one branch and got in the other) and a helper.
#define SHM_USER_MAPPED	BIT(0)
#define XFER_PAGES	4

struct shm {
	unsigned int flags;
	struct page **pages;
	size_t num_pages;
	struct page *page;
};

static int shm_register(struct shm *shm, unsigned long addr, void *kbuf)
{
	size_t i;
	int rc;

	if (shm->flags & SHM_USER_MAPPED) {
		rc = pin_user_pages_fast(addr, shm->num_pages, FOLL_WRITE,
					 shm->pages);
		if (rc < 0)
			return rc;
		if (rc != shm->num_pages) {
			unpin_user_pages(shm->pages, rc);
			return -ENOMEM;
		}
		return 0;
	}
	for (i = 0; i < shm->num_pages; i++) {
		shm->pages[i] = virt_to_page(kbuf + i * PAGE_SIZE);
		get_page(shm->pages[i]);
	}
	return 0;
}

static void shm_release(struct shm *shm)
{
	size_t i;

	if (shm->flags & SHM_USER_MAPPED)
		unpin_user_pages(shm->pages, shm->num_pages);
	else
		for (i = 0; i < shm->num_pages; i++)
			put_page(shm->pages[i]);
}

static void shm_release_each(struct shm *shm)
{
	size_t i;

	for (i = 0; i < shm->num_pages; i++) {
		if (shm->flags & SHM_USER_MAPPED)
			unpin_user_page(shm->pages[i]);
		else
			put_page(shm->pages[i]);
	}
}

static int shm_register_one(struct shm *shm, unsigned long addr)
{
	if (shm->flags & SHM_USER_MAPPED)
		return pin_user_pages_fast(addr, 1, 0, &shm->page) == 1 ?
		       0 : -EFAULT;
	shm->page = alloc_page(GFP_KERNEL);
	return shm->page ? 0 : -ENOMEM;
}

static void shm_release_one(struct shm *shm)
{
	if (shm->flags & SHM_USER_MAPPED)
		unpin_user_page(shm->page);
	else
		put_page(shm->page);
}

static int xfer_user_or_kernel(unsigned long addr, void *kbuf, bool user)
{
	struct page *pages[XFER_PAGES];
	int i, n;

	if (user) {
		n = pin_user_pages_fast(addr, XFER_PAGES, 0, pages);
		if (n <= 0)
			return -EFAULT;
	} else {
		for (n = 0; n < XFER_PAGES; n++) {
			pages[n] = virt_to_page(kbuf + n * PAGE_SIZE);
			get_page(pages[n]);
		}
	}
	do_xfer(pages, n);
	if (user)
		unpin_user_pages(pages, n);
	else
		for (i = 0; i < n; i++)
			put_page(pages[i]);
	return 0;
}

static int xfer_pin_or_get(unsigned long addr, bool longterm)
{
	struct page *pages[XFER_PAGES];
	int i, n;

	if (longterm)
		n = pin_user_pages_fast(addr, XFER_PAGES, FOLL_LONGTERM, pages);
	else
		n = get_user_pages_fast(addr, XFER_PAGES, 0, pages);
	if (n <= 0)
		return -EFAULT;
	do_xfer(pages, n);
	if (longterm) {
		unpin_user_pages(pages, n);
	} else {
		for (i = 0; i < n; i++)
			put_page(pages[i]);
	}
	return 0;
}

static void put_kernel_pages(struct page **list, int n)
{
	while (n--)
		put_page(list[n]);
}

static int xfer_helper(unsigned long addr, void *kbuf, bool user)
{
	struct page *pages[XFER_PAGES];
	int n;

	if (user) {
		n = pin_user_pages_fast(addr, XFER_PAGES, 0, pages);
		if (n <= 0)
			return -EFAULT;
	} else {
		n = fill_kernel_pages(pages, kbuf, XFER_PAGES);
	}
	do_xfer(pages, n);
	if (user)
		unpin_user_pages(pages, n);
	else
		put_kernel_pages(pages, n);
	return 0;
}
