// mm/gup.c owns FOLL_PIN.
long pin_user_pages_fast(unsigned long start, int nr_pages,
			 unsigned int gup_flags, struct page **pages)
{
	return internal_get_user_pages_fast(start, nr_pages,
					    gup_flags | FOLL_PIN, pages);
}
