// Sanity checks that compare the FOLL_PIN bits, or test that a caller
// did not pass them, set nothing.
static long check_flags(unsigned int gup_flags)
{
	if (WARN_ON_ONCE((gup_flags & (FOLL_PIN | FOLL_GET)) ==
			 (FOLL_PIN | FOLL_GET)))
		return -EINVAL;
	if ((gup_flags & (FOLL_PIN | FOLL_GET)) != (FOLL_PIN | FOLL_GET))
		return 0;
	if (FOLL_PIN == (gup_flags & FOLL_PIN))
		return 1;
	return (gup_flags & FOLL_PIN) ? 2 : 3;
}

static bool is_pin(unsigned int flags)
{
	return (flags & (FOLL_PIN | FOLL_LONGTERM)) == FOLL_PIN;
}
