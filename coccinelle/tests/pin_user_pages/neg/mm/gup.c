// mm/gup.c implements the API: its put_user_page*() calls are renamed by
// the series together with the definitions, not by the semantic patch.
void put_user_pages(struct page **pages, unsigned long npages)
{
	unsigned long index;

	for (index = 0; index < npages; index++)
		put_user_page(pages[index]);
}

static long gup_internal(unsigned long start, struct page **pages)
{
	long ret;
	int i;

	ret = get_user_pages_fast(start, 4, 0, pages);
	for (i = 0; i < ret; i++)
		put_page(pages[i]);
	return ret;
}
