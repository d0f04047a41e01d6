// A counter used in a macro stays; one with an initializer goes; a count
// that is not safe to evaluate twice keeps its loop.
#define CLEAR_IDX() do { i = 0; } while (0)
static long macro_use(unsigned long addr, int nr)
{
	struct page *pages[8];
	int i, got;

	got = get_user_pages_fast(addr, nr, 0, pages);
	consume(page_address(pages[0]));
	for (i = 0; i < got; i++)
		put_page(pages[i]);
	CLEAR_IDX();
	return got;
}

static long init_counter(unsigned long addr, int nr)
{
	struct page *pages[8];
	int i = 0;
	long got;

	got = get_user_pages_fast(addr, nr, 0, pages);
	consume(page_address(pages[0]));
	for (i = 0; i < got; i++)
		put_page(pages[i]);
	return got;
}

static long side_effect(unsigned long addr, struct file *f)
{
	struct page *pages[8];
	int i;

	get_user_pages_fast(addr, 8, 0, pages);
	consume(page_address(pages[0]));
	for (i = 0; i < next_count(f); i++)
		put_page(pages[i]);
	return 0;
}
