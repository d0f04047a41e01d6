// Case 4 from the evidence: the struct page only, released in place; and
// a call that only faults pages in.
static int page_node(unsigned long addr)
{
	struct page *p;
	int locked = 1, nid = -1;

	if (get_user_pages_locked(addr, 1, 0, &p, &locked) == 1) {
		nid = page_to_nid(p);
		put_page(p);
	}
	return nid;
}

static int fault_in(unsigned long addr, int nr)
{
	return get_user_pages(addr, nr, FOLL_WRITE, NULL, NULL);
}
