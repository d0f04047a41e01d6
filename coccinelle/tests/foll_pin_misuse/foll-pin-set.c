// (a) FOLL_PIN set or passed by a caller.
static long caller_sets_foll_pin(unsigned long addr, struct page **pages)
{
	unsigned int flags = FOLL_WRITE | FOLL_PIN;

	return get_user_pages_fast(addr, 1, flags, pages);
}

static long caller_passes_foll_pin(unsigned long addr, struct page **pages)
{
	return get_user_pages(addr, 1, FOLL_PIN | FOLL_LONGTERM, pages, NULL);
}

static long caller_ors_foll_pin(unsigned long addr, struct page **pages,
				unsigned int gup_flags)
{
	gup_flags |= FOLL_PIN;
	return pin_user_pages_fast(addr, 1, gup_flags, pages);
}

// A comparison nearby does not hide a FOLL_PIN that is set.
static long caller_picks_foll_pin(unsigned long addr, struct page **pages,
				  int mode)
{
	unsigned int flags = mode == 1 ? FOLL_PIN : 0;

	if ((flags & FOLL_PIN) == FOLL_PIN)
		return get_user_pages_fast(addr, 1, flags, pages);
	return 0;
}
