// The array lives in a structure. The error path releases it by name, but
// the real release is a helper of this file that puts the pages it is
// given, and a bvec that holds them: the call stays on gup.
struct req {
	struct page **pages;
	struct bio_vec *bvec;
	int nr;
};

static void put_pages(struct page **list, int n)
{
	while (n--)
		put_page(list[n]);
}

static int req_pin(struct req *r, unsigned long addr)
{
	int got, i;

	got = get_user_pages_fast(addr, r->nr, 0, r->pages);
	if (got < r->nr) {
		for (i = 0; i < got; i++)
			put_page(r->pages[i]);
		return -EFAULT;
	}
	for (i = 0; i < got; i++)
		r->bvec[i].bv_page = r->pages[i];
	return 0;
}

static void req_done(struct req *r)
{
	put_pages(r->pages, r->nr);
}
