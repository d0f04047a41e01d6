// Declarations, comments and strings are not call sites.
long get_user_pages(unsigned long start, unsigned long nr_pages,
		    unsigned int gup_flags, struct page **pages,
		    struct vm_area_struct **vmas);
int pin_user_pages_fast(unsigned long start, int nr_pages,
			unsigned int gup_flags, struct page **pages);

/* get_user_pages_fast(addr, 1, 0, &page) in a comment */
static const char *msg = "get_user_pages(addr, 1, 0, pages, NULL) failed";
