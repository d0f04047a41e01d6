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

// A call or an assignment that passes FOLL_PIN is reported, even when it
// is an operand of a comparison.
static long caller_compares_call(unsigned long addr, struct page **pages,
				 unsigned int flags, int n)
{
	if (get_user_pages_fast(addr, n, FOLL_WRITE | FOLL_PIN, pages) != n)
		return -EFAULT;
	if ((flags = FOLL_PIN | FOLL_WRITE) == 0)
		return 0;
	return n == 1 && get_user_pages(addr, 1, FOLL_PIN, pages, NULL) == 1;
}
