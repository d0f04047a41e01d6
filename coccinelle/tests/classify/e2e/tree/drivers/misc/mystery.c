// A call site that neither an override nor the evidence decides: the page
// is handed back to the caller, whose use is not in this file. classify
// --tree reports it as undecided and does not fail.
static struct page *mystery_page(unsigned long addr)
{
	struct page *page;

	if (get_user_pages_fast(addr, 1, 0, &page) != 1)
		return NULL;
	return page;
}
