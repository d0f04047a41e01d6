// A collapsed for loop keeps the loop's behaviour for a negative count
// (gup's error return): it did nothing, so the call is guarded. An
// unsigned count needs no guard. The counter goes when nothing else uses
// it, and stays when something does.
static long signed_count(unsigned long addr, int nr)
{
	struct page *pages[8];
	long got;
	int i;

	got = get_user_pages_fast(addr, nr, FOLL_WRITE, pages);
	consume(page_address(pages[0]));
	for (i = 0; i < got; i++)
		put_page(pages[i]);
	return got;
}

static void unsigned_count(unsigned long addr, unsigned int nr)
{
	struct page *pages[8];
	unsigned int i;

	if (get_user_pages_fast(addr, nr, 0, pages) != nr)
		return;
	consume(page_address(pages[0]));
	for (i = 0; i < nr; i++)
		put_page(pages[i]);
}

static long counter_used(unsigned long addr, int nr)
{
	struct page *pages[8];
	int i, got;

	got = get_user_pages_fast(addr, nr, 0, pages);
	for (i = 0; i < got; i++)
		flush_dcache_page(pages[i]);
	for (i = 0; i < got; i++)
		put_page(pages[i]);
	return got;
}
