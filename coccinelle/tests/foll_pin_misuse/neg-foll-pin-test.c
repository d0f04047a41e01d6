// Testing or clearing FOLL_PIN is not setting it.
static struct page *follow_thing(unsigned int flags, struct page *page)
{
	if (flags & (FOLL_GET | FOLL_PIN))
		get_it(page, flags);
	if (!(flags & FOLL_PIN))
		return NULL;
	if (WARN_ON_ONCE(flags & FOLL_PIN))
		return NULL;
	flags &= ~FOLL_PIN;
	return page;
}

// FOLL_PIN_REFUSED_TEST, or any other identifier that merely starts with
// FOLL_PIN, is something else.
#define FOLL_PIN_REFUSED_TEST 7
static int other_name(void)
{
	return FOLL_PIN_REFUSED_TEST;
}
