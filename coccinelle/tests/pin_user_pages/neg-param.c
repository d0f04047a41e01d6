// The array belongs to the caller (a parameter): its release is not in
// this function, even though the error path is.
static int pin_pages(unsigned long addr, unsigned int nr, struct page **pages,
		     int write)
{
	int ret;

	ret = get_user_pages_fast(addr, nr, write ? FOLL_WRITE : 0, pages);
	if (ret >= 0 && ret < nr) {
		while (ret--)
			put_page(pages[ret]);
		ret = -EFAULT;
	}
	return ret;
}
