"""Named rules for :mod:`mixcheck.derivation`: abstract vectors, norms, expectations, and the
standard facts a proof applies to them, each instance matched against the step's terms.

The objects (general n and d: nothing is fixed to a size):

* :func:`vector` / :func:`vectors` — a vector symbol or an indexed family ``x[i]`` of vectors
  in ℝ^d (any d); vector expressions are linear combinations of them with scalar coefficients,
  and finite sums ``Sum(σ[i]·x[i], (i, 1, n))``.
* :class:`Norm` (Euclidean ‖·‖), :class:`Dot` (inner product; bilinear, symmetric) — their
  arguments are brought to a canonical linear form, so equal vectors give equal atoms.
* :func:`rademacher` — σ_1, …, σ_n i.i.d. uniform on {−1, +1}; :func:`permutation` — π a
  uniformly random permutation of {1, …, n}; :class:`Expect` — E over one of them, linear by
  construction (terms free of the random variable are constants).

A rule step ``lhs relation rhs`` holds only if the rule's own instance, built by the checker
from the rule's parameters, equals the step (both sides, SymPy-checked algebra) with the same
or a weaker relation, its side conditions are shown by SymPy, and its premises are earlier
proof-grade steps of the same derivation. A misapplied rule is recorded as not holding.

:data:`RULES` lists the rules with the fact each one states.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

import sympy as sp

from .derivation import RECHECKS, SIMPLIFIERS, Derivation, Step, _check, _reduce

__all__ = ["Norm", "Dot", "Expect", "MaxOver", "vector", "vectors", "rademacher", "permutation", "rhat",
           "RULES", "apply_rule", "define", "canonical"]

_VECTOR_NAMES: set[str] = set()          # vector symbols and indexed vector families, by name
_RADEMACHER: set[str] = set()
_PERMUTATION: set[str] = set()


def vector(name: str) -> sp.Symbol:
    """A vector symbol (in ℝ^d, any d)."""
    _VECTOR_NAMES.add(name)
    return sp.Symbol(name, commutative=True)


def vectors(name: str) -> sp.IndexedBase:
    """An indexed family x[1], …, x[n] of vectors (any n, any d)."""
    _VECTOR_NAMES.add(name)
    return sp.IndexedBase(name)


def rademacher(name: str = "sigma") -> sp.IndexedBase:
    """σ_1, σ_2, … i.i.d. uniform on {−1, +1} (real scalars)."""
    _RADEMACHER.add(name)
    return sp.IndexedBase(name, real=True)


def permutation(name: str = "pi") -> sp.IndexedBase:
    """π, a uniformly random permutation of {1, …, n}: π[i] is the partner index of i."""
    _PERMUTATION.add(name)
    return sp.IndexedBase(name, integer=True)


def _is_vector_atom(e: Any) -> bool:
    if isinstance(e, sp.Symbol):
        return e.name in _VECTOR_NAMES
    if isinstance(e, sp.Indexed):
        return str(e.base.label) in _VECTOR_NAMES
    return False


# ------------------------------------------------------------------------ canonical forms

def _iota(k: int) -> sp.Symbol:
    return sp.Symbol(f"ι{k}", integer=True)


def _fresh_index(k: sp.Symbol, *exprs: Any) -> sp.Symbol:
    """An index named after ``k`` that occurs nowhere in ``exprs`` (so no capture)."""
    names = {a.name for e in exprs for a in sp.preorder_traversal(e) if isinstance(a, sp.Symbol)}
    name = k.name + "'"
    while name in names:
        name += "'"
    return sp.Symbol(name, integer=True)


def _sum_linear(e: Any) -> Any:
    """Finite sums split over their terms, factors free of the index pulled out, constant
    summands multiplied by the number of terms (indices keep their names)."""
    if not isinstance(e, sp.Basic) or not e.args or isinstance(e, (Norm, Dot, Expect, MaxOver)):
        return e
    if isinstance(e, sp.Sum):
        idx = [lim[0] for lim in e.limits]
        body = sp.expand(_sum_linear(e.function))
        out = sp.Integer(0)
        for term in sp.Add.make_args(body):
            const = [f for f in sp.Mul.make_args(term) if not f.has(*idx)]
            dep = sp.Mul(*[f for f in sp.Mul.make_args(term) if f.has(*idx)])
            c = sp.Mul(*const)
            limits = []
            for k, lo, hi in e.limits:
                used = dep.has(k) or any(lim[1].has(k) or lim[2].has(k) for lim in e.limits)
                if used:
                    limits.append((k, lo, hi))
                else:
                    c *= hi - lo + 1          # a summand free of k: (hi − lo + 1) equal terms
            out += c * (sp.Sum(dep, *limits) if limits else dep)
        return out
    return e.func(*[_sum_linear(a) for a in e.args])


def _alpha(e: Any) -> tuple[Any, int]:
    """``e`` with every summation index renamed by the height of its sum (ι_h: h = 1 + the
    height of the sums inside its body), and that height. Sums equal up to the names of
    their indices get the same names; an inner index never takes an enclosing one's name."""
    if not isinstance(e, sp.Basic) or not e.args:
        return e, 0
    if isinstance(e, sp.Sum):
        body, h = _alpha(e.function)
        limits = []
        for k_old, lo, hi in e.limits:      # innermost first
            h += 1
            k = _iota(h)
            if k != k_old and (body.has(k) or any(lim[1].has(k) or lim[2].has(k) for lim in limits)):
                raise ValueError(f"index capture renaming {k_old} to {k} in {e}")
            body = body.xreplace({k_old: k})
            limits.append((k, lo, hi))
        return sp.Sum(body, *limits), h
    parts = [_alpha(a) for a in e.args]
    return e.func(*[p for p, _ in parts]), max((h for _, h in parts), default=0)


def linear_form(e: Any) -> Any:
    """Expanded, finite sums split (what Norm, Dot and Expect do to their arguments)."""
    return sp.expand(_sum_linear(sp.expand(e)))


def canonical(e: Any) -> Any:
    """The canonical form of a scalar or vector expression: :func:`linear_form`, then every
    summation index renamed canonically (:func:`_alpha`), then expanded again."""
    return sp.expand(_alpha(linear_form(e))[0])


def _vector_terms(v: Any) -> list[tuple[sp.Expr, Any]]:
    """[(scalar coefficient, vector atom)] of a canonical linear vector expression; TypeError
    when ``v`` is not linear in vector atoms."""
    out = []
    for term in sp.Add.make_args(v):
        if term == 0:
            continue
        atoms = [f for f in sp.Mul.make_args(term) if _is_vector_atom(f) or
                 (isinstance(f, sp.Sum) and _is_linear_vector(f.function))]
        rest = [f for f in sp.Mul.make_args(term) if f not in atoms]
        if len(atoms) != 1:
            raise TypeError(f"not a linear vector expression: {term} (in {v})")
        if any(_mentions_vector(r) for r in rest):
            raise TypeError(f"a product of vectors is not a vector: {term}")
        out.append((sp.Mul(*rest), atoms[0]))
    return out


def _mentions_vector(e: Any) -> bool:
    return any(_is_vector_atom(a) for a in sp.preorder_traversal(e)
               if not isinstance(a, (Norm, Dot)))


def _is_linear_vector(e: Any) -> bool:
    try:
        return bool(_vector_terms(sp.expand(e)))
    except TypeError:
        return False


class Norm(sp.Function):
    """The Euclidean norm ‖v‖ of a vector expression (non-negative, real)."""

    nargs = 1

    @classmethod
    def eval(cls, v: Any) -> Any:
        c = linear_form(v)
        if c == 0:
            return sp.Integer(0)
        _vector_terms(c)                      # raises on a non-linear argument
        if c != v:
            return cls(c)
        return None

    def _eval_is_nonnegative(self) -> bool:
        return True

    def _eval_is_extended_real(self) -> bool:
        return True

    def _eval_is_finite(self) -> bool:
        return True

    def _latex(self, printer: Any, exp: Any = None) -> str:
        out = r"\left\|" + printer._print(self.args[0]) + r"\right\|"
        return out if exp is None else f"{out}^{{{exp}}}"


class Dot(sp.Function):
    """The inner product a·b, expanded bilinearly over vector atoms (finite sums included),
    its two atoms in a fixed order (symmetry)."""

    nargs = 2

    @classmethod
    def eval(cls, a: Any, b: Any) -> Any:
        ca, cb = linear_form(a), linear_form(b)
        ta, tb = _vector_terms(ca), _vector_terms(cb)
        if len(ta) == 1 and len(tb) == 1 and ta[0][0] == 1 and tb[0][0] == 1:
            u, v = ta[0][1], tb[0][1]
            for s_, other, first in ((u, v, True), (v, u, False)):
                if isinstance(s_, sp.Sum):       # a·Σ_k f_k = Σ_k a·f_k, k renamed fresh for a
                    (k, lo, hi), = s_.limits
                    k2 = _fresh_index(k, other, s_)
                    f = s_.function.xreplace({k: k2})
                    return linear_form(sp.Sum(cls(f, other) if first else cls(other, f), (k2, lo, hi)))
            if sp.default_sort_key(u) > sp.default_sort_key(v):
                return cls(v, u)
            return None
        return sp.Add(*[p * q * cls(u, v) for p, u in ta for q, v in tb])

    def _eval_is_extended_real(self) -> bool:
        return True

    def _latex(self, printer: Any, exp: Any = None) -> str:
        out = r"\langle " + printer._print(self.args[0]) + ", " + printer._print(self.args[1]) + r"\rangle"
        return out if exp is None else f"{out}^{{{exp}}}"


class Expect(sp.Function):
    """E over one random object (a Rademacher family, a random permutation): linear; terms
    free of it are constants."""

    nargs = 2

    @classmethod
    def eval(cls, f: Any, over: Any) -> Any:
        if str(over) not in _RADEMACHER | _PERMUTATION:
            raise TypeError(f"Expect: over must be a rademacher() or permutation() family, got {over}")
        c = linear_form(f)
        terms = sp.Add.make_args(c)
        if len(terms) > 1:
            return sp.Add(*[cls(t, over) for t in terms])
        const = [g for g in sp.Mul.make_args(c) if not g.has(over)]
        dep = [g for g in sp.Mul.make_args(c) if g.has(over)]
        if not dep:
            return c
        if const:
            return sp.Mul(*const) * cls(sp.Mul(*dep), over)
        if c != f:
            return cls(c, over)
        return None

    def _eval_is_nonnegative(self) -> Any:
        return self.args[0].is_nonnegative

    def _eval_is_extended_real(self) -> Any:
        return self.args[0].is_extended_real

    def _latex(self, printer: Any, exp: Any = None) -> str:
        out = r"\mathbb{E}_{" + printer._print(self.args[1]) + r"}\left[" + printer._print(self.args[0]) + r"\right]"
        return out if exp is None else f"{out}^{{{exp}}}"


class MaxOver(sp.Function):
    """max_{i = 1..n} f(i): ``MaxOver(f, i, n)`` (the index ``i`` is bound; proofs keep one name)."""

    nargs = 3

    @classmethod
    def eval(cls, f: Any, i: Any, n: Any) -> Any:
        if not isinstance(i, sp.Symbol):
            raise TypeError(f"MaxOver: the index must be a symbol, got {i}")
        if not f.has(i):
            return f
        return None

    def _eval_is_extended_real(self) -> Any:
        return self.args[0].is_extended_real

    def _eval_is_nonnegative(self) -> Any:
        return True if self.args[0].is_nonnegative else None

    def _latex(self, printer: Any, exp: Any = None) -> str:
        out = (r"\max_{" + printer._print(self.args[1]) + r" \le " + printer._print(self.args[2]) + r"}\left("
               + printer._print(self.args[0]) + r"\right)")
        return out if exp is None else f"{out}^{{{exp}}}"


def rhat(sample: Any, i: sp.Symbol, n: Any, sigma: sp.IndexedBase, Lam: Any) -> sp.Expr:
    """R̂ of the sample (sample|_{i=1}, …, sample|_{i=n}) for the Λ-ball linear class:
    (Λ/n)·E_σ‖Σ_i σ_i·sample_i‖ (eq. 18 with the supremum evaluated)."""
    return Lam / n * Expect(Norm(sp.Sum(sigma[i] * sample, (i, 1, n))), sigma)


# ------------------------------------------------------------------------ rules

def _same(a: Any, b: Any) -> bool:
    try:
        return canonical(sp.sympify(a) - sp.sympify(b)) == 0
    except (TypeError, ValueError):
        return False


#: a simplifier for steps about vectors, norms and expectations
SIMPLIFIERS.setdefault("vectors", canonical)


def _premise(d: Derivation, name: str) -> Step:
    st = d.get_step(name)
    if not st.is_proof:
        raise _Misapplied(f"premise {name!r} is not a proof-grade step ({st.status})")
    return st


class _Misapplied(Exception):
    pass


def _nonneg(d: Derivation, e: Any, what: str) -> None:
    st = _check(what, sp.Integer(0), e, relation="<=", assumptions=d.domain)
    if not st.is_proof:
        raise _Misapplied(f"side condition {what}: {sp.sstr(e)} ≥ 0 is not shown by SymPy")


def _r_triangle(d, a, b):
    return Norm(a + b), "<=", Norm(a) + Norm(b)


def _r_reverse_triangle(d, a, b):
    return Norm(a) - Norm(b), "<=", Norm(a - b)


def _r_homogeneity(d, c, a):
    c = sp.sympify(c)
    if _mentions_vector(c):
        raise _Misapplied(f"homogeneity: the factor {c} must be a scalar")
    return Norm(c * a), "=", sp.Abs(c) * Norm(a)


def _r_cauchy_schwarz(d, a, b):
    return Dot(a, b), "<=", Norm(a) * Norm(b)


def _r_norm_square(d, a):
    return Norm(a) ** 2, "=", Dot(a, a)


def _r_jensen_sqrt(d, Y, over):
    _nonneg(d, Y, "Jensen: the argument of √ is non-negative")
    return Expect(sp.sqrt(Y), over), "<=", sp.sqrt(Expect(Y, over))


def _r_rademacher(d, y, i, n, sigma):
    if str(sigma) not in _RADEMACHER:
        raise _Misapplied(f"{sigma} is not a Rademacher family")
    if y.has(sigma):
        raise _Misapplied("the vectors y_i must not depend on σ")
    return Expect(Norm(sp.Sum(sigma[i] * y, (i, 1, n))) ** 2, sigma), "=", sp.Sum(Norm(y) ** 2, (i, 1, n))


def _r_monotone_expectation(d, premise, over):
    p = _premise(d, premise)
    if p.relation not in ("<=", "="):
        raise _Misapplied("monotonicity of expectation needs a premise lhs ≤ rhs or lhs = rhs")
    return Expect(p.lhs, over), p.relation, Expect(p.rhs, over)


def _r_sum(d, premise, i, lo, hi):
    p = _premise(d, premise)
    if p.relation not in ("<=", "="):
        raise _Misapplied("summing needs a premise lhs ≤ rhs or lhs = rhs")
    return sp.Sum(p.lhs, (i, lo, hi)), p.relation, sp.Sum(p.rhs, (i, lo, hi))


def _r_sqrt_monotone(d, premise):
    p = _premise(d, premise)
    if p.relation not in ("<=", "="):
        raise _Misapplied("monotonicity of √ needs a premise u ≤ v")
    _nonneg(d, p.lhs, "√ monotone: u ≥ 0")
    return sp.sqrt(p.lhs), p.relation, sp.sqrt(p.rhs)


def _r_partner_mean(d, x, i, j, n, pi, mean, definition):
    if str(pi) not in _PERMUTATION:
        raise _Misapplied(f"{pi} is not a uniformly random permutation")
    p = _premise(d, definition)
    if not (_same(p.lhs, mean) and _same(p.rhs, sp.Sum(x[j], (j, 1, n)) / n)):
        raise _Misapplied(f"premise {definition!r} is not {mean} = (1/n)Σ_j {x}[j]")
    return Expect(x[pi[i]], pi), "=", mean


def _r_convexity_rhat(d, sample, mean_sample, i, n, sigma, Lam, pi, premise):
    p = _premise(d, premise)
    if p.relation != "=" or not (_same(p.lhs, Expect(sample, pi)) and _same(p.rhs, mean_sample)):
        raise _Misapplied(f"premise {premise!r} is not E_π[sample_i] = mean sample_i")
    _nonneg(d, Lam / n, "Λ/n ≥ 0")
    return rhat(mean_sample, i, n, sigma, Lam), "<=", Expect(rhat(sample, i, n, sigma, Lam), pi)


def _r_substitution(d, premise, expr):
    p = _premise(d, premise)
    if p.relation != "=":
        raise _Misapplied("substitution needs an equality premise")
    bound = {v for s in sp.preorder_traversal(expr) if isinstance(s, sp.Sum) for v in s.variables}
    if bound & (p.lhs.free_symbols | p.rhs.free_symbols):
        raise _Misapplied("the premise mentions a variable bound in the expression (capture)")
    return expr, "=", expr.xreplace({p.lhs: p.rhs})


def _r_leibniz(d, integral, var, order=1):
    if not isinstance(integral, sp.Integral) or len(integral.limits) != 1 or len(integral.limits[0]) != 3:
        raise _Misapplied("differentiation under the integral needs a single definite integral")
    x, lo, hi = integral.limits[0]
    if lo.has(var) or hi.has(var):
        raise _Misapplied("the limits must not depend on the variable of differentiation")
    return (sp.Derivative(integral, (var, order)), "=",
            sp.Integral(sp.diff(integral.function, var, order), (x, lo, hi)))


def _r_abs(d, t):
    t = sp.sympify(t)
    if not t.is_extended_real:
        raise _Misapplied(f"t ≤ |t| needs t real, and {t} is not known to be")
    return t, "<=", sp.Abs(t)


def _r_max_monotone(d, premise, i, n):
    p = _premise(d, premise)
    if p.relation not in ("<=", "="):
        raise _Misapplied("monotonicity of max needs a premise f_i ≤ g_i for every i")
    return MaxOver(p.lhs, i, n), p.relation, MaxOver(p.rhs, i, n)


def _r_max_affine(d, f, a, b, i, n):
    a, b = sp.sympify(a), sp.sympify(b)
    if a.has(i) or b.has(i):
        raise _Misapplied("max_i(a·f_i + b) = a·max_i f_i + b needs a and b free of i")
    _nonneg(d, a, "max affine: a ≥ 0")
    return MaxOver(a * f + b, i, n), "=", a * MaxOver(f, i, n) + b


def _r_combine(d, premises):
    """Placeholder: combine is checked in :func:`apply_rule` (it needs the conclusion)."""
    raise AssertionError


#: rule name → (the fact it states, instance builder)
RULES: dict[str, tuple[str, Callable[..., tuple[Any, str, Any]]]] = {
    "triangle": ("triangle inequality ‖a + b‖ ≤ ‖a‖ + ‖b‖", _r_triangle),
    "reverse-triangle": ("reverse triangle inequality ‖a‖ − ‖b‖ ≤ ‖a − b‖", _r_reverse_triangle),
    "homogeneity": ("absolute homogeneity of the norm ‖c·a‖ = |c|·‖a‖", _r_homogeneity),
    "cauchy-schwarz": ("Cauchy–Schwarz a·b ≤ ‖a‖‖b‖", _r_cauchy_schwarz),
    "norm-square": ("the Euclidean norm ‖a‖² = a·a", _r_norm_square),
    "jensen-sqrt": ("Jensen for the concave √: E√Y ≤ √(EY), Y ≥ 0", _r_jensen_sqrt),
    "rademacher-second-moment": ("linearity of expectation with E[σ_iσ_j] = δ_ij: "
                                 "E_σ‖Σσ_i y_i‖² = Σ‖y_i‖²", _r_rademacher),
    "monotone-expectation": ("monotonicity of expectation: f ≤ g pointwise ⇒ E f ≤ E g",
                             _r_monotone_expectation),
    "sum": ("summing a relation that holds for every index", _r_sum),
    "sqrt-monotone": ("monotonicity of √: 0 ≤ u ≤ v ⇒ √u ≤ √v", _r_sqrt_monotone),
    "partner-mean": ("for π uniform, π(i) is uniform on {1, …, n}: E_π x_π(i) = x̄", _r_partner_mean),
    "convexity-rhat": ("convexity of R̂ in the sample (a norm of a linear map, averaged) and Jensen: "
                       "R̂(E_π M) ≤ E_π R̂(M)", _r_convexity_rhat),
    "substitution": ("substitution of a proved equality", _r_substitution),
    "abs": ("t ≤ |t| for real t", _r_abs),
    "leibniz": ("differentiation under the integral sign, d/dθ ∫ f dx = ∫ ∂f/∂θ dx (a stated assumption: "
                "e.g. dominated convergence of ∂f/∂θ near θ)", _r_leibniz),
    "max-monotone": ("monotonicity of the maximum: f_i ≤ g_i for every i ⇒ max_i f_i ≤ max_i g_i",
                     _r_max_monotone),
    "max-affine": ("max_i(a·f_i + b) = a·max_i f_i + b for a ≥ 0, a and b free of i", _r_max_affine),
    "combine": ("a non-negative combination of proved inequalities (transitivity, adding terms)",
                _r_combine),
}


def _relation_ok(given: str, inst: str) -> bool:
    return given == inst or (inst == "=" and given in ("<=", ">=")) or (inst == "<" and given == "<=")


def _combine(d: Derivation, lhs: Any, relation: str, rhs: Any, premises: Any) -> str:
    """Check that the slack of the conclusion is a non-negative combination of premise slacks
    plus a remainder SymPy shows non-negative (zero for an equality). Returns a description."""
    if relation not in ("<=", "=", ">="):
        raise _Misapplied("combine concludes ≤, ≥ or =")
    if relation == ">=":
        lhs, rhs = rhs, lhs
    total = sp.Integer(0)
    for name, coeff in premises:
        p = _premise(d, name)
        if p.relation in ("<=", "<"):
            small, big = p.lhs, p.rhs
        elif p.relation in (">=", ">"):
            small, big = p.rhs, p.lhs
        else:
            small, big = p.lhs, p.rhs
        if p.relation != "=":
            if relation == "=":
                raise _Misapplied("an equality follows from equalities only")
            _nonneg(d, coeff, f"coefficient of {name}")
        total += coeff * (big - small)
    slack = canonical(rhs - lhs) - canonical(total)
    if relation == "=" and canonical(lhs - rhs + total) == 0:
        return "lhs − rhs equals the combination term by term (canonical forms)"
    if relation != "=" and slack == 0:
        return "the slack equals the combination term by term (canonical forms)"
    if relation == "=":
        st = _check("remainder", canonical(lhs - rhs), canonical(-total), assumptions=d.domain,
                    simplify=("vectors", "expand", "cancel", "simplify"))
        if not st.is_proof:
            raise _Misapplied(f"lhs − rhs is not the combination of the premises (remainder {sp.sstr(st.residual)})")
    else:
        st = _check("remainder", sp.Integer(0), slack, relation="<=", assumptions=d.domain,
                    simplify=("vectors", "expand", "cancel", "simplify"))
        if not st.is_proof:
            raise _Misapplied(f"the remainder {sp.sstr(slack)} is not shown non-negative")
    return st.method


def apply_rule(d: Derivation, name: str, rule: str, lhs: Any, rhs: Any, relation: str = "<=",
               note: str = "", **params: Any) -> Step:
    """Check ``lhs relation rhs`` as an instance of the named ``rule`` (see :data:`RULES`) with
    ``params``, and append it to ``d``. A misapplied rule gives a step with ``holds=None`` and
    the reason in its method (never an exception), so that a derivation records it."""
    if rule not in RULES:
        raise ValueError(f"rule must be one of {sorted(RULES)}, got {rule!r}")
    fact, build = RULES[rule]
    lhs, rhs = sp.sympify(lhs), sp.sympify(rhs)
    premises = tuple(p[0] if isinstance(p, tuple) else p for p in
                     (params.get("premises", ()) if rule == "combine" else
                      [params[k] for k in ("premise", "definition") if k in params]))
    holds, method = None, ""
    try:
        if rule == "combine":
            how = _combine(d, lhs, relation, rhs, params["premises"])
            holds, method = True, f"rule combine ({fact}) of {', '.join(premises)}; remainder: {how}"
        else:
            il, irel, ir = build(d, **params)
            flipped = {"<=": ">=", ">=": "<=", "=": "=", "<": ">", ">": "<"}
            if _relation_ok(relation, irel) and _same(lhs, il) and _same(rhs, ir):
                holds = True
            elif _relation_ok(flipped[relation], irel) and _same(lhs, ir) and _same(rhs, il):
                holds = True
            if holds:
                method = f"rule {rule}: {fact}; instance matched ({sp.sstr(il)} {irel} {sp.sstr(ir)})"
            else:
                method = (f"rule {rule} misapplied: its instance is {sp.sstr(il)} {irel} {sp.sstr(ir)}, "
                          f"the step is {sp.sstr(lhs)} {relation} {sp.sstr(rhs)}")
    except _Misapplied as exc:
        method = f"rule {rule} misapplied: {exc}"
    except TypeError as exc:
        method = f"rule {rule} misapplied: {exc}"
    st = Step(name=name, lhs=lhs, rhs=rhs, relation=relation, note=note, holds=holds, method=method,
              grade="rule" if holds else "undecided", rule=rule, premises=premises,
              domain=tuple(sp.sstr(a) for a in d.domain),
              spec=dict(kind="rule", rule=rule, relation=relation, note=note, params=params))
    return d.add_step(st)


def define(d: Derivation, name: str, symbol: sp.Symbol, expr: Any, note: str = "") -> Step:
    """Introduce ``symbol := expr`` (a fresh symbol: used by no earlier step) as a step."""
    from sympy.core.function import AppliedUndef

    if not isinstance(symbol, (sp.Symbol, AppliedUndef)):
        raise TypeError(f"define: symbol must be a SymPy Symbol or an undefined function f(θ), got {symbol!r}")
    used = any(s.lhs.has(symbol.func if isinstance(symbol, AppliedUndef) else symbol) or
               s.rhs.has(symbol.func if isinstance(symbol, AppliedUndef) else symbol) for s in d.steps)
    expr = sp.sympify(expr)
    fresh = not used and not expr.has(symbol.func if isinstance(symbol, AppliedUndef) else symbol)
    st = Step(name=name, lhs=symbol, rhs=expr, relation="=", note=note, holds=True if fresh else None,
              grade="definition" if fresh else "undecided",
              method="definition of a fresh symbol" if fresh else
              f"not a definition: {symbol} is already used", domain=tuple(sp.sstr(a) for a in d.domain),
              spec=dict(kind="definition", note=note))
    return d.add_step(st)


def recheck(d: Derivation, step: Step, lhs: Any, rhs: Any, **changes: Any) -> Step:
    """Check a rule step or a definition again, as :func:`apply_rule` or :func:`define` would
    after the steps of ``d``, with ``lhs``/``rhs`` and ``changes`` (a rule step: ``relation``,
    ``note`` or its rule's parameters; a definition: ``note``), and append it to ``d``."""
    spec = step.spec
    allowed = {"relation", "note", *spec["params"]} if spec["kind"] == "rule" else {"note"}
    unknown = sorted(set(changes) - allowed)
    if unknown:
        raise ValueError(f"{d.id}/{step.name}: a {spec['kind']} step takes changes of lhs, rhs and "
                         f"{sorted(allowed)}, got {unknown}")
    if spec["kind"] == "definition":
        return define(d, step.name, lhs, rhs, note=changes.get("note", spec["note"]))
    kw = {**spec["params"], "relation": spec["relation"], "note": spec["note"], **changes}
    return apply_rule(d, step.name, spec["rule"], lhs, rhs, **kw)


RECHECKS.update(rule=recheck, definition=recheck)


def rule_names() -> Mapping[str, str]:
    """rule name → the fact it states."""
    return {k: v[0] for k, v in RULES.items()}
