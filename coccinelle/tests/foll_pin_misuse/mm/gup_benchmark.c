// The deliberate caller of FOLL_PIN (its test command) is allowed; the
// rest of the file is not.
static int foll_pin_refused_test(struct gup_benchmark *gup)
{
	unsigned int flags = FOLL_PIN | (gup->flags & GUP_BENCHMARK_FLAGS);

	return call_gup_entry(gup->addr, flags);
}

static int another_test(struct gup_benchmark *gup)
{
	return call_gup_entry(gup->addr, FOLL_PIN);
}
