// SPDX-License-Identifier: GPL-2.0
/// Convert a get_user_pages*() call whose pages are released in plain
/// sight to pin_user_pages*(), and the release to unpin_user_page*():
///
///   - a put_page() loop over the array         -> unpin_user_pages(),
///     guarded with "if (n > 0)" for a signed count, as the loop did
///     nothing for a negative one; a counter left unused is deleted
///   - set_page_dirty_lock()/set_page_dirty()
///     + put_page() in a loop (with or without
///     an "if (dirty)" around the dirtying)     -> unpin_user_pages_dirty_lock()
///   - while (n) put_page(pages[--n])            -> unpin_user_pages()
///   - release_pages() of the array              -> unpin_user_pages()
///   - any other put_page() of an element or of
///     the single page (&page was passed)       -> unpin_user_page()
///   - put_user_page*() (the v5.4 names)         -> unpin_user_page*()
///
/// get_user_pages_locked() and get_user_pages_unlocked() become their pin
/// twins, and __get_user_pages_fast() becomes pin_user_pages_fast_only().
///
/// Only for call sites that access the page data by DMA, Direct IO, or
/// the CPU writing it (cases 1, 2 and 5 of
/// Documentation/core-api/pin_user_pages.rst); run coccinelle/classify
/// first and apply this to the files it lists as candidates.
///
// Confidence: Moderate
// Copyright: (C) 2026 foll-pin
// Comments: Intraprocedural. A call is converted only when its release is
//  seen: for a local array or page (pages, &page) in the same function,
//  and the array must not be a parameter nor leave the function (handed
//  to a function that may keep it, stored into a structure, returned);
//  for an array or page in a structure field (umem->pgs, &ctx->page) in
//  any function of the file that names the same expression, unless the
//  file also releases the same field through another expression, or its
//  pages also go where their release is not seen (an sg table, a bio, a
//  bvec, a pfn, or a helper of the file that puts them): such a call is
//  named in report and org modes and left alone. A file that
//  calls put_user_page*() (the v5.4 placeholders) is taken to release
//  its gup pages that way, and all its get_user_pages*() calls with a
//  pages array are converted; a file that already calls unpin_*() only
//  has the calls converted whose own pages reach the unpin call.
//  Files that use MMU notifiers or HMM are left alone (case 3), and so
//  are mm/gup.c, mm/nommu.c and include/linux/mm.h, which implement the
//  API. Run spatch on one file at a time (or with --dir): the rules that
//  look at a whole file assume the file is alone in its group.
//  get_user_pages_locked() and get_user_pages_unlocked() become their
//  pin twins; __get_user_pages_fast() becomes pin_user_pages_fast_only(),
//  its write argument becoming FOLL_WRITE (or "write ? FOLL_WRITE : 0").
//  FOLL_GET is dropped from the flags of a converted call
//  (pin_user_pages*() refuses it).
//  set_page_dirty() becomes set_page_dirty_lock() through
//  unpin_user_pages_dirty_lock(), which may sleep; SetPageDirty() is
//  kept as it is and only the put_page() next to it changes. Releases in
//  other functions of a local array (a helper that loops over the
//  array it is given) are not seen: check the result with
//  foll_pin_misuse.cocci and review every release path by hand.
// Options: --no-includes --include-headers

virtual patch
virtual context
virtual org
virtual report

@initialize:python@
@@
# Loop positions (file, line, column) after which the loop counter is
# dead on every path (DEAD), or read by a return (LIVE).
DEAD = set()
LIVE = set()

def pos_key(p):
    return (p[0].file, p[0].line, p[0].column)

# The files that implement the API are the series' business.
def api_file(p):
    import os
    f = os.path.normpath(p[0].file)
    return any(f == a or f.endswith("/" + a)
               for a in ("mm/gup.c", "mm/nommu.c", "include/linux/mm.h"))

# The pin twin of a get_user_pages*() call.
PIN_TWIN = {"__get_user_pages_fast": "pin_user_pages_fast_only"}

def pin_twin(g):
    return PIN_TWIN.get(g, g.replace("get_user_pages", "pin_user_pages"))

LEFT_ALONE = set()

def left_alone(p, q, mode):
    """Report a call not converted because its pages go elsewhere at q."""
    key = (pos_key(p), mode)
    if key in LEFT_ALONE:
        return
    LEFT_ALONE.add(key)
    msg = ("WARNING: not converted: the pages also reach line %s, where "
           "their release is not in sight (sg table, bio, pfn or a helper "
           "that puts them); convert the call and every release by hand "
           "if DMA or Direct IO accesses the page data (case 1, 2 or 5)" %
           q[0].line)
    if mode == "report":
        coccilib.report.print_report(p[0], msg)
    else:
        coccilib.org.print_todo(p[0], msg)

# Does a #define of the file name this identifier? Then a use may hide
# in a macro that spatch does not expand: the variable stays.
# The rules that run after a transformation see a scratch copy of the
# changed function only: read the #defines from the file itself while
# the gup calls are matched (spatch works on one file at a time).
MACROS = [""]

def remember_macros(f):
    import re
    with open(f, errors="replace") as fh:
        src = fh.read().replace("\\\n", " ")
    MACROS[0] = "\n".join(l for l in src.split("\n")
                          if re.match(r"\s*#\s*define\b", l))

def macro_names(name):
    import re
    return re.search(r"\b%s\b" % re.escape(name), MACROS[0]) is not None

# A count expression that is safe to evaluate twice (guard and call):
# no call, no assignment, no increment.
def plain_count(n):
    import re
    return re.search(r"\(|\+\+|--|[^=!<>]=[^=]", n) is None

# A plain identifier is local to its function; anything else (a field of
# a structure, mostly) may be released anywhere in the file. For a field,
# also return its name, so that releases of the same field through
# another expression can be spotted.
def scope_of(e, fn):
    import re
    if re.match(r"^[A-Za-z_][A-Za-z_0-9]*$", e):
        return fn, "__no_field__"
    m = re.search(r"(->|\.)\s*([A-Za-z_][A-Za-z_0-9]*)$", e)
    return "__file__", (m.group(2) if m else "__no_field__")

// ---------------------------------------------------------------------
// Files that must not be converted, and files that already use the
// unpin side.
// ---------------------------------------------------------------------

@notifier@
identifier nf =~ "^(__)?(mmu_notifier_register|mmu_notifier_get|mmu_notifier_get_locked|mmu_interval_notifier_insert|mmu_interval_notifier_insert_locked|hmm_range_register|hmm_range_fault|hmm_mirror_register)$";
@@
nf(...)

@notifier_ops@
identifier ops;
@@
struct mmu_notifier_ops ops = { ... };

@has_put_user_page@
identifier rel = {put_user_page, put_user_pages, put_user_pages_dirty_lock};
@@
rel(...)

// ---------------------------------------------------------------------
// The calls, with the array (E) or the single page (P) they fill.
// ---------------------------------------------------------------------

@gup depends on !notifier && !notifier_ops@
identifier fn;
expression E, P, k, s, n, f, v, l, t, m;
position p : script:python() { not api_file(p) };
@@
fn(...) {
<+...
(
get_user_pages@p(s, n, f, \(&E[k]\|&P\|E + k\|E\), v)
|
get_user_pages_fast@p(s, n, f, \(&E[k]\|&P\|E + k\|E\))
|
get_user_pages_remote@p(t, m, s, n, f, \(&E[k]\|&P\|E + k\|E\), v, l)
|
get_user_pages_locked@p(s, n, f, \(&E[k]\|&P\|E + k\|E\), l)
|
get_user_pages_unlocked@p(s, n, \(&E[k]\|&P\|E + k\|E\), f)
|
__get_user_pages_fast@p(s, n, f, \(&E[k]\|&P\|E + k\|E\))
)
...+>
}

@script:python@
p << gup.p;
@@
remember_macros(p[0].file)

// scope: the function for a local array or page, "__file__" for an
// expression that names a structure field (or anything else that
// outlives the function). NULL pages take no reference at all.

@script:python scE@
E << gup.E;
fn << gup.fn;
scope;
fname;
@@
if E == "NULL":
    cocci.include_match(False)
else:
    coccinelle.scope, coccinelle.fname = scope_of(E, fn)

@script:python scP@
P << gup.P;
fn << gup.fn;
scope;
fname;
@@
coccinelle.scope, coccinelle.fname = scope_of(P, fn)

// ---------------------------------------------------------------------
// Releases of E / P that the patch rules below know how to convert.
// ---------------------------------------------------------------------

@relE@
identifier scE.scope;
expression gup.E;
expression k, N;
position q : script:python(scope) {
	scope == "__file__" or q[0].current_element == scope };
@@
(
put_page@q(E[k])
|
release_pages@q(\(E\|E + k\|&E[k]\), N)
)

@relE_alias exists@
identifier scE.scope;
expression gup.E;
local idexpression struct page *X;
expression k, E2;
position q : script:python(scope) {
	scope != "__file__" and q[0].current_element == scope };
@@
X = E[k]
... when != X = E2
put_page@q(X)

@relP@
identifier scP.scope;
expression gup.P;
position q : script:python(scope) {
	scope == "__file__" or q[0].current_element == scope };
@@
put_page@q(P)

@unpinE@
identifier scE.scope;
expression gup.E;
expression k, N, D;
position q : script:python(scope) {
	scope == "__file__" or q[0].current_element == scope };
@@
(
\(put_user_page@q\|unpin_user_page@q\)(E[k])
|
\(put_user_pages@q\|unpin_user_pages@q\)(\(E\|E + k\|&E[k]\), N)
|
\(put_user_pages_dirty_lock@q\|unpin_user_pages_dirty_lock@q\)
	(\(E\|E + k\|&E[k]\), N, D)
)

@unpinP@
identifier scP.scope;
expression gup.P;
expression N, D;
position q : script:python(scope) {
	scope == "__file__" or q[0].current_element == scope };
@@
(
\(put_user_page@q\|unpin_user_page@q\)(P)
|
\(put_user_pages@q\|unpin_user_pages@q\)(&P, N)
|
\(put_user_pages_dirty_lock@q\|unpin_user_pages_dirty_lock@q\)(&P, N, D)
)

// ---------------------------------------------------------------------
// A field released through another expression (pin->pages[i] where the
// call filled pinned_pages->pages) cannot be told apart from a different
// object: leave the call alone.
// ---------------------------------------------------------------------

@sameE@
expression gup.E;
expression k, N;
position q;
@@
(
put_page@q(E[k])
|
release_pages@q(\(E\|E + k\|&E[k]\), N)
)

@fconfE@
identifier scE.fname;
expression Y, k, N;
position q != sameE.q;
@@
(
put_page@q(Y->fname[k])
|
put_page@q(Y.fname[k])
|
release_pages@q(\(Y->fname\|Y.fname\|Y->fname + k\|Y.fname + k\|&Y->fname[k]\|&Y.fname[k]\), N)
)

@sameP@
expression gup.P;
position q;
@@
put_page@q(P)

@fconfP@
identifier scP.fname;
expression Y;
position q != sameP.q;
@@
put_page@q(\(Y->fname\|Y.fname\))

// ---------------------------------------------------------------------
// Local arrays and pages that leave the function: their release is
// elsewhere, so the call is not converted here.
// ---------------------------------------------------------------------

@paramE@
identifier scE.scope;
expression gup.E;
identifier x : script:python(E) { x == E };
type T;
@@
scope(..., T x, ...) { ... }

@aliasE@
identifier scE.scope;
expression gup.E;
local idexpression X;
expression k;
position q : script:python(scope) {
	scope != "__file__" and q[0].current_element == scope };
@@
X@q = \(E[k]\|E + k\|&E[k]\|E\)

@escE@
identifier scE.scope;
expression gup.E;
local idexpression aliasE.X;
expression k, Y;
identifier f !~ "^(put_page|set_page_dirty|set_page_dirty_lock|SetPageDirty|ClearPageDirty|release_pages|put_user_page|put_user_pages|put_user_pages_dirty_lock|unpin_user_page|unpin_user_pages|unpin_user_pages_dirty_lock|get_user_pages|get_user_pages_fast|get_user_pages_remote|get_user_pages_locked|get_user_pages_unlocked|__get_user_pages_fast|kmap|kunmap|kmap_atomic|kunmap_atomic|page_address|flush_dcache_page|flush_anon_page|copy_page_to_iter|copy_page_from_iter|lock_page|unlock_page|trylock_page|kfree|kvfree|vfree|page_count|page_mapcount|Page[A-Z][A-Za-z]*|WARN_ON|WARN_ON_ONCE|BUG_ON|VM_BUG_ON|VM_BUG_ON_PAGE|pr_[a-z]+|dev_[a-z]+|printk)$";
position q2 != aliasE.q;
position q : script:python(scope) {
	scope != "__file__" and q[0].current_element == scope };
@@
(
f@q(..., \(E[k]\|E + k\|&E[k]\|E\|X\), ...)
|
Y@q2@q = \(E[k]\|E + k\|&E[k]\|E\|X\)
)

@escE_ret@
identifier scE.scope;
expression gup.E;
expression k;
position q : script:python(scope) {
	scope != "__file__" and q[0].current_element == scope };
@@
return \(E[k]@q\|E@q\);

@escE_noalias@
identifier scE.scope;
expression gup.E;
expression k, Y;
identifier f !~ "^(put_page|set_page_dirty|set_page_dirty_lock|SetPageDirty|ClearPageDirty|release_pages|put_user_page|put_user_pages|put_user_pages_dirty_lock|unpin_user_page|unpin_user_pages|unpin_user_pages_dirty_lock|get_user_pages|get_user_pages_fast|get_user_pages_remote|get_user_pages_locked|get_user_pages_unlocked|__get_user_pages_fast|kmap|kunmap|kmap_atomic|kunmap_atomic|page_address|flush_dcache_page|flush_anon_page|copy_page_to_iter|copy_page_from_iter|lock_page|unlock_page|trylock_page|kfree|kvfree|vfree|page_count|page_mapcount|Page[A-Z][A-Za-z]*|WARN_ON|WARN_ON_ONCE|BUG_ON|VM_BUG_ON|VM_BUG_ON_PAGE|pr_[a-z]+|dev_[a-z]+|printk)$";
position q2 != aliasE.q;
position q : script:python(scope) {
	scope != "__file__" and q[0].current_element == scope };
@@
(
f@q(..., \(E[k]\|E + k\|&E[k]\|E\), ...)
|
Y@q2@q = \(E[k]\|E + k\|&E[k]\|E\)
)

@aliasP@
identifier scP.scope;
expression gup.P;
local idexpression X;
position q : script:python(scope) {
	scope != "__file__" and q[0].current_element == scope };
@@
X@q = P

@escP@
identifier scP.scope;
expression gup.P;
expression Y;
identifier f !~ "^(put_page|set_page_dirty|set_page_dirty_lock|SetPageDirty|ClearPageDirty|release_pages|put_user_page|put_user_pages|put_user_pages_dirty_lock|unpin_user_page|unpin_user_pages|unpin_user_pages_dirty_lock|get_user_pages|get_user_pages_fast|get_user_pages_remote|get_user_pages_locked|get_user_pages_unlocked|__get_user_pages_fast|kmap|kunmap|kmap_atomic|kunmap_atomic|page_address|flush_dcache_page|flush_anon_page|copy_page_to_iter|copy_page_from_iter|lock_page|unlock_page|trylock_page|kfree|kvfree|vfree|page_count|page_mapcount|Page[A-Z][A-Za-z]*|WARN_ON|WARN_ON_ONCE|BUG_ON|VM_BUG_ON|VM_BUG_ON_PAGE|pr_[a-z]+|dev_[a-z]+|printk)$";
position q2 != aliasP.q;
position q : script:python(scope) {
	scope != "__file__" and q[0].current_element == scope };
@@
(
f@q(..., P, ...)
|
Y@q2@q = P
)

@escP_ret@
identifier scP.scope;
expression gup.P;
position q : script:python(scope) {
	scope != "__file__" and q[0].current_element == scope };
@@
return P@q;

// ---------------------------------------------------------------------
// Arrays and pages in a structure field whose pages also go where their
// release cannot be seen: into an sg table, a bio, a bvec or a pfn, or
// to a function of the file that releases what it is given with
// put_page(). Converting the call and the releases in sight would leave
// that release on put_page(): leave the call alone, and report it.
// ---------------------------------------------------------------------

@relhelper@
identifier h, x;
type T;
expression k, N;
@@
h(..., T x, ...) {
  <+...
(
  put_page(x[k])
|
  put_page(x)
|
  release_pages(\(x\|x + k\|&x[k]\), N)
)
  ...+>
}

@escF@
identifier scE.scope;
expression gup.E;
identifier f =~ "^(sg_set_page|sg_assign_page|sg_alloc_table_from_pages|__sg_alloc_table_from_pages|bio_add_page|__bio_add_page|bio_add_pc_page|page_to_pfn|page_to_phys|skb_fill_page_desc|__skb_fill_page_desc|vm_insert_page|vmap|iov_iter_bvec)$";
identifier relhelper.h;
expression k, Y;
position q : script:python(scope) { scope == "__file__" };
@@
(
\(f@q\|h@q\)(..., \(E[k]\|E + k\|&E[k]\|E\), ...)
|
Y@q = E[k]
)

@script:python@
Y << escF.Y;
@@
# a copy into a local variable is followed by escF_alias, not a store
import re
if re.match(r"^[A-Za-z_][A-Za-z_0-9]*$", Y):
    cocci.include_match(False)

@escF_alias exists@
identifier scE.scope;
expression gup.E;
local idexpression X;
identifier f =~ "^(sg_set_page|sg_assign_page|bio_add_page|__bio_add_page|bio_add_pc_page|page_to_pfn|page_to_phys|skb_fill_page_desc|__skb_fill_page_desc|vm_insert_page)$";
identifier relhelper.h;
expression k, E2;
position q : script:python(scope) { scope == "__file__" };
@@
X = E[k]
... when != X = E2
\(f@q\|h@q\)(..., X, ...)

@escFP@
identifier scP.scope;
expression gup.P;
identifier f =~ "^(sg_set_page|sg_assign_page|bio_add_page|__bio_add_page|bio_add_pc_page|page_to_pfn|page_to_phys|skb_fill_page_desc|__skb_fill_page_desc|vm_insert_page|vmap)$";
identifier relhelper.h;
expression Y;
position q : script:python(scope) { scope == "__file__" };
@@
(
\(f@q\|h@q\)(..., \(P\|&P\), ...)
|
Y@q = P
)

// ---------------------------------------------------------------------
// context, report, org: the calls that patch mode converts.
// ---------------------------------------------------------------------

@ctx depends on !patch && (context || org || report) && (has_put_user_page || ((relE || relE_alias || unpinE) && !paramE && !escE && !escE_noalias && !escE_ret && !fconfE && !escF && !escF_alias) || ((relP || unpinP) && !escP && !escP_ret && !fconfP && !escFP))@
position gup.p;
position p2;
identifier g;
@@
* g@p@p2(...)

@script:python depends on report@
p << ctx.p2;
g << ctx.g;
@@
coccilib.report.print_report(p[0],
	"WARNING: the release of these pages is in sight: use %s() and unpin_user_page*() if DMA or Direct IO accesses the page data (case 1, 2 or 5)" %
	pin_twin(g))

@script:python depends on org@
p << ctx.p2;
g << ctx.g;
@@
coccilib.org.print_todo(p[0], "%s() -> %s()" % (g, pin_twin(g)))

// Calls left alone because their pages also go where the release is not
// in sight (escF, escF_alias, escFP above): say so, and where.

@script:python depends on report && !has_put_user_page && (relE || relE_alias || unpinE) && !paramE && !escE && !escE_noalias && !escE_ret && !fconfE@
p << gup.p;
q << escF.q;
@@
left_alone(p, q, "report")

@script:python depends on org && !has_put_user_page && (relE || relE_alias || unpinE) && !paramE && !escE && !escE_noalias && !escE_ret && !fconfE@
p << gup.p;
q << escF.q;
@@
left_alone(p, q, "org")

@script:python depends on report && !has_put_user_page && (relE || relE_alias || unpinE) && !paramE && !escE && !escE_noalias && !escE_ret && !fconfE && !escF@
p << gup.p;
q << escF_alias.q;
@@
left_alone(p, q, "report")

@script:python depends on org && !has_put_user_page && (relE || relE_alias || unpinE) && !paramE && !escE && !escE_noalias && !escE_ret && !fconfE && !escF@
p << gup.p;
q << escF_alias.q;
@@
left_alone(p, q, "org")

@script:python depends on report && !has_put_user_page && (relP || unpinP) && !escP && !escP_ret && !fconfP@
p << gup.p;
q << escFP.q;
@@
left_alone(p, q, "report")

@script:python depends on org && !has_put_user_page && (relP || unpinP) && !escP && !escP_ret && !fconfP@
p << gup.p;
q << escFP.q;
@@
left_alone(p, q, "org")

// ---------------------------------------------------------------------
// Convert the call. Nothing before this point modifies the code, so the
// call positions are still valid.
// ---------------------------------------------------------------------

@conv depends on patch && (has_put_user_page || ((relE || relE_alias || unpinE) && !paramE && !escE && !escE_noalias && !escE_ret && !fconfE && !escF && !escF_alias) || ((relP || unpinP) && !escP && !escP_ret && !fconfP && !escFP))@
position gup.p;
expression s, n, w, pg;
@@
(
- get_user_pages@p
+ pin_user_pages
  (...)
|
- get_user_pages_fast@p
+ pin_user_pages_fast
  (...)
|
- get_user_pages_remote@p
+ pin_user_pages_remote
  (...)
|
- get_user_pages_locked@p
+ pin_user_pages_locked
  (...)
|
- get_user_pages_unlocked@p
+ pin_user_pages_unlocked
  (...)
|
// __get_user_pages_fast() takes a write flag where its pin twin,
// pin_user_pages_fast_only(), takes gup flags.
- __get_user_pages_fast@p(s, n, 1, pg)
+ pin_user_pages_fast_only(s, n, FOLL_WRITE, pg)
|
- __get_user_pages_fast@p(s, n, 0, pg)
+ pin_user_pages_fast_only(s, n, 0, pg)
|
- __get_user_pages_fast@p(s, n, w, pg)
+ pin_user_pages_fast_only(s, n, w ? FOLL_WRITE : 0, pg)
)

// pin_user_pages*() refuses FOLL_GET, which it sets itself as FOLL_PIN.

@no_foll_get depends on patch@
identifier pin = {pin_user_pages, pin_user_pages_fast, pin_user_pages_remote,
		  pin_user_pages_locked, pin_user_pages_unlocked};
expression f;
@@
  pin(...,
(
- f | FOLL_GET
+ f
|
- FOLL_GET | f
+ f
)
  , ...)

// ---------------------------------------------------------------------
// Convert the releases of the arrays and pages whose call was converted.
// A loop is replaced by one call only when its counter is dead after it.
// ---------------------------------------------------------------------

@loop_end@
identifier i;
expression N, E2, E3;
statement S, S2;
position l;
@@
(
for@l (i = 0; i < N; i++) S
|
while@l (i) S
|
while@l (i--) S
)
... when != i
(
i = E2;
|
for (i = E2; ...; ...) S2
|
return;
|
return E3;
)

@loop_ret_use exists@
identifier i;
expression N;
statement S;
position l;
@@
(
for@l (i = 0; i < N; i++) S
|
while@l (i) S
|
while@l (i--) S
)
... when != i
return <+... i ...+>;

@script:python@
l << loop_end.l;
@@
DEAD.add(pos_key(l))

@script:python@
l << loop_ret_use.l;
@@
LIVE.add(pos_key(l))

// A for loop over i < N does nothing when N is negative (a gup return
// value that is an error, say): the single call is guarded with N > 0,
// unless N is unsigned. The while loops do not tolerate a negative N in
// the first place.

@loopE_u depends on patch && conv@
typedef u32, u64;
identifier scE.scope;
expression gup.E;
identifier i;
{unsigned int, unsigned long, unsigned long long, unsigned, size_t, u32, u64} N;
expression D;
identifier dirty = {set_page_dirty_lock, set_page_dirty};
position l : script:python() { pos_key(l) in DEAD and pos_key(l) not in LIVE };
position q : script:python(scope) {
	scope == "__file__" or q[0].current_element == scope };
@@
(
- for@l@q (i = 0; i < N; i++) { put_page(E[i]); }
+ unpin_user_pages(E, N);
|
- for@l@q (i = 0; i < N; i++) { dirty(E[i]); put_page(E[i]); }
+ unpin_user_pages_dirty_lock(E, N, true);
|
  for@l@q (i = 0; i < N; i++) { if (<+... i ...+>) dirty(E[i]); put_page(E[i]); }
|
- for@l@q (i = 0; i < N; i++) { if (D) dirty(E[i]); put_page(E[i]); }
+ unpin_user_pages_dirty_lock(E, N, D);
)

@loopE depends on patch && conv@
identifier scE.scope;
expression gup.E;
identifier i;
expression N : script:python() { plain_count(N) };
expression D;
identifier dirty = {set_page_dirty_lock, set_page_dirty};
position l : script:python() { pos_key(l) in DEAD and pos_key(l) not in LIVE };
position q : script:python(scope) {
	scope == "__file__" or q[0].current_element == scope };
@@
(
- for@l@q (i = 0; i < N; i++) { put_page(E[i]); }
+ if (N > 0)
+ 	unpin_user_pages(E, N);
|
- for@l@q (i = 0; i < N; i++) { dirty(E[i]); put_page(E[i]); }
+ if (N > 0)
+ 	unpin_user_pages_dirty_lock(E, N, true);
|
  for@l@q (i = 0; i < N; i++) { if (<+... i ...+>) dirty(E[i]); put_page(E[i]); }
|
- for@l@q (i = 0; i < N; i++) { if (D) dirty(E[i]); put_page(E[i]); }
+ if (N > 0)
+ 	unpin_user_pages_dirty_lock(E, N, D);
|
- while@l@q (N) { put_page(E[--N]); }
+ unpin_user_pages(E, N);
|
- while@l@q (N--) { put_page(E[N]); }
+ unpin_user_pages(E, N);
)

// A loop counter that the collapsed loop leaves unused goes too (gcc
// -Wall would warn about it).

@script:python counter_u@
q << loopE_u.q;
i << loopE_u.i;
fn;
@@
if macro_names(i):
    cocci.include_match(False)
else:
    coccinelle.fn = q[0].current_element

@script:python counter@
q << loopE.q;
i << loopE.i;
fn;
@@
if macro_names(i):
    cocci.include_match(False)
else:
    coccinelle.fn = q[0].current_element

@depends on patch@
identifier loopE_u.i;
identifier counter_u.fn;
type T;
constant C;
@@
fn(...) {
  ... when != i
(
- T i;
|
- T i = C;
)
  ... when != i
}

@depends on patch@
identifier loopE.i;
identifier counter.fn;
type T;
constant C;
@@
fn(...) {
  ... when != i
(
- T i;
|
- T i = C;
)
  ... when != i
}

@bulkE depends on patch && conv@
identifier scE.scope;
expression gup.E;
expression k, N;
position q : script:python(scope) {
	scope == "__file__" or q[0].current_element == scope };
@@
(
- release_pages@q(E, N)
+ unpin_user_pages(E, N)
|
- release_pages@q(E + k, N)
+ unpin_user_pages(E + k, N)
|
- release_pages@q(&E[k], N)
+ unpin_user_pages(&E[k], N)
)

@elemE depends on patch && conv@
identifier scE.scope;
expression gup.E;
expression k;
position q : script:python(scope) {
	scope == "__file__" or q[0].current_element == scope };
@@
- put_page@q(E[k])
+ unpin_user_page(E[k])

@aliasE_put depends on patch && conv@
identifier scE.scope;
expression gup.E;
local idexpression struct page *X;
expression k, E2;
position q : script:python(scope) {
	scope != "__file__" and q[0].current_element == scope };
@@
X = E[k]
<... when != X = E2
- put_page@q(X)
+ unpin_user_page(X)
...>

@singleP depends on patch && conv@
identifier scP.scope;
expression gup.P;
expression D;
identifier dirty = {set_page_dirty_lock, set_page_dirty};
position q : script:python(scope) {
	scope == "__file__" or q[0].current_element == scope };
@@
(
- dirty@q(P);
- put_page(P);
+ unpin_user_pages_dirty_lock(&P, 1, true);
|
- if (D) dirty@q(P);
- put_page(P);
+ unpin_user_pages_dirty_lock(&P, 1, D);
)

@singleP_put depends on patch && conv@
identifier scP.scope;
expression gup.P;
position q : script:python(scope) {
	scope == "__file__" or q[0].current_element == scope };
@@
- put_page@q(P)
+ unpin_user_page(P)

// The v5.4 placeholder names: tree-wide, these are just unpin_user_page*().

@rename depends on patch && !notifier && !notifier_ops@
position p : script:python() { not api_file(p) };
@@
(
- put_user_page@p
+ unpin_user_page
|
- put_user_pages@p
+ unpin_user_pages
|
- put_user_pages_dirty_lock@p
+ unpin_user_pages_dirty_lock
)
  (...)
