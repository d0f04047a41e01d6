// gup's own functions, under names that v5.4's mm/gup.c does not have:
// they take and drop pins and references themselves. This file is both
// neg/gup-internals/mm/gup.c, where nothing is reported, and
// gup-internals/drivers/gup.c, where every release below is: (b) and (c)
// exempt mm/gup.c by its path, not by the names of its functions.

// Pins, checks the pages and drops them on the error path.
static int pin_fast_checked(unsigned long start, int nr_pages,
			    unsigned int gup_flags, struct page **pages)
{
	int i, got;

	got = pin_user_pages_fast_only(start, nr_pages, gup_flags, pages);
	for (i = 0; i < got; i++) {
		if (page_needs_slow_path(pages[i]))
			break;
	}
	if (i < got) {
		while (got > 0)
			put_page(pages[--got]);
		return 0;
	}
	return got;
}

// Gets the pages, then gives them back if one of them must move first.
static long get_then_check_movable(struct mm_struct *mm, unsigned long start,
				   unsigned long nr_pages, struct page **pages)
{
	long i, got;

	got = get_user_pages_remote(current, mm, start, nr_pages, 0, pages,
				    NULL, NULL);
	for (i = 0; i < got; i++) {
		if (page_must_move(pages[i])) {
			unpin_user_pages(pages, got);
			return -EAGAIN;
		}
	}
	return got;
}

// The unpin implementation, under an internal name.
static void drop_pinned_pages(struct page **pages, unsigned long npages)
{
	unsigned long i;

	for (i = 0; i < npages; i++) {
		pinned_count_sub(pages[i]);
		put_page(pages[i]);
	}
}

void unpin_user_pages(struct page **pages, unsigned long npages)
{
	drop_pinned_pages(pages, npages);
}

static long pin_exactly(unsigned long start, unsigned long nr_pages,
			unsigned int gup_flags, struct page **pages)
{
	long got;

	got = pin_user_pages(start, nr_pages, gup_flags, pages, NULL);
	if (got >= 0 && got < nr_pages) {
		drop_pinned_pages(pages, got);
		return -EFAULT;
	}
	return got;
}

// A batch of pins kept in a structure, dropped in another function.
struct pin_batch {
	struct page **pages;
	unsigned long nr;
};

static long pin_batch_fill(struct pin_batch *batch, struct mm_struct *mm,
			   unsigned long start)
{
	return pin_user_pages_remote(current, mm, start, batch->nr, FOLL_WRITE,
				     batch->pages, NULL, NULL);
}

static void pin_batch_drop(struct pin_batch *batch)
{
	release_pages(batch->pages, batch->nr);
}
