// Case 5 from the evidence: the CPU writes the page through a kernel
// mapping (FOLL_WRITE) and releases it in place. The same without
// FOLL_WRITE is a read for the kernel's own use: case 4.
static int set_flag(unsigned long addr)
{
	struct page *page;
	char *kaddr;

	if (get_user_pages_fast(addr, 1, FOLL_WRITE, &page) != 1)
		return -EFAULT;
	kaddr = kmap(page);
	kaddr[offset_in_page(addr)] = 1;
	kunmap(page);
	set_page_dirty_lock(page);
	put_page(page);
	return 0;
}

static int peek_byte(unsigned long addr)
{
	struct page *page;
	char *kaddr;
	int val;

	if (get_user_pages_fast(addr, 1, 0, &page) != 1)
		return -EFAULT;
	kaddr = kmap(page);
	val = kaddr[offset_in_page(addr)];
	kunmap(page);
	put_page(page);
	return val;
}
