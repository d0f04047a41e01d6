// Releases in a helper of the same file: the parameter in the position
// the pages were handed to is released the wrong way.
struct pinned {
	struct page **pages;
	int nr;
};

static void put_pages(struct page **list, int n)
{
	while (n--)
		put_page(list[n]);
}

static void drop_one(struct page *page)
{
	unpin_user_page(page);
}

// (b): pinned, then put by the helper.
static int pin_then_put(unsigned long addr, struct page **pages)
{
	int got;

	got = pin_user_pages_fast(addr, 4, 0, pages);
	if (got > 0)
		put_pages(pages, got);
	return 0;
}

// (c): a structure's gup pages, unpinned by a helper elsewhere.
static int get_into(struct pinned *pin, unsigned long addr)
{
	pin->nr = get_user_pages_fast(addr, 4, 0, pin->pages);
	return pin->nr;
}

static void release_first(struct pinned *pin)
{
	drop_one(pin->pages[0]);
}

// Not reported: a helper that releases both ways, by its other argument,
// and a helper whose other parameter is the one put.
static void put_back(bool pinned, struct page **list, int n)
{
	int i;

	if (pinned) {
		unpin_user_pages(list, n);
		return;
	}
	for (i = 0; i < n; i++)
		put_page(list[i]);
}

static void unpin_first_put_second(int n, struct page **a, struct page **b)
{
	unpin_user_pages(a, n);
	while (n--)
		put_page(b[n]);
}

static int correct(unsigned long addr, struct page **pages,
		   struct page **other)
{
	int got;

	got = pin_user_pages_fast(addr, 4, 0, pages);
	put_back(true, pages, got);
	got = get_user_pages_fast(addr, 4, 0, other);
	put_back(false, other, got);
	unpin_first_put_second(got, pages, other);
	return 0;
}
