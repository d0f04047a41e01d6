// SPDX-License-Identifier: GPL-2.0
/// Find the ways to get FOLL_PIN wrong:
///
///  (a) FOLL_PIN set or passed by a caller: it is internal to mm/gup.c,
///      pin_user_pages*() sets it and every get_user_pages*() refuses it;
///  (b) pages from pin_user_pages*() (and pin_user_pages_fast_only(), in
///      trees that have this twin of __get_user_pages_fast())
///      released with put_page(), release_pages() or put_user_page*():
///      they need unpin_user_page*();
///  (c) pages from get_user_pages*() (and __get_user_pages_fast())
///      released with unpin_user_page*(): they need put_page(), or the
///      call should be its pin twin.
///
// Confidence: High for (a), Moderate for (b) and (c)
// Copyright: (C) 2026 foll-pin
// Comments: (a) reports any use of FOLL_PIN outside mm/gup.c that is not
//  a test of the flag (flags & FOLL_PIN, flags &= ~FOLL_PIN, or an operand
//  of == or != made of flag names only, as in (flags & (FOLL_PIN | FOLL_GET))
//  == FOLL_PIN; a call that passes FOLL_PIN and is compared is reported). The
//  FOLL_PIN_REFUSED_TEST command of mm/gup_benchmark.c (function
//  foll_pin_refused_test) passes FOLL_PIN on purpose, to check that it is
//  refused, and is not reported; nor is try_grab_page() in
//  include/linux/mm.h, gup's own helper, inline for FOLL_GET's sake.
//  (b) and (c) follow the call in its function: the release must name the array or
//  page the call filled (pages[i], pages + i, &pages[i], the page of
//  &page, or a local copy of pages[i]) on some path after the call in the
//  same function; for an array or page held in a structure field
//  (umem->pgs, &map->page) a release of the same expression anywhere in
//  the file counts. An array, element or page handed to a function of
//  the same file is followed into it: the parameter in that position
//  must not be released the wrong way there (unless the helper also
//  releases it the right way, choosing by its other arguments). Helpers
//  in other files, and releases through another expression (sg_page(),
//  bv_page, a pfn), are not seen.
//  A wrong release, or the call of a helper that releases the wrong way,
//  is not reported when the function it is in also releases the same
//  expression the right way (unpin_user_page*() for (b), put_page() or
//  release_pages() for (c)): that function chooses by the kind of
//  reference it holds, as a driver whose object holds either pins or
//  kernel page references does by a flag (if (shm->flags &
//  SHM_USER_MAPPED) unpin_user_pages(shm->pages, n); else a loop of
//  put_page(shm->pages[i])), or a function that pins in one branch and
//  gets in the other. The expression is the array of pages[i], pages + i
//  or &pages[i], the page of &page, or the argument itself, spelled the
//  same way (for a local copy page = pages[i], the copy or the array); a
//  right release in another function does not count. Paths are not
//  checked for feasibility: a function that releases the same pages both
//  ways on one path is not reported either.
//  (b) and (c) report nothing in mm/gup.c (matched as a path suffix, like
//  the allowlist of (a)), whatever its functions are called: it is gup's
//  implementation, not a caller.
// Options: --no-includes --include-headers

virtual context
virtual org
virtual report

@initialize:python@
@@
import os
import re

# FOLL_PIN users that are not callers: (path suffix, function or None).
FOLL_PIN_ALLOWED = (
    ("mm/gup.c", None),
    # the inline helper of gup itself, for cheap FOLL_GET walks
    ("include/linux/mm.h", "try_grab_page"),
    ("mm/gup_benchmark.c", "foll_pin_refused_test"),
)

def path_is(f, path):
    """Is file f the kernel file path (matched as a path suffix)?"""
    f = os.path.normpath(f)
    return f == path or f.endswith("/" + path)

def foll_pin_allowed(p):
    for path, fn in FOLL_PIN_ALLOWED:
        if path_is(p[0].file, path) and \
           (fn is None or p[0].current_element == fn):
            return True
    return False

# Files that take and drop gup's references and pins themselves, whatever
# their functions are called: (b) and (c) report nothing in them.
NOT_CALLERS = ("mm/gup.c",)

def not_caller(p):
    return any(path_is(p[0].file, path) for path in NOT_CALLERS)

# (kind, file, function, expression) of the right releases: unpin_*() of
# an expression for "pin", put_page() or release_pages() of it for "gup".
RIGHT = set()

# (kind, file, line, column) of the wrong releases whose function also
# releases the same expression the right way.
CHOSEN = set()

def norm(e):
    return "".join(e.split())

def add_right(kind, r, e):
    RIGHT.add((kind, r[0].file, r[0].current_element, norm(e)))

def chosen(kind, q, *es):
    """Does the function of q also release one of the expressions es the
    right way for pages of this kind?"""
    return any((kind, q[0].file, q[0].current_element, norm(e)) in RIGHT
               for e in es)

def add_chosen(kind, w, *es):
    if chosen(kind, w, *es):
        CHOSEN.add((kind, w[0].file, w[0].line, w[0].column))

def chosen_at(kind, q):
    return (kind, q[0].file, q[0].line, q[0].column) in CHOSEN

# The operands of == and != comparisons, per file: a FOLL_PIN inside one
# is a test of the flag.
CMP_OPERANDS = {}

# Only an operand made of flag names alone counts: FOLL_PIN, or
# (FOLL_PIN | FOLL_GET). A call, an assignment or anything else that
# merely contains FOLL_PIN (get_user_pages(.., FOLL_PIN, ..) != n) may
# still pass the flag on.
FLAGS_ONLY = re.compile(r"^[\s()|A-Z0-9_]*$")

def add_cmp_operand(q):
    l0, c0 = int(q[0].line), int(q[0].column)
    l1, c1 = int(q[0].line_end), int(q[0].column_end)
    lines = _src_lines(q[0].file)
    if l0 == l1:
        text = lines[l0 - 1][c0:c1]
    else:
        text = " ".join([lines[l0 - 1][c0:]] + lines[l0:l1 - 1] +
                        [lines[l1 - 1][:c1]])
    if not FLAGS_ONLY.match(text):
        return
    CMP_OPERANDS.setdefault(q[0].file, []).append(((l0, c0), (l1, c1)))

def in_cmp_operand(p):
    at = (int(p[0].line), int(p[0].column))
    return any(b <= at < e for b, e in CMP_OPERANDS.get(p[0].file, ()))

def is_local_name(e):
    return re.match(r"^[A-Za-z_][A-Za-z_0-9]*$", e.strip()) is not None

_lines = {}

def _src_lines(f):
    if f not in _lines:
        with open(f, errors="replace") as fh:
            _lines[f] = fh.read().split("\n")
    return _lines[f]

def callee(p):
    """The name of the function called at position p."""
    line = _src_lines(p[0].file)[int(p[0].line) - 1]
    m = re.match(r"[A-Za-z_0-9]+", line[int(p[0].column):])
    return m.group(0) if m else "?"

SEEN = set()

def report_once(p, msg):
    key = (p[0].file, p[0].line, p[0].column, msg)
    if key in SEEN:
        return
    SEEN.add(key)
    coccilib.report.print_report(p[0], msg)

def org_once(p, msg):
    key = (p[0].file, p[0].line, p[0].column, msg, "org")
    if key in SEEN:
        return
    SEEN.add(key)
    coccilib.org.print_todo(p[0], msg)

def misuse_msg(kind, acq, rel):
    if kind == "pin":
        return ("ERROR: page from %s() on line %s released with %s(): "
                "use unpin_user_page*()" % (callee(acq), acq[0].line,
                                             callee(rel)))
    return ("ERROR: page from %s() on line %s released with %s(): "
            "use %s" %
            (callee(acq), acq[0].line, callee(rel), gup_fix(callee(acq))))

# (helper file, helper name, parameter index) of the helpers that also
# release their parameter the right way.
HELPER_RIGHT = set()

def helper_msg(kind, acq, h, rel):
    if kind == "pin":
        return ("ERROR: page from %s() on line %s released with %s() in "
                "%s() on line %s: use unpin_user_page*()" %
                (callee(acq), acq[0].line, callee(rel), h, rel[0].line))
    return ("ERROR: page from %s() on line %s released with %s() in %s() "
            "on line %s: use %s" %
            (callee(acq), acq[0].line, callee(rel), h, rel[0].line,
             gup_fix(callee(acq))))

def pin_twin(gup):
    """The pin_user_pages*() twin of a get_user_pages*() call."""
    return "pin_user_pages" + gup[len("get_user_pages"):]

def gup_fix(gup):
    """What to use instead of unpin_*() for pages of this gup call."""
    if gup == "__get_user_pages_fast":
        # its pin twin, pin_user_pages_fast_only(), is not in every tree
        return "put_page()"
    return "put_page(), or %s()" % pin_twin(gup)

# ---------------------------------------------------------------------------
# (a) FOLL_PIN set or passed by a caller
# ---------------------------------------------------------------------------

// A test of the flag sets nothing: a mask (flags & FOLL_PIN), a clear
// (flags &= ~FOLL_PIN), or either side of a comparison, as in the sanity
// check (flags & (FOLL_PIN | FOLL_GET)) == (FOLL_PIN | FOLL_GET).
@foll_pin_test@
expression E;
position p;
@@
(
E & <+... FOLL_PIN@p ...+>
|
E &= <+... FOLL_PIN@p ...+>
)

@foll_pin_cmp@
expression E1, E2;
position q1, q2;
@@
(
E1@q1 == E2@q2
|
E1@q1 != E2@q2
)

@script:python@
q1 << foll_pin_cmp.q1;
q2 << foll_pin_cmp.q2;
@@
add_cmp_operand(q1)
add_cmp_operand(q2)

@foll_pin_set depends on context || org || report@
position p != foll_pin_test.p;
position p1 : script:python() { not foll_pin_allowed(p1) and not in_cmp_operand(p1) };
@@
* FOLL_PIN@p@p1

@script:python depends on report@
p << foll_pin_set.p1;
@@
coccilib.report.print_report(p[0],
	"ERROR: FOLL_PIN set by a caller: it is internal to mm/gup.c, use pin_user_pages*()")

@script:python depends on org@
p << foll_pin_set.p1;
@@
coccilib.org.print_todo(p[0], "FOLL_PIN set by a caller")

# ---------------------------------------------------------------------------
# (b) pinned pages released with put_page(), release_pages(), put_user_page*()
# (c) gup pages released with unpin_user_page*()
#
# First on the paths that follow the call in its function, then, for an
# array or page in a structure field, anywhere in the file.
# ---------------------------------------------------------------------------

// A wrong release of an expression in a function that also releases the
// same expression the right way is that function choosing by the kind of
// reference it holds (a flag, a branch), and is not reported. First the
// right releases of every function, then the wrong ones they excuse. The
// expression of a release is the array of pages[i], pages + i, &pages[i],
// the page of &page, or the argument itself.

@pin_right@
expression X, k, N, D;
position r;
@@
(
unpin_user_page@r(\(X[k]\|X\))
|
unpin_user_pages@r(\(&X[k]\|X + k\|&X\|X\), N)
|
unpin_user_pages_dirty_lock@r(\(&X[k]\|X + k\|&X\|X\), N, D)
)

@script:python@
X << pin_right.X;
r << pin_right.r;
@@
add_right("pin", r, X)

@gup_right@
expression X, k, N;
position r;
@@
(
put_page@r(\(X[k]\|X\))
|
release_pages@r(\(&X[k]\|X + k\|&X\|X\), N)
)

@script:python@
X << gup_right.X;
r << gup_right.r;
@@
add_right("gup", r, X)

@pin_wrong@
expression X, k, N, D;
position w;
@@
(
\(put_page@w\|put_user_page@w\)(\(X[k]\|X\))
|
\(release_pages@w\|put_user_pages@w\)(\(&X[k]\|X + k\|&X\|X\), N)
|
put_user_pages_dirty_lock@w(\(&X[k]\|X + k\|&X\|X\), N, D)
)

@script:python@
X << pin_wrong.X;
w << pin_wrong.w;
@@
add_chosen("pin", w, X)

@pin_wrong_alias exists@
expression E, k, E3;
local idexpression struct page *X;
position w;
@@
X = E[k]
... when != X = E3
\(put_page@w\|put_user_page@w\)(X)

@script:python@
E << pin_wrong_alias.E;
X << pin_wrong_alias.X;
w << pin_wrong_alias.w;
@@
add_chosen("pin", w, E, X)

@gup_wrong@
expression X, k, N, D;
position w;
@@
(
unpin_user_page@w(\(X[k]\|X\))
|
unpin_user_pages@w(\(&X[k]\|X + k\|&X\|X\), N)
|
unpin_user_pages_dirty_lock@w(\(&X[k]\|X + k\|&X\|X\), N, D)
)

@script:python@
X << gup_wrong.X;
w << gup_wrong.w;
@@
add_chosen("gup", w, X)

@gup_wrong_alias exists@
expression E, k, E3;
local idexpression struct page *X;
position w;
@@
X = E[k]
... when != X = E3
unpin_user_page@w(X)

@script:python@
E << gup_wrong_alias.E;
X << gup_wrong_alias.X;
w << gup_wrong_alias.w;
@@
add_chosen("gup", w, E, X)

@pin_put exists@
expression E, k, k2, s, n, f, v, l, t, m, N, D, E2;
position p : script:python() { not not_caller(p) };
position q : script:python() { not chosen_at("pin", q) };
@@
(
\(pin_user_pages@p\|pin_user_pages_locked@p\)(s, n, f, \(&E[k]\|E + k\|E\), v)
|
\(pin_user_pages_fast@p\|pin_user_pages_fast_only@p\)(s, n, f, \(&E[k]\|E + k\|E\))
|
pin_user_pages_remote@p(t, m, s, n, f, \(&E[k]\|E + k\|E\), v, l)
|
pin_user_pages_unlocked@p(s, n, \(&E[k]\|E + k\|E\), f)
)
... when != E = E2
(
\(put_page@q\|put_user_page@q\)(E[k2])
|
\(release_pages@q\|put_user_pages@q\)(\(E\|E + k2\|&E[k2]\), N)
|
put_user_pages_dirty_lock@q(\(E\|E + k2\|&E[k2]\), N, D)
)

@pin_put1 exists@
expression P, s, n, f, v, l, t, m, N, D, E2;
position p : script:python() { not not_caller(p) };
position q : script:python() { not chosen_at("pin", q) };
@@
(
\(pin_user_pages@p\|pin_user_pages_locked@p\)(s, n, f, &P, v)
|
\(pin_user_pages_fast@p\|pin_user_pages_fast_only@p\)(s, n, f, &P)
|
pin_user_pages_remote@p(t, m, s, n, f, &P, v, l)
|
pin_user_pages_unlocked@p(s, n, &P, f)
)
... when != P = E2
(
\(put_page@q\|put_user_page@q\)(P)
|
\(release_pages@q\|put_user_pages@q\)(&P, N)
|
put_user_pages_dirty_lock@q(&P, N, D)
)

@pin_put_alias exists@
expression E, k, k2, s, n, f, v, l, t, m, E2, E3;
local idexpression struct page *X;
position p : script:python() { not not_caller(p) };
position q : script:python() { not chosen_at("pin", q) };
@@
(
\(pin_user_pages@p\|pin_user_pages_locked@p\)(s, n, f, \(&E[k]\|E + k\|E\), v)
|
\(pin_user_pages_fast@p\|pin_user_pages_fast_only@p\)(s, n, f, \(&E[k]\|E + k\|E\))
|
pin_user_pages_remote@p(t, m, s, n, f, \(&E[k]\|E + k\|E\), v, l)
|
pin_user_pages_unlocked@p(s, n, \(&E[k]\|E + k\|E\), f)
)
... when != E = E2
X = E[k2]
... when != X = E3
\(put_page@q\|put_user_page@q\)(X)

@gup_unpin exists@
expression E, k, k2, s, n, f, v, l, t, m, N, D, E2;
position p : script:python() { not not_caller(p) };
position q : script:python() { not chosen_at("gup", q) };
@@
(
\(get_user_pages@p\|get_user_pages_locked@p\)(s, n, f, \(&E[k]\|E + k\|E\), v)
|
\(get_user_pages_fast@p\|__get_user_pages_fast@p\)(s, n, f, \(&E[k]\|E + k\|E\))
|
get_user_pages_remote@p(t, m, s, n, f, \(&E[k]\|E + k\|E\), v, l)
|
get_user_pages_unlocked@p(s, n, \(&E[k]\|E + k\|E\), f)
)
... when != E = E2
(
unpin_user_page@q(E[k2])
|
unpin_user_pages@q(\(E\|E + k2\|&E[k2]\), N)
|
unpin_user_pages_dirty_lock@q(\(E\|E + k2\|&E[k2]\), N, D)
)

@gup_unpin1 exists@
expression P, s, n, f, v, l, t, m, N, D, E2;
position p : script:python() { not not_caller(p) };
position q : script:python() { not chosen_at("gup", q) };
@@
(
\(get_user_pages@p\|get_user_pages_locked@p\)(s, n, f, &P, v)
|
\(get_user_pages_fast@p\|__get_user_pages_fast@p\)(s, n, f, &P)
|
get_user_pages_remote@p(t, m, s, n, f, &P, v, l)
|
get_user_pages_unlocked@p(s, n, &P, f)
)
... when != P = E2
(
unpin_user_page@q(P)
|
unpin_user_pages@q(&P, N)
|
unpin_user_pages_dirty_lock@q(&P, N, D)
)

@gup_unpin_alias exists@
expression E, k, k2, s, n, f, v, l, t, m, E2, E3;
local idexpression struct page *X;
position p : script:python() { not not_caller(p) };
position q : script:python() { not chosen_at("gup", q) };
@@
(
\(get_user_pages@p\|get_user_pages_locked@p\)(s, n, f, \(&E[k]\|E + k\|E\), v)
|
\(get_user_pages_fast@p\|__get_user_pages_fast@p\)(s, n, f, \(&E[k]\|E + k\|E\))
|
get_user_pages_remote@p(t, m, s, n, f, \(&E[k]\|E + k\|E\), v, l)
|
get_user_pages_unlocked@p(s, n, \(&E[k]\|E + k\|E\), f)
)
... when != E = E2
X = E[k2]
... when != X = E3
unpin_user_page@q(X)

// Structure fields: the call in one function, the release in any.

@pin_field@
expression E, P, k, s, n, f, v, l, t, m;
position p : script:python() { not not_caller(p) };
@@
(
\(pin_user_pages@p\|pin_user_pages_locked@p\)(s, n, f, \(&E[k]\|&P\|E + k\|E\), v)
|
\(pin_user_pages_fast@p\|pin_user_pages_fast_only@p\)(s, n, f, \(&E[k]\|&P\|E + k\|E\))
|
pin_user_pages_remote@p(t, m, s, n, f, \(&E[k]\|&P\|E + k\|E\), v, l)
|
pin_user_pages_unlocked@p(s, n, \(&E[k]\|&P\|E + k\|E\), f)
)

@pin_field_put@
expression pin_field.E : script:python() { not is_local_name(E) };
expression k, N, D;
position q : script:python() { not chosen_at("pin", q) };
@@
(
\(put_page@q\|put_user_page@q\)(E[k])
|
\(release_pages@q\|put_user_pages@q\)(\(E\|E + k\|&E[k]\), N)
|
put_user_pages_dirty_lock@q(\(E\|E + k\|&E[k]\), N, D)
)

@pin_field_put1@
expression pin_field.P : script:python() { not is_local_name(P) };
expression N, D;
position q : script:python() { not chosen_at("pin", q) };
@@
(
\(put_page@q\|put_user_page@q\)(P)
|
\(release_pages@q\|put_user_pages@q\)(&P, N)
|
put_user_pages_dirty_lock@q(&P, N, D)
)

@gup_field@
expression E, P, k, s, n, f, v, l, t, m;
position p : script:python() { not not_caller(p) };
@@
(
\(get_user_pages@p\|get_user_pages_locked@p\)(s, n, f, \(&E[k]\|&P\|E + k\|E\), v)
|
\(get_user_pages_fast@p\|__get_user_pages_fast@p\)(s, n, f, \(&E[k]\|&P\|E + k\|E\))
|
get_user_pages_remote@p(t, m, s, n, f, \(&E[k]\|&P\|E + k\|E\), v, l)
|
get_user_pages_unlocked@p(s, n, \(&E[k]\|&P\|E + k\|E\), f)
)

@gup_field_unpin@
expression gup_field.E : script:python() { not is_local_name(E) };
expression k, N, D;
position q : script:python() { not chosen_at("gup", q) };
@@
(
unpin_user_page@q(E[k])
|
unpin_user_pages@q(\(E\|E + k\|&E[k]\), N)
|
unpin_user_pages_dirty_lock@q(\(E\|E + k\|&E[k]\), N, D)
)

@gup_field_unpin1@
expression gup_field.P : script:python() { not is_local_name(P) };
expression N, D;
position q : script:python() { not chosen_at("gup", q) };
@@
(
unpin_user_page@q(P)
|
unpin_user_pages@q(&P, N)
|
unpin_user_pages_dirty_lock@q(&P, N, D)
)

// ---------------------------------------------------------------------------
// The same, when the release is in a helper of the same file that the
// array, an element or the page is handed to: the helper's parameter in
// that position is released the wrong way, and never the right way (a
// helper that does both, such as gup_benchmark's put_back_pages(), picks
// by its other arguments and is not reported).
// ---------------------------------------------------------------------------

@pin_hcall exists@
expression E, k, k2, s, n, f, v, l, t, m, E2;
identifier h;
expression list[nb] es;
position p : script:python() { not not_caller(p) };
position q;
@@
(
\(pin_user_pages@p\|pin_user_pages_locked@p\)(s, n, f, \(&E[k]\|E + k\|E\), v)
|
\(pin_user_pages_fast@p\|pin_user_pages_fast_only@p\)(s, n, f, \(&E[k]\|E + k\|E\))
|
pin_user_pages_remote@p(t, m, s, n, f, \(&E[k]\|E + k\|E\), v, l)
|
pin_user_pages_unlocked@p(s, n, \(&E[k]\|E + k\|E\), f)
)
... when != E = E2
h@q(es, \(E\|E + k2\|&E[k2]\|E[k2]\), ...)

@pin_hfield@
expression pin_field.E : script:python() { not is_local_name(E) };
identifier h;
expression list[nb] es;
expression k;
position q : script:python(E) { not chosen("pin", q, E) };
@@
h@q(es, \(E\|E + k\|&E[k]\|E[k]\), ...)

@pin_hcall_right@
identifier pin_hcall.h, x;
parameter list[pin_hcall.nb] ps;
type T;
expression k, N, D;
position hp;
@@
h@hp(ps, T x, ...) {
  <+...
(
unpin_user_page(\(x[k]\|x\))
|
unpin_user_pages(\(x\|x + k\|&x[k]\), N)
|
unpin_user_pages_dirty_lock(\(x\|x + k\|&x[k]\), N, D)
)
  ...+>
}

@script:python@
h << pin_hcall.h;
hp << pin_hcall_right.hp;
nb << pin_hcall.nb;
@@
HELPER_RIGHT.add(("pin", hp[0].file, h, int(nb)))

@pin_hcall_wrong@
identifier pin_hcall.h, x;
parameter list[pin_hcall.nb] ps;
type T;
expression k, N, D;
position r;
@@
h(ps, T x, ...) {
  <+...
(
\(put_page@r\|put_user_page@r\)(\(x[k]\|x\))
|
\(release_pages@r\|put_user_pages@r\)(\(x\|x + k\|&x[k]\), N)
|
put_user_pages_dirty_lock@r(\(x\|x + k\|&x[k]\), N, D)
)
  ...+>
}

@pin_hfield_right@
identifier pin_hfield.h, x;
parameter list[pin_hfield.nb] ps;
type T;
expression k, N, D;
position hp;
@@
h@hp(ps, T x, ...) {
  <+...
(
unpin_user_page(\(x[k]\|x\))
|
unpin_user_pages(\(x\|x + k\|&x[k]\), N)
|
unpin_user_pages_dirty_lock(\(x\|x + k\|&x[k]\), N, D)
)
  ...+>
}

@script:python@
h << pin_hfield.h;
hp << pin_hfield_right.hp;
nb << pin_hfield.nb;
@@
HELPER_RIGHT.add(("pin", hp[0].file, h, int(nb)))

@pin_hfield_wrong@
identifier pin_hfield.h, x;
parameter list[pin_hfield.nb] ps;
type T;
expression k, N, D;
position r;
@@
h(ps, T x, ...) {
  <+...
(
\(put_page@r\|put_user_page@r\)(\(x[k]\|x\))
|
\(release_pages@r\|put_user_pages@r\)(\(x\|x + k\|&x[k]\), N)
|
put_user_pages_dirty_lock@r(\(x\|x + k\|&x[k]\), N, D)
)
  ...+>
}

@gup_hcall exists@
expression E, k, k2, s, n, f, v, l, t, m, E2;
identifier h;
expression list[nb] es;
position p : script:python() { not not_caller(p) };
position q;
@@
(
\(get_user_pages@p\|get_user_pages_locked@p\)(s, n, f, \(&E[k]\|E + k\|E\), v)
|
\(get_user_pages_fast@p\|__get_user_pages_fast@p\)(s, n, f, \(&E[k]\|E + k\|E\))
|
get_user_pages_remote@p(t, m, s, n, f, \(&E[k]\|E + k\|E\), v, l)
|
get_user_pages_unlocked@p(s, n, \(&E[k]\|E + k\|E\), f)
)
... when != E = E2
h@q(es, \(E\|E + k2\|&E[k2]\|E[k2]\), ...)

@gup_hfield@
expression gup_field.E : script:python() { not is_local_name(E) };
identifier h;
expression list[nb] es;
expression k;
position q : script:python(E) { not chosen("gup", q, E) };
@@
h@q(es, \(E\|E + k\|&E[k]\|E[k]\), ...)

@gup_hcall_right@
identifier gup_hcall.h, x;
parameter list[gup_hcall.nb] ps;
type T;
expression k, N, D;
position hp;
@@
h@hp(ps, T x, ...) {
  <+...
(
put_page(\(x[k]\|x\))
|
release_pages(\(x\|x + k\|&x[k]\), N)
)
  ...+>
}

@script:python@
h << gup_hcall.h;
hp << gup_hcall_right.hp;
nb << gup_hcall.nb;
@@
HELPER_RIGHT.add(("gup", hp[0].file, h, int(nb)))

@gup_hcall_wrong@
identifier gup_hcall.h, x;
parameter list[gup_hcall.nb] ps;
type T;
expression k, N, D;
position r;
@@
h(ps, T x, ...) {
  <+...
(
unpin_user_page@r(\(x[k]\|x\))
|
unpin_user_pages@r(\(x\|x + k\|&x[k]\), N)
|
unpin_user_pages_dirty_lock@r(\(x\|x + k\|&x[k]\), N, D)
)
  ...+>
}

@gup_hfield_right@
identifier gup_hfield.h, x;
parameter list[gup_hfield.nb] ps;
type T;
expression k, N, D;
position hp;
@@
h@hp(ps, T x, ...) {
  <+...
(
put_page(\(x[k]\|x\))
|
release_pages(\(x\|x + k\|&x[k]\), N)
)
  ...+>
}

@script:python@
h << gup_hfield.h;
hp << gup_hfield_right.hp;
nb << gup_hfield.nb;
@@
HELPER_RIGHT.add(("gup", hp[0].file, h, int(nb)))

@gup_hfield_wrong@
identifier gup_hfield.h, x;
parameter list[gup_hfield.nb] ps;
type T;
expression k, N, D;
position r;
@@
h(ps, T x, ...) {
  <+...
(
unpin_user_page@r(\(x[k]\|x\))
|
unpin_user_pages@r(\(x\|x + k\|&x[k]\), N)
|
unpin_user_pages_dirty_lock@r(\(x\|x + k\|&x[k]\), N, D)
)
  ...+>
}

// ---------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------

@ctx_pin_put depends on context@
position pin_put.p, pin_put.q;
identifier a, r;
@@
(
* a@p(...)
|
* r@q(...)
)

@ctx_pin_put1 depends on context@
position pin_put1.p, pin_put1.q;
identifier a, r;
@@
(
* a@p(...)
|
* r@q(...)
)

@ctx_pin_put_alias depends on context@
position pin_put_alias.p, pin_put_alias.q;
identifier a, r;
@@
(
* a@p(...)
|
* r@q(...)
)

@ctx_gup_unpin depends on context@
position gup_unpin.p, gup_unpin.q;
identifier a, r;
@@
(
* a@p(...)
|
* r@q(...)
)

@ctx_gup_unpin1 depends on context@
position gup_unpin1.p, gup_unpin1.q;
identifier a, r;
@@
(
* a@p(...)
|
* r@q(...)
)

@ctx_gup_unpin_alias depends on context@
position gup_unpin_alias.p, gup_unpin_alias.q;
identifier a, r;
@@
(
* a@p(...)
|
* r@q(...)
)

@ctx_pin_field depends on context@
position pin_field_put.q;
identifier r;
@@
* r@q(...)

@ctx_pin_field1 depends on context@
position pin_field_put1.q;
identifier r;
@@
* r@q(...)

@ctx_gup_field depends on context@
position gup_field_unpin.q;
identifier r;
@@
* r@q(...)

@ctx_gup_field1 depends on context@
position gup_field_unpin1.q;
identifier r;
@@
* r@q(...)

@script:python depends on report@
p << pin_put.p;
q << pin_put.q;
@@
report_once(q, misuse_msg("pin", p, q))

@script:python depends on report@
p << pin_put1.p;
q << pin_put1.q;
@@
report_once(q, misuse_msg("pin", p, q))

@script:python depends on report@
p << pin_put_alias.p;
q << pin_put_alias.q;
@@
report_once(q, misuse_msg("pin", p, q))

@script:python depends on report@
p << gup_unpin.p;
q << gup_unpin.q;
@@
report_once(q, misuse_msg("gup", p, q))

@script:python depends on report@
p << gup_unpin1.p;
q << gup_unpin1.q;
@@
report_once(q, misuse_msg("gup", p, q))

@script:python depends on report@
p << gup_unpin_alias.p;
q << gup_unpin_alias.q;
@@
report_once(q, misuse_msg("gup", p, q))

@script:python depends on report@
p << pin_field.p;
q << pin_field_put.q;
@@
report_once(q, misuse_msg("pin", p, q))

@script:python depends on report@
p << pin_field.p;
q << pin_field_put1.q;
@@
report_once(q, misuse_msg("pin", p, q))

@script:python depends on report@
p << gup_field.p;
q << gup_field_unpin.q;
@@
report_once(q, misuse_msg("gup", p, q))

@script:python depends on report@
p << gup_field.p;
q << gup_field_unpin1.q;
@@
report_once(q, misuse_msg("gup", p, q))

@script:python depends on org@
p << pin_put.p;
q << pin_put.q;
@@
org_once(q, misuse_msg("pin", p, q))

@script:python depends on org@
p << pin_put1.p;
q << pin_put1.q;
@@
org_once(q, misuse_msg("pin", p, q))

@script:python depends on org@
p << pin_put_alias.p;
q << pin_put_alias.q;
@@
org_once(q, misuse_msg("pin", p, q))

@script:python depends on org@
p << gup_unpin.p;
q << gup_unpin.q;
@@
org_once(q, misuse_msg("gup", p, q))

@script:python depends on org@
p << gup_unpin1.p;
q << gup_unpin1.q;
@@
org_once(q, misuse_msg("gup", p, q))

@script:python depends on org@
p << gup_unpin_alias.p;
q << gup_unpin_alias.q;
@@
org_once(q, misuse_msg("gup", p, q))

@script:python depends on org@
p << pin_field.p;
q << pin_field_put.q;
@@
org_once(q, misuse_msg("pin", p, q))

@script:python depends on org@
p << pin_field.p;
q << pin_field_put1.q;
@@
org_once(q, misuse_msg("pin", p, q))

@script:python depends on org@
p << gup_field.p;
q << gup_field_unpin.q;
@@
org_once(q, misuse_msg("gup", p, q))

@script:python depends on org@
p << gup_field.p;
q << gup_field_unpin1.q;
@@
org_once(q, misuse_msg("gup", p, q))

@script:python depends on report@
p << pin_hcall.p;
q << pin_hcall.q;
h << pin_hcall.h;
nb << pin_hcall.nb;
E << pin_hcall.E;
r << pin_hcall_wrong.r;
@@
if ("pin", r[0].file, h, int(nb)) not in HELPER_RIGHT and \
   not chosen("pin", q, E):
    report_once(q, helper_msg("pin", p, h, r))

@script:python depends on org@
p << pin_hcall.p;
q << pin_hcall.q;
h << pin_hcall.h;
nb << pin_hcall.nb;
E << pin_hcall.E;
r << pin_hcall_wrong.r;
@@
if ("pin", r[0].file, h, int(nb)) not in HELPER_RIGHT and \
   not chosen("pin", q, E):
    org_once(q, helper_msg("pin", p, h, r))

@script:python depends on report@
p << pin_field.p;
q << pin_hfield.q;
h << pin_hfield.h;
nb << pin_hfield.nb;
r << pin_hfield_wrong.r;
@@
if ("pin", r[0].file, h, int(nb)) not in HELPER_RIGHT:
    report_once(q, helper_msg("pin", p, h, r))

@script:python depends on org@
p << pin_field.p;
q << pin_hfield.q;
h << pin_hfield.h;
nb << pin_hfield.nb;
r << pin_hfield_wrong.r;
@@
if ("pin", r[0].file, h, int(nb)) not in HELPER_RIGHT:
    org_once(q, helper_msg("pin", p, h, r))

@script:python depends on report@
p << gup_hcall.p;
q << gup_hcall.q;
h << gup_hcall.h;
nb << gup_hcall.nb;
E << gup_hcall.E;
r << gup_hcall_wrong.r;
@@
if ("gup", r[0].file, h, int(nb)) not in HELPER_RIGHT and \
   not chosen("gup", q, E):
    report_once(q, helper_msg("gup", p, h, r))

@script:python depends on org@
p << gup_hcall.p;
q << gup_hcall.q;
h << gup_hcall.h;
nb << gup_hcall.nb;
E << gup_hcall.E;
r << gup_hcall_wrong.r;
@@
if ("gup", r[0].file, h, int(nb)) not in HELPER_RIGHT and \
   not chosen("gup", q, E):
    org_once(q, helper_msg("gup", p, h, r))

@script:python depends on report@
p << gup_field.p;
q << gup_hfield.q;
h << gup_hfield.h;
nb << gup_hfield.nb;
r << gup_hfield_wrong.r;
@@
if ("gup", r[0].file, h, int(nb)) not in HELPER_RIGHT:
    report_once(q, helper_msg("gup", p, h, r))

@script:python depends on org@
p << gup_field.p;
q << gup_hfield.q;
h << gup_hfield.h;
nb << gup_hfield.nb;
r << gup_hfield_wrong.r;
@@
if ("gup", r[0].file, h, int(nb)) not in HELPER_RIGHT:
    org_once(q, helper_msg("gup", p, h, r))
