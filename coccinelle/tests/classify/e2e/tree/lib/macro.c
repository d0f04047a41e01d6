// A call inside a construct spatch cannot parse: found by the plain scan,
// classified by the override table.
#define for_each_thing(x) for (x = 0; x < 4; x++)

static int weird(unsigned long addr, struct page **pages)
{
	int i, n = 0;

	for_each_thing(i) ({
		n += get_user_pages_fast(addr, 1, FOLL_WRITE, pages + i);
	})
	return n;
}
