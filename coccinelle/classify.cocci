// SPDX-License-Identifier: GPL-2.0
/// Facts about every get_user_pages*() and pin_user_pages*() call site,
/// for coccinelle/classify: the call and its flags, the page array or page
/// it fills, and what the file does with that array or page (release
/// calls, functions it is handed to, structures it is stored into). One
/// tab-separated record per line on stdout; coccinelle/classify turns
/// them into the call-site report. In report mode (make coccicheck
/// MODE=report) it prints one file:line:col-col: INFO: line per call
/// site instead, with its function, gup_flags and pages.
///
// Confidence: Moderate
// Copyright: (C) 2026 foll-pin
// Comments: Records are emitted for every use of the array or page
//  expression anywhere in the file, tagged with the function they are in;
//  the driver keeps those in the function of the call for a local array
//  and all of them for a structure field. Local copies of an element
//  (page = pages[i]) are followed one level, within their function.
//  __get_user_pages_fast() is included: it takes page references like
//  get_user_pages_fast(), without faulting, and has no pin twin yet.
// Options: --no-includes --include-headers

virtual report

@initialize:python@
@@
import re

_src = {}

def _lines(f):
    if f not in _src:
        with open(f, errors="replace") as fh:
            _src[f] = fh.read().split("\n")
    return _src[f]

def text(p):
    """The source text at position p, on one line."""
    lines = _lines(p[0].file)
    l0, c0 = int(p[0].line) - 1, int(p[0].column)
    l1, c1 = int(p[0].line_end) - 1, int(p[0].column_end)
    if l0 == l1:
        s = lines[l0][c0:c1]
    else:
        s = lines[l0][c0:] + " " + " ".join(lines[l0 + 1:l1]) + " " + \
            lines[l1][:c1]
    s = re.sub(r"/\*.*?\*/", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    s = re.sub(r"(\w)\s+\(", r"\1(", s)
    s = re.sub(r"\(\s+", "(", s)
    s = re.sub(r"\s+\)", ")", s)
    return s

def norm(e):
    """Coccinelle prints expressions token by token; squeeze the blanks."""
    e = re.sub(r"\s*(->|\.)\s*", r"\1", e)
    e = re.sub(r"\s*\[\s*", "[", e)
    e = re.sub(r"\s*\]", "]", e)
    e = re.sub(r"\(\s*", "(", e)
    e = re.sub(r"\s*\)", ")", e)
    e = re.sub(r"\s*,", ",", e)
    e = re.sub(r"&\s+", "&", e)
    e = re.sub(r"\*\s+(?=\*)", "*", e)
    e = re.sub(r"\)\s+(?=[\w(])", ")", e)
    e = re.sub(r"(\w)\s+\(", r"\1(", e)
    return re.sub(r"\s+", " ", e).strip()

# In report mode (make coccicheck MODE=report) each call site is printed
# as file:line:col-col: message, and the raw records are not.
REPORT = []

def rec(kind, p, *fields):
    if REPORT:
        return
    print("\t".join([kind, p[0].file, p[0].line, p[0].column,
                     p[0].current_element] + [str(x) for x in fields]))

@script:python depends on report@
@@
REPORT.append(True)

// ---------------------------------------------------------------------------
// Functions of the file that carry an API name (v5.4's goldfish_pipe has a
// static pin_user_pages() of its own).
// ---------------------------------------------------------------------------

@localdef@
identifier f = {get_user_pages, get_user_pages_fast, get_user_pages_remote,
                get_user_pages_locked, get_user_pages_unlocked,
                __get_user_pages_fast, pin_user_pages, pin_user_pages_fast,
                pin_user_pages_remote, pin_user_pages_locked,
                pin_user_pages_unlocked};
position p;
@@
f@p(...) { ... }

@script:python@
p << localdef.p;
f << localdef.f;
@@
rec("LOCALDEF", p, f)

// ---------------------------------------------------------------------------
// MMU notifiers and HMM in the file: case 3 material.
// ---------------------------------------------------------------------------

@notifier@
identifier nf =~ "^(__)?(mmu_notifier_register|mmu_notifier_get|mmu_notifier_get_locked|mmu_interval_notifier_insert|mmu_interval_notifier_insert_locked|mmu_notifier_unregister|mmu_notifier_put|hmm_range_register|hmm_range_fault|hmm_mirror_register)$";
position p;
@@
nf@p(...)

@script:python@
p << notifier.p;
nf << notifier.nf;
@@
rec("NOTIFIER", p, nf + "()")

@notifier_ops@
identifier ops;
position p;
@@
struct mmu_notifier_ops ops@p = { ... };

@script:python@
p << notifier_ops.p;
ops << notifier_ops.ops;
@@
rec("NOTIFIER", p, "struct mmu_notifier_ops " + ops)

// ---------------------------------------------------------------------------
// The calls.
// ---------------------------------------------------------------------------

@call@
identifier c5 = {get_user_pages, pin_user_pages, get_user_pages_locked,
                 pin_user_pages_locked};
identifier c4 = {get_user_pages_fast, pin_user_pages_fast,
                 __get_user_pages_fast, pin_user_pages_fast_only};
identifier cr = {get_user_pages_remote, pin_user_pages_remote};
identifier cu = {get_user_pages_unlocked, pin_user_pages_unlocked};
expression S, N, F, A, X1, X2, T, M, C;
position p, pc, pf, pa;
@@
(
\(c5@p(S, N, F@pf, A@pa, X1)\&C@pc\)
|
\(c4@p(S, N, F@pf, A@pa)\&C@pc\)
|
\(cr@p(T, M, S, N, F@pf, A@pa, X1, X2)\&C@pc\)
|
\(cu@p(S, N, A@pa, F@pf)\&C@pc\)
)

@script:python@
p << call.p;
pc << call.pc;
pf << call.pf;
pa << call.pa;
@@
name = _lines(p[0].file)[int(p[0].line) - 1][int(p[0].column):]
name = re.match(r"[A-Za-z_0-9]+", name).group(0)
rec("CALL", p, name, text(pc), text(pf), text(pa))
if REPORT:
    coccilib.report.print_report(p[0],
        "INFO: %s() call in %s(), gup_flags '%s', pages '%s': "
        "coccinelle/classify gives its case" %
        (name, p[0].current_element, text(pf), text(pa)))

// The array (E: pages, pages + i, &pages[i]) or single page (P: &page);
// nothing for NULL.

@call_arr@
identifier c5 = {get_user_pages, pin_user_pages, get_user_pages_locked,
                 pin_user_pages_locked};
identifier c4 = {get_user_pages_fast, pin_user_pages_fast,
                 __get_user_pages_fast, pin_user_pages_fast_only};
identifier cr = {get_user_pages_remote, pin_user_pages_remote};
identifier cu = {get_user_pages_unlocked, pin_user_pages_unlocked};
expression S, N, F, X1, X2, T, M;
expression E, P, k;
position p;
@@
(
c5@p(S, N, F, \(NULL\|&E[k]\|&P\|E + k\|E\), X1)
|
c4@p(S, N, F, \(NULL\|&E[k]\|&P\|E + k\|E\))
|
cr@p(T, M, S, N, F, \(NULL\|&E[k]\|&P\|E + k\|E\), X1, X2)
|
cu@p(S, N, \(NULL\|&E[k]\|&P\|E + k\|E\), F)
)

@script:python@
p << call_arr.p;
E << call_arr.E;
@@
rec("ARRAY", p, norm(E))

@script:python@
p << call_arr.p;
P << call_arr.P;
@@
rec("PAGE", p, norm(P))

// ---------------------------------------------------------------------------
// What happens to the array: calls it or an element is passed to, stores,
// local copies, returns, dereferences. Anywhere in the file; the driver
// sorts out the scope.
// ---------------------------------------------------------------------------

@use_call@
expression call_arr.E;
expression k;
identifier f;
position q;
@@
f@q(..., \(E[k]\|E + k\|&E[k]\|E\), ...)

@script:python@
E << call_arr.E;
q << use_call.q;
f << use_call.f;
@@
rec("USE", q, "A", norm(E), "call", f)

@use_alias@
expression call_arr.E;
expression k;
local idexpression L;
position q;
@@
L@q = \(E[k]\|E + k\|&E[k]\)

@script:python@
E << call_arr.E;
q << use_alias.q;
L << use_alias.L;
@@
rec("USE", q, "A", norm(E), "alias", norm(L))

@use_store@
expression call_arr.E;
expression k, Y;
position q != use_alias.q;
@@
Y@q = \(E[k]\|E + k\|&E[k]\|E\)

@script:python@
E << call_arr.E;
q << use_store.q;
Y << use_store.Y;
@@
rec("USE", q, "A", norm(E), "store", norm(Y))

@use_ret@
expression call_arr.E;
expression k;
position q;
@@
return \(E[k]@q\|E@q\);

@script:python@
E << call_arr.E;
q << use_ret.q;
@@
rec("USE", q, "A", norm(E), "return", "")

@use_deref@
expression call_arr.E;
expression k;
identifier fld;
position q;
@@
E[k]@q->fld

@script:python@
E << call_arr.E;
q << use_deref.q;
fld << use_deref.fld;
@@
rec("USE", q, "A", norm(E), "deref", fld)

@use1_call@
expression call_arr.P;
identifier f;
position q;
@@
f@q(..., \(P\|&P\), ...)

@script:python@
P << call_arr.P;
q << use1_call.q;
f << use1_call.f;
@@
rec("USE", q, "P", norm(P), "call", f)

@use1_alias@
expression call_arr.P;
local idexpression L;
position q;
@@
L@q = P

@script:python@
P << call_arr.P;
q << use1_alias.q;
L << use1_alias.L;
@@
rec("USE", q, "P", norm(P), "alias", norm(L))

@use1_store@
expression call_arr.P;
expression Y;
position q != use1_alias.q;
@@
Y@q = \(P\|&P\)

@script:python@
P << call_arr.P;
q << use1_store.q;
Y << use1_store.Y;
@@
rec("USE", q, "P", norm(P), "store", norm(Y))

@use1_ret@
expression call_arr.P;
position q;
@@
return P@q;

@script:python@
P << call_arr.P;
q << use1_ret.q;
@@
rec("USE", q, "P", norm(P), "return", "")

@use1_deref@
expression call_arr.P;
identifier fld;
position q;
@@
P@q->fld

@script:python@
P << call_arr.P;
q << use1_deref.q;
fld << use1_deref.fld;
@@
rec("USE", q, "P", norm(P), "deref", fld)

// One level of local copies (page = pages[i]): their uses, in any
// function; the driver keeps those in the function of the copy.

@use2_call@
local idexpression use_alias.L;
identifier f;
position q;
@@
f@q(..., L, ...)

@script:python@
L << use_alias.L;
q << use2_call.q;
f << use2_call.f;
@@
rec("AUSE", q, norm(L), "call", f)

@use21_call@
local idexpression use1_alias.L;
identifier f;
position q;
@@
f@q(..., L, ...)

@script:python@
L << use1_alias.L;
q << use21_call.q;
f << use21_call.f;
@@
rec("AUSE", q, norm(L), "call", f)

@use2_store@
local idexpression use_alias.L;
expression Y;
position q;
@@
Y@q = L

@script:python@
L << use_alias.L;
q << use2_store.q;
Y << use2_store.Y;
@@
rec("AUSE", q, norm(L), "store", norm(Y))

@use2_deref@
local idexpression use_alias.L;
identifier fld;
position q;
@@
L@q->fld

@script:python@
L << use_alias.L;
q << use2_deref.q;
fld << use2_deref.fld;
@@
rec("AUSE", q, norm(L), "deref", fld)

// Functions of the file that the array or page is handed to: what they
// do with their struct page parameters (one level).

@helper_param@
identifier use_call.f;
identifier x;
@@
f(..., struct page **x, ...) { ... }

@helper_use@
identifier use_call.f;
identifier helper_param.x;
identifier g;
expression k;
position q : script:python(f) { q[0].current_element == f };
@@
g@q(..., \(x[k]\|*x\|x + k\|x\), ...)

@script:python@
f << use_call.f;
q << helper_use.q;
g << helper_use.g;
@@
rec("HUSE", q, f, "call", g)

@helper_alias_def@
identifier use_call.f;
identifier helper_param.x;
local idexpression L;
expression k;
position q : script:python(f) { q[0].current_element == f };
@@
L@q = \(x[k]\|*<+... x ...+>\)

@helper_alias@
identifier use_call.f;
local idexpression helper_alias_def.L;
identifier g;
position q : script:python(f) { q[0].current_element == f };
@@
g@q(..., L, ...)

@script:python@
f << use_call.f;
q << helper_alias.q;
g << helper_alias.g;
@@
rec("HUSE", q, f, "call", g)

@helper1_param@
identifier use1_call.f;
identifier x;
@@
f(..., struct page *x, ...) { ... }

@helper1_use@
identifier use1_call.f;
identifier helper1_param.x;
identifier g;
position q : script:python(f) { q[0].current_element == f };
@@
g@q(..., x, ...)

@script:python@
f << use1_call.f;
q << helper1_use.q;
g << helper1_use.g;
@@
rec("HUSE", q, f, "call", g)

// The flags, when they are a variable (or a variable | FOLL_...): what the
// function puts into it.

@flagvar@
expression call.F;
identifier x;
expression E;
@@
(
\(F\&x\)
|
\(F\&x | E\)
)

@flagdef@
identifier flagvar.x;
expression V;
position q;
@@
x@q = V

@script:python@
x << flagvar.x;
q << flagdef.q;
V << flagdef.V;
@@
rec("FLAGDEF", q, x, "=", norm(V))

@flagor@
identifier flagvar.x;
expression V;
position q;
@@
x@q |= V

@script:python@
x << flagvar.x;
q << flagor.q;
V << flagor.V;
@@
rec("FLAGDEF", q, x, "|=", norm(V))
