"""Machine-checked derivations: named steps ``lhs (=|≤|≥|<|>) rhs`` under stated assumptions.

A :class:`Derivation` is a sequence of :class:`Step` objects. Each step is checked the moment it
is added, and records *how* it was checked (``Step.method``):

* ``check="symbolic"`` (default) — SymPy reduces ``lhs − rhs`` to zero (a chain of simplifiers,
  cheapest first: normal form in ℚ(symbols), expand, cancel, gammasimp, simplify; a step may
  name its own chain from :data:`SIMPLIFIERS`). Any
  unevaluated ``Integral``/``Sum`` in the step is first evaluated by SymPy (Meijer-G definite
  integration, then ``integrate``; ``summation``), and, when ``points`` are given, also
  evaluated by mpmath quadrature at each point and compared with the other side — a check of
  SymPy's integration that does not depend on it.
* ``check="numeric"`` — where SymPy cannot decide (e.g. integrals against polygamma forms):
  both sides are evaluated with mpmath at the given ``points`` (``dps`` digits) and must agree
  to relative tolerance ``tol``. Recorded as numeric, never as a proof.
* inequalities (``relation="<="`` …) — a ``certificate`` c with ``rhs − lhs − c ≡ 0`` and c
  non-negative by SymPy's assumptions proves the step; without one, SymPy's assumptions on
  ``rhs − lhs`` are asked; failing that, ``points`` are searched for a violation (recorded as a
  numeric search, not a proof).

A step that does not hold stays in the derivation with ``holds=False``, its ``residual``
(``lhs − rhs``, simplified) and, where one was given or found, a ``witness``: exact values of the
symbols at which the residual is provably non-zero (equalities) or of the wrong sign
(inequalities). Steps of a paper that are *not* identities are recorded with
``expected_to_fail=True`` and a ``reason``; optionally with ``expected_residual``, which the
residual must then equal. :attr:`Derivation.ok` is true when every step holds, or fails exactly
as recorded.

Each derivation concludes with a closed form (:attr:`Derivation.result`, a SymPy expression),
available as a plain numeric function (:attr:`Derivation.result_callable`), and renders as a
dict matching the JSON schema of ``python -m mixcheck.proofs --json`` (:meth:`Derivation.to_dict`),
Markdown and LaTeX.
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

import mpmath
import numpy as np
import sympy as sp

__all__ = [
    "Step",
    "Derivation",
    "check_derivations",
    "evaluate",
    "numeric_value",
    "SIMPLIFIERS",
    "DEFAULT_CHAIN",
    "RELATIONS",
    "GRADES",
    "PROOF_GRADES",
]

# relation -> (LaTeX symbol, plain symbol)
RELATIONS: dict[str, tuple[str, str]] = {
    "=": ("=", "="),
    "<=": (r"\le", "≤"),
    ">=": (r"\ge", "≥"),
    "<": ("<", "<"),
    ">": (">", ">"),
}


def _cancel(e: sp.Expr) -> sp.Expr:
    return sp.cancel(sp.together(e))


def _gammasimp(e: sp.Expr) -> sp.Expr:
    return sp.gammasimp(sp.expand_func(e))


def _exp_log(e: sp.Expr) -> sp.Expr:
    """exp(Σ c_i log u_i + r) → Π u_i^{c_i} · exp(r): the definition of the (principal) power."""
    def split(node: sp.Expr) -> sp.Expr:
        out = sp.Integer(1)
        for term in sp.Add.make_args(sp.expand(node.args[0])):
            logs = [f for f in sp.Mul.make_args(term) if isinstance(f, sp.log)]
            if len(logs) == 1:
                out *= logs[0].args[0] ** (term / logs[0])
            else:
                out *= sp.exp(term)
        return out
    return e.replace(lambda n: isinstance(n, sp.exp), split)


def _ring(e: sp.Expr) -> sp.Expr:
    """Normal form in the field of rational functions over ℚ in the free symbols (fast sparse
    polynomial arithmetic); expressions that are not rational in their symbols pass through."""
    gens = sorted(e.free_symbols, key=sp.default_sort_key)
    if not gens or e.has(sp.Integral, sp.Sum, sp.Derivative):
        return e
    try:
        K, *_ = sp.field(gens, sp.QQ)
        return K(e).as_expr()
    except (ValueError, TypeError, sp.PolynomialError, sp.CoercionFailed, NotImplementedError):
        return e


SIMPLIFIERS: dict[str, Callable[[sp.Expr], sp.Expr]] = {
    "ring": _ring,
    "expand": sp.expand,
    "cancel": _cancel,
    "gammasimp": _gammasimp,
    # no force=True: (xy)^a = x^a y^a is false for real x, y < 0 (√((-1)(-1)) ≠ √(-1)√(-1))
    "powsimp": lambda e: sp.expand(sp.powsimp(_exp_log(sp.expand_power_exp(e)))),
    "expand_log": lambda e: sp.expand(sp.expand_log(e)),
    "simplify": sp.simplify,
}
DEFAULT_CHAIN: tuple[str, ...] = ("ring", "expand", "cancel", "gammasimp", "simplify")


# --------------------------------------------------------------------------------------
# evaluation of unevaluated integrals and sums


def _integral(node: sp.Integral, notes: list[str], conditions: list | None = None) -> sp.Expr:
    val, extra, conds = _integral_cached(node)
    notes.extend(extra)
    if conditions is not None:
        conditions.extend(conds)
    return val


@functools.lru_cache(maxsize=4096)
def _integral_cached(node: sp.Integral) -> tuple[sp.Expr, tuple[str, ...], tuple]:
    from sympy.integrals.meijerint import meijerint_definite

    notes: list[str] = []
    conds: list = []
    f = node.function
    if len(node.limits) != 1 or len(node.limits[0]) != 3:
        raise ValueError(f"only single definite integrals are evaluated, got {node}")
    var, lo, hi = node.limits[0]
    if lo == -sp.oo and hi == sp.oo:
        val = _gaussian_integral(f, var)
        if val is not None:
            return val, ("∫ over ℝ of polynomial × exp(quadratic): completing the square, "
                         "∫ y^j e^{-c y²} dy = Γ((j+1)/2) c^{-(j+1)/2} (j even), 0 (j odd)",), ()
    out = meijerint_definite(f, var, lo, hi)
    if out is not None and out[1] is not sp.false:
        val, cond = out
        if cond is not sp.true:
            notes.append(f"SymPy's value of {sp.sstr(node)} holds under {sp.sstr(cond)}")
            conds.append((f"convergence of {sp.sstr(node)}", cond))
    else:
        val = sp.integrate(f, (var, lo, hi), conds="piecewise")
        if isinstance(val, sp.Piecewise):
            (val, cond), *_ = val.args
            if cond is not sp.true:
                notes.append(f"SymPy's value of {sp.sstr(node)} holds under {sp.sstr(cond)}")
                conds.append((f"convergence of {sp.sstr(node)}", cond))
    if val.has(sp.hyper):
        val = sp.hyperexpand(val)
    if val.has(sp.Integral):
        raise ValueError(f"SymPy could not evaluate {node}")
    return val, tuple(notes), tuple(conds)


def _is_abstract_sum(node: sp.Sum) -> bool:
    """A sum over an abstract family (an Indexed term x[i] in the summation index, or symbolic
    limits with such terms): kept as an atom of the algebra, never evaluated."""
    idx = {lim[0] for lim in node.limits}
    return any(set(ix.indices) & idx or ix.free_symbols & idx for ix in node.function.atoms(sp.Indexed))


@functools.lru_cache(maxsize=4096)
def _sum_doit(node: sp.Sum) -> sp.Expr:
    """SymPy's value of a concrete sum (cached: derivations evaluate the same sums many times)."""
    return node.doit()


def _sum(node: sp.Sum, notes: list[str], conditions: list | None = None) -> sp.Expr:
    if _is_abstract_sum(node):
        return node
    val = _sum_doit(node)
    if isinstance(val, sp.Piecewise):
        expr, cond = val.args[0]
        notes.append(f"SymPy's closed form of {sp.sstr(node)} is stated under {sp.sstr(cond)}")
        if conditions is not None:
            conditions.append((f"convergence of {sp.sstr(node)}", cond))
        val = expr
    if val.has(sp.Sum) and not all(_is_abstract_sum(n) for n in val.atoms(sp.Sum)):
        raise ValueError(f"SymPy could not evaluate {node}")
    return val


def _gaussian_integral(f: sp.Expr, x: sp.Symbol) -> sp.Expr | None:
    """∫_ℝ P(x) exp(Q(x)) dx for a polynomial P and a quadratic Q with negative leading
    coefficient (by SymPy's assumptions); None when f is not of that form."""
    f = sp.powsimp(sp.expand_power_exp(f), combine="exp")
    exps = [t for t in sp.Mul.make_args(f) if isinstance(t, sp.exp)]
    Q = sp.expand(sum((t.args[0] for t in exps), sp.Integer(0)))
    P = sp.expand(f / sp.Mul(*exps))
    if not (Q.is_polynomial(x) and P.is_polynomial(x)) or sp.degree(Q, x) != 2:
        return None
    c2, c1 = Q.coeff(x, 2), Q.coeff(x, 1)
    if not (-c2).is_positive:
        return None
    m = -c1 / (2 * c2)
    y = sp.Dummy("y")
    shifted = sp.Poly(sp.expand(P.subs(x, y + m)), y)
    total = sp.Integer(0)
    for (j,), coeff in shifted.terms():
        if j % 2 == 0:
            total += coeff * sp.gamma(sp.Rational(j + 1, 2)) * (-c2) ** (-sp.Rational(j + 1, 2))
    return sp.expand(total * sp.exp(sp.expand(Q.subs(x, m))))


def evaluate(expr: Any, notes: list[str] | None = None, conditions: list | None = None) -> Any:
    """``expr`` with every unevaluated ``Integral`` and ``Sum`` evaluated by SymPy (sums over an
    abstract family ``x[i]`` are kept as they are).

    Conditions SymPy attaches to a closed form (convergence, a branch of a Piecewise) are
    appended to ``notes`` as text and to ``conditions`` as ``(what, SymPy Boolean)``: a step
    that uses such a closed form is a proof only where the condition is shown to hold."""
    notes = notes if notes is not None else []
    if isinstance(expr, sp.MatrixBase):
        return expr.applyfunc(lambda e: evaluate(e, notes, conditions))
    expr = sp.sympify(expr)
    if conditions is not None:
        for node in expr.atoms(sp.Derivative):
            inner = [a for a in node.expr.atoms(sp.Integral, sp.Sum) if a.free_symbols & set(node.variables)]
            if inner:    # SymPy differentiates under ∫/Σ (Leibniz) without asking: a stated assumption
                conditions.append((f"differentiation under the integral/sum sign in {sp.sstr(node)}", None))
    if expr.has(sp.Derivative, sp.Limit):
        expr = expr.replace(lambda n: isinstance(n, (sp.Derivative, sp.Limit)), lambda n: n.doit())
    if not expr.has(sp.Integral, sp.Sum):
        return expr
    expr = expr.replace(lambda n: isinstance(n, sp.Sum), lambda n: _sum(n, notes, conditions))
    return expr.replace(lambda n: isinstance(n, sp.Integral), lambda n: _integral(n, notes, conditions))


def _mp_bound(v: sp.Expr) -> Any:
    if v == sp.oo:
        return mpmath.inf
    if v == -sp.oo:
        return -mpmath.inf
    return mpmath.mpf(str(sp.N(v, mpmath.mp.dps + 5)))


def _kinks(f: sp.Expr, var: sp.Symbol, lo: sp.Expr, hi: sp.Expr) -> list[sp.Expr]:
    """Rational points in (lo, hi) where an Abs/Min/Max in ``f`` has a kink (linear arguments
    only); quadrature splits there."""
    out = set()
    for node in f.atoms(sp.Abs, sp.Min, sp.Max):
        args = [node.args[0]] if isinstance(node, sp.Abs) else [a - b for a in node.args for b in node.args if a != b]
        for arg in args:
            poly = sp.Poly(arg, var) if arg.is_polynomial(var) else None
            if poly is not None and poly.degree() == 1 and not (poly.free_symbols - {var}):
                root = sp.solve(arg, var)[0]
                if (lo == -sp.oo or root > lo) and (hi == sp.oo or root < hi):
                    out.add(root)
    return sorted(out)


@functools.lru_cache(maxsize=4096)
def _quad(node: sp.Integral, dps: int) -> sp.Float:
    """mpmath quadrature of a definite integral with numeric limits (cached: the same
    normaliser recurs in many steps)."""
    (var, lo, hi), = node.limits
    with mpmath.workdps(dps + 10):
        fn = sp.lambdify(var, node.function, "mpmath")
        nodes = [_mp_bound(lo)] + [mpmath.mpf(str(c)) for c in _kinks(node.function, var, lo, hi)]
        return sp.Float(mpmath.quad(fn, nodes + [_mp_bound(hi)]), dps + 10)


@functools.lru_cache(maxsize=4096)
def _convergent(node: sp.Sum) -> bool | None:
    """Whether a numeric series converges: the ratio test at k = 10³, 2·10³ where it is clear
    (ratio < 0.99 or > 1.01 at both), else SymPy's convergence tests; None when undecided."""
    (var, lo, _), = node.limits
    term = node.function
    try:
        with mpmath.workdps(30):
            f = sp.lambdify(var, term, "mpmath")
            ratios = [abs(f(mpmath.mpf(k + 1)) / f(mpmath.mpf(k))) for k in (1000, 2000)]
        if all(r < 0.99 for r in ratios):
            return True
        if all(r > 1.01 for r in ratios):
            return False
    except (ZeroDivisionError, TypeError, ValueError, OverflowError):
        pass
    try:
        c = node.is_convergent()
    except (NotImplementedError, ValueError, TypeError):
        return None
    return True if c in (True, sp.true) else False if c in (False, sp.false) else None


def _at(e: sp.Expr, point: Mapping[sp.Symbol, Any]) -> sp.Expr:
    """``e`` with the symbols of ``point`` replaced by their values. All at once (``xreplace``:
    SymPy's ``subs`` substitutes one symbol at a time and re-orders a Max/Min of partly numeric
    arguments at each, which costs seconds); ``subs`` where an integral, sum, product, derivative
    or limit binds a variable, since ``xreplace`` would replace a bound variable too."""
    point = {sp.sympify(k): sp.sympify(v) for k, v in dict(point).items()}
    if e.has(sp.Integral, sp.Sum, sp.Product, sp.Derivative, sp.Limit, sp.Lambda, sp.Subs):
        return e.subs(point)
    return e.xreplace(point)


def numeric_value(expr: Any, point: Mapping[sp.Symbol, Any], dps: int = 20) -> Any:
    """``expr`` at ``point`` as a SymPy number (``dps`` digits); integrals and sums in it are
    evaluated by mpmath quadrature / summation, independently of SymPy's symbolic routines."""
    if isinstance(expr, sp.MatrixBase):
        return expr.applyfunc(lambda e: numeric_value(e, point, dps))
    e = _at(sp.sympify(expr), point)
    with mpmath.workdps(dps + 10):

        def quad(node: sp.Integral) -> sp.Float:
            return _quad(node, dps)

        def nsum(node: sp.Sum) -> sp.Expr:
            (var, lo, hi), = node.limits
            if hi == sp.oo:
                # mpmath's extrapolation "sums" divergent series (Σ 2^k → −1): ask first
                convergent = _convergent(node)
                if convergent is False:
                    return sp.oo
                if convergent is None:
                    return sp.nan
            fn = sp.lambdify(var, node.function, "mpmath")
            lo_, hi_ = int(lo), (mpmath.inf if hi == sp.oo else int(hi))
            return sp.Float(mpmath.nsum(fn, [lo_, hi_]), dps + 10)

        e = e.replace(lambda n: isinstance(n, sp.Integral), quad)
        e = e.replace(lambda n: isinstance(n, sp.Sum), nsum)
        return sp.N(e, dps)


def _entries(x: Any) -> list[sp.Expr]:
    return list(x) if isinstance(x, sp.MatrixBase) else [sp.sympify(x)]


def _has_uneval(x: Any) -> bool:
    return any(e.has(sp.Integral, sp.Sum) for e in _entries(x))


def _sample_value(sym: sp.Symbol, k: int) -> sp.Rational:
    """A value of ``sym`` inside the domain its SymPy assumptions declare (the k-th of a few)."""
    if sym.is_integer:
        v = sp.Integer(2 + k)
        return -v if sym.is_negative else v
    v = sp.Rational(3 + 2 * k, 7)  # in (0, 1): inside every interval assumption SymPy knows of
    return -v if sym.is_negative or sym.is_nonpositive else v


def _differs_somewhere(diff: Any, tries: int = 2) -> bool:
    """True when ``diff`` is clearly non-zero (30 digits) at a point of its symbols' declared
    domain: a cheap, sound way to reject a conclusion before simplifying. False where the
    evaluation is not a finite number (nothing is concluded from that)."""
    entries = _entries(diff)
    syms = sorted(set().union(*(e.free_symbols for e in entries)), key=str)
    for k in range(tries):
        point = {s: _sample_value(s, k) for s in syms}
        for e in entries:
            try:
                v = complex(sp.N(_at(e, point), 30))
            except (TypeError, ValueError, ZeroDivisionError, AttributeError):
                continue
            if np.isfinite(v.real) and np.isfinite(v.imag) and abs(v) > 1e-12:
                return True
    return False


def _is_zero(x: Any) -> bool:
    return all(e == 0 for e in _entries(x))


def _apply(f: Callable[[sp.Expr], sp.Expr], x: Any) -> Any:
    return x.applyfunc(f) if isinstance(x, sp.MatrixBase) else f(x)


def _reduce(expr: Any, chain: Sequence[str]) -> tuple[bool, Any, str]:
    """Run the simplifier chain; (is zero, last form, names of the simplifiers that ran)."""
    if _is_zero(expr):
        return True, expr, "direct"
    used = []
    for name in chain:
        expr = _apply(SIMPLIFIERS[name], expr)
        used.append(name)
        if _is_zero(expr):
            return True, expr, "+".join(used)
    return False, expr, "+".join(used)


def _nice(expr: Any) -> Any:
    """A readable form of a residual (factored where that is cheap)."""
    def one(e: sp.Expr) -> sp.Expr:
        try:
            return sp.factor(e) if e.is_rational_function() else e
        except (sp.PolynomialError, NotImplementedError, TypeError):
            return e
    return _apply(one, expr)


def _sign_at(expr: Any, point: Mapping[sp.Symbol, Any], dps: int) -> list[sp.Float]:
    return [sp.N(e, dps) for e in _entries(numeric_value(expr, point, dps))]


def _value_str(v: Any) -> str:
    return sp.sstr(v)


# --------------------------------------------------------------------------------------
# steps

#: How a step was checked. Only the first five make a step part of a proof.
PROOF_GRADES: tuple[str, ...] = ("symbolic", "certificate", "sign", "rule", "definition")
GRADES: dict[str, str] = {
    "symbolic": "symbolic: SymPy reduced lhs − rhs to 0 under the assumptions SymPy holds on the symbols",
    "certificate": "symbolic: the slack equals a certificate SymPy shows to be non-negative",
    "sign": "symbolic: SymPy's assumptions decide the sign of the slack",
    "rule": "a named rule whose instance was matched against the step's terms",
    "definition": "a definition of a fresh symbol",
    "conditional": "symbolic, but a condition of SymPy's closed form (convergence) is not shown: not a proof",
    "numeric": "numeric comparison at points: not a proof",
    "search": "numeric search for a violation found none: not a proof",
    "refuted": "refuted (a witness, or SymPy's assumptions show the step false)",
    "undecided": "neither proved nor refuted",
}


def _same_objects(a: Sequence[Any], b: Sequence[Any]) -> bool:
    """The two states hold the very same objects, element by element (lists and tuples compared
    inside)."""
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        if type(x) in (list, tuple) and type(y) is type(x):
            if not _same_objects(x, y):
                return False
        elif x is not y:
            return False
    return True


#: how a step made elsewhere is checked again (by ``spec["kind"]``, e.g. a named rule or a
#: definition: :mod:`mixcheck.derivation_rules` registers them), called as
#: ``recheck(derivation, step, lhs, rhs, **changes)`` to append the re-checked step
RECHECKS: dict[str, Callable[..., "Step"]] = {}


@dataclass(frozen=True)
class Step:
    """One checked step ``lhs relation rhs``.

    ``holds`` is True (checked), False (refuted) or None (undecided: neither proved nor
    refuted). ``grade`` says how (:data:`GRADES`); :attr:`is_proof` is true only for the
    :data:`PROOF_GRADES`. ``residual`` is ``lhs − rhs`` (simplified; for inequalities its sign
    is what matters) or None when it is zero. ``method`` says in words how the step was
    checked. ``witness`` is a point (symbol name → value) where the step provably fails,
    ``witness_value`` the residual there. ``domain`` lists the assumptions the check used
    (relations SymPy was given, as text); prose ``assumptions`` are recorded, never used.
    ``conditions`` lists conditions of SymPy's closed forms that could not be shown.
    """

    name: str
    lhs: Any
    rhs: Any
    relation: str = "="
    assumptions: tuple[str, ...] = ()
    note: str = ""
    expected_to_fail: bool = False
    reason: str = ""
    holds: bool | None = None
    residual: Any = None
    method: str = ""
    witness: dict[str, Any] | None = None
    witness_value: Any = None
    expected_residual: Any = None
    grade: str = "undecided"
    domain: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    rule: str = ""
    premises: tuple[str, ...] = ()
    spec: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def is_proof(self) -> bool:
        """The step holds by a proof-grade check (symbolic under assumptions SymPy holds, a
        certificate, a decided sign, a matched named rule, a definition)."""
        return self.holds is True and self.grade in PROOF_GRADES

    @functools.cached_property
    def ok(self) -> bool:
        """Holds, or fails exactly as recorded (refuted, with the expected residual if given)."""
        if not self.expected_to_fail:
            return self.holds is True
        if self.holds is not False:
            return False
        if self.expected_residual is None:
            return True
        diff = self.residual - self.expected_residual if self.residual is not None else -self.expected_residual
        return _reduce(diff, ("ring", "expand", "cancel", "simplify"))[0]

    @property
    def status(self) -> str:
        if self.holds is True:
            return "holds" if self.is_proof else f"holds ({self.grade}, not a proof)"
        if self.holds is False:
            return "fails (as expected)" if self.ok else "FAILS"
        return "undecided"

    def latex(self) -> str:
        return f"{sp.latex(self.lhs)} {RELATIONS[self.relation][0]} {sp.latex(self.rhs)}"

    def text(self) -> str:
        return f"{sp.sstr(self.lhs)} {RELATIONS[self.relation][1]} {sp.sstr(self.rhs)}"

    def __getstate__(self) -> dict[str, Any]:
        """What a pickle keeps: the fields and the printed dict (a function of the fields'
        trees, which a copy has exactly; printing costs most of a derivation's dict), not the
        cached ``ok`` (a copy works it out again from the fields)."""
        return {k: v for k, v in self.__dict__.items() if k != "ok"}

    def to_dict(self) -> dict[str, Any]:
        """The step as JSON-ready data (printed once per step; each call returns a fresh copy)."""
        return copy.deepcopy(self._as_dict)

    @functools.cached_property
    def _as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "lhs": sp.sstr(self.lhs),
            "rhs": sp.sstr(self.rhs),
            "relation": self.relation,
            "latex": self.latex(),
            "holds": self.holds,
            "residual": None if self.residual is None else sp.sstr(self.residual),
            "residual_latex": None if self.residual is None else sp.latex(self.residual),
            "assumptions": list(self.assumptions),
            "method": self.method,
            "expected_to_fail": self.expected_to_fail,
            "reason": self.reason,
            "note": self.note,
            "witness": self.witness,
            "witness_value": None if self.witness_value is None else _value_str(self.witness_value),
            "expected_residual": None if self.expected_residual is None else sp.sstr(self.expected_residual),
            "ok": self.ok,
            "grade": self.grade,
            "proof": self.is_proof,
            "domain": list(self.domain),
            "conditions": list(self.conditions),
            "rule": self.rule,
            "premises": list(self.premises),
        }


def _violates(relation: str, d: Any, scale: Any, tol: float) -> bool | None:
    """Whether a numeric lhs − rhs = d breaks ``relation`` (within tol·scale); None when d is
    not a number (an undefined value: nothing was checked there)."""
    if d.has(sp.nan) or d is sp.zoo:
        return None
    if not d.is_real:
        return relation != "=" or abs(d) > tol * scale
    if relation == "=":
        return abs(d) > tol * scale
    if relation == "<=":
        return d > tol * scale
    if relation == "<":
        return d >= 0
    if relation == ">=":
        return d < -tol * scale
    return d <= 0


def _fails_exactly(relation: str, d: Any, thr: Any) -> bool:
    """Whether a high-precision value d = lhs − rhs at exact arguments refutes ``relation``."""
    if d.has(sp.nan):
        return False
    if relation == "=":
        return bool(abs(d) > thr)
    if not d.is_real:
        return d in (sp.oo, -sp.oo) and _fails_exactly(relation, sp.sign(d) * 2 * thr, thr)
    if relation == "<=":
        return d > thr
    if relation == "<":
        return d > -thr
    if relation == ">=":
        return d < -thr
    return d < thr


def _pointwise(lhs: Any, rhs: Any, dps: int) -> Callable[[Mapping[sp.Symbol, Any]], list[tuple[Any, Any]]]:
    """A function point → [(lhs entry, rhs entry)] of SymPy numbers. Expressions without
    integrals or sums are lambdified once (mpmath); others go through :func:`numeric_value`."""
    if _has_uneval(lhs) or _has_uneval(rhs) or any(e.has(sp.Derivative) for e in _entries(lhs) + _entries(rhs)):
        return lambda pt: list(zip(_entries(numeric_value(lhs, pt, dps)), _entries(numeric_value(rhs, pt, dps))))
    exprs = _entries(lhs) + _entries(rhs)
    syms = sorted(set().union(*(e.free_symbols for e in exprs)), key=sp.default_sort_key)
    fn = sp.lambdify(syms, exprs, modules="mpmath")
    half = len(exprs) // 2

    def at(pt: Mapping[sp.Symbol, Any]) -> list[tuple[Any, Any]]:
        with mpmath.workdps(dps + 10):
            vals = [sp.N(sp.sympify(v), dps) for v in fn(*[mpmath.mpmathify(sp.N(pt[s], dps + 10)) for s in syms])]
        return list(zip(vals[:half], vals[half:]))
    return at


# --------------------------------------------------------------------------------------
# stated domains: relations on single symbols, realised as substitutions SymPy can use


def _bounds(assumptions: Iterable[Any]) -> tuple[dict, list[str]]:
    """{symbol: [lo, lo_strict, hi, hi_strict]} from relations ``s > a``, ``a <= s <= b`` …
    (numbers or expressions without the symbol); prose strings are returned separately."""
    bounds: dict[sp.Symbol, list] = {}
    prose: list[str] = []

    def add(rel: Any) -> None:
        if rel is sp.true:      # already implied by the symbols' assumptions (e.g. z > 0, z positive)
            return
        if rel is sp.false:
            raise ValueError("assumptions: a relation is false for the symbols as declared (empty domain)")
        if isinstance(rel, sp.And):
            for a in rel.args:
                add(a)
            return
        if not isinstance(rel, (sp.StrictGreaterThan, sp.GreaterThan, sp.StrictLessThan, sp.LessThan)):
            raise TypeError(f"assumptions: a relation s < a, s <= a, s > a, s >= a (or an And of them) or a "
                            f"string, got {rel!r}")
        strict = isinstance(rel, (sp.StrictGreaterThan, sp.StrictLessThan))
        big, small = (rel.lhs, rel.rhs) if isinstance(rel, (sp.StrictGreaterThan, sp.GreaterThan)) else (rel.rhs, rel.lhs)
        if isinstance(big, sp.Symbol) and big not in small.free_symbols:
            b = bounds.setdefault(big, [None, False, None, False])
            b[0], b[1] = small, strict
        elif isinstance(small, sp.Symbol) and small not in big.free_symbols:
            b = bounds.setdefault(small, [None, False, None, False])
            b[2], b[3] = big, strict
        else:
            raise TypeError(f"assumptions: a relation must bound one symbol by an expression free of it, got {rel}")

    for a in assumptions:
        if isinstance(a, str):
            prose.append(a)
        else:
            add(sp.sympify(a))
    return bounds, prose


@functools.lru_cache(maxsize=None)
def _domain_symbol(prefix: str, s: sp.Symbol, *assumptions: str) -> sp.Dummy:
    """The one dummy ``prefix_s`` with these assumptions that stands for ``s`` in every domain
    substitution of this process (a Dummy never equals a user's symbol; being the same object
    each time, the sums and integrals rewritten with it are evaluated once, then cached)."""
    return sp.Dummy(f"{prefix}_{s}", **{a: True for a in assumptions})


def _domain_variants(bounds: dict) -> list[tuple[dict, dict]]:
    """Substitutions (forward, inverse) covering the stated domain: s = lo + w, s = hi − w or
    s = lo + (hi − lo)·w/(1 + w) with w ≥ 0 (> 0 where the bound is strict), and s = hi as a
    second variant where a two-sided domain is closed at hi."""
    fwd: dict = {}
    inv: dict = {}
    ends: list[dict] = []
    for s, (lo, lo_strict, hi, hi_strict) in bounds.items():
        if lo is None and hi is not None and (s.is_nonnegative or s.is_positive):
            lo, lo_strict = sp.Integer(0), bool(s.is_positive)   # keep the symbol's own sign
        if hi is None and lo is not None and (s.is_nonpositive or s.is_negative):
            hi, hi_strict = sp.Integer(0), bool(s.is_negative)
        w = _domain_symbol("w", s, "positive") if (lo_strict if lo is not None else hi_strict) else \
            _domain_symbol("w", s, "nonnegative")
        if s.is_integer and lo is not None and hi is None and sp.sympify(lo).is_number:
            first = sp.floor(lo) + 1 if lo_strict else sp.ceiling(lo)   # s = first + m, m = 0, 1, 2, …
            m = _domain_symbol("m", s, "integer", "nonnegative")
            fwd[s], inv[m] = first + m, s - first
            continue
        if lo is not None and hi is None:
            fwd[s], inv[w] = lo + w, s - lo
        elif hi is not None and lo is None:
            fwd[s], inv[w] = hi - w, hi - s
        else:
            fwd[s], inv[w] = lo + (hi - lo) * w / (1 + w), (s - lo) / (hi - s)
            if not hi_strict:
                ends.append({s: hi})
    variants = [(fwd, inv)]
    for e in ends:
        variants.append(({**{k: v for k, v in fwd.items() if k not in e}, **e}, inv))
    return variants


def _in_domain(pt: Mapping[sp.Symbol, Any], bounds: dict) -> bool:
    for s, (lo, lo_strict, hi, hi_strict) in bounds.items():
        if s not in pt:
            continue
        v = sp.nsimplify(pt[s]) if isinstance(pt[s], float) else sp.sympify(pt[s])
        lo_v = None if lo is None else sp.sympify(lo).subs(dict(pt))
        hi_v = None if hi is None else sp.sympify(hi).subs(dict(pt))
        try:
            if lo_v is not None and not bool(v > lo_v if lo_strict else v >= lo_v):
                return False
            if hi_v is not None and not bool(v < hi_v if hi_strict else v <= hi_v):
                return False
        except TypeError:
            return False
    return True


def _decide(cond: Any) -> bool | None:
    """True / False where SymPy decides a condition (under the symbols' assumptions), else None."""
    if cond is None:
        return None
    if cond is True or cond is sp.true:
        return True
    if cond is False or cond is sp.false:
        return False
    for f in (sp.simplify, sp.refine):
        try:
            c = f(cond)
        except Exception:  # noqa: BLE001 - SymPy raises many kinds here; undecided then
            continue
        if c is sp.true or c is True:
            return True
        if c is sp.false or c is False:
            return False
    return None


def _sign_forms(slack: Any, cheap: bool = False) -> Iterator[sp.Expr]:
    """The slack, then ever costlier forms of it (made only when the earlier ones left its sign
    undecided): cancelled, and, unless ``cheap`` or the slack is large, factored and simplified."""
    yield slack
    yield _cancel(slack)
    if not cheap and sp.count_ops(slack) < 200:
        yield sp.factor(slack)
        yield sp.simplify(slack)


def _check(name: str, lhs: Any, rhs: Any, *, relation: str = "=", assumptions: Iterable[Any] = (),
           note: str = "", check: str = "symbolic", simplify: Sequence[str] | None = None,
           points: Sequence[Mapping[sp.Symbol, Any]] | None = None,
           witness: Mapping[sp.Symbol, Any] | None = None, certificate: Any = None,
           expected_to_fail: bool = False, reason: str = "", expected_residual: Any = None,
           dps: int = 20, tol: float = 1e-12) -> Step:
    if relation not in RELATIONS:
        raise ValueError(f"relation must be one of {sorted(RELATIONS)}, got {relation!r}")
    if check not in ("symbolic", "numeric"):
        raise ValueError(f"check must be 'symbolic' or 'numeric', got {check!r}")
    if expected_to_fail and not reason:
        raise ValueError(f"step {name!r}: a step expected to fail needs a reason")
    if check == "numeric" and not points:
        raise ValueError(f"step {name!r}: a numeric check needs points")
    assumptions = tuple(assumptions)
    spec = dict(relation=relation, assumptions=assumptions, note=note, check=check,
                simplify=simplify, points=points, witness=witness, certificate=certificate,
                expected_to_fail=expected_to_fail, reason=reason,
                expected_residual=expected_residual, dps=dps, tol=tol)
    bounds, prose = _bounds(assumptions)
    domain_text = tuple(sp.sstr(a) for a in assumptions if not isinstance(a, str))
    chain = tuple(simplify) if simplify is not None else DEFAULT_CHAIN
    strict = relation in ("<", ">")
    notes: list[str] = []
    lhs_s = lhs if isinstance(lhs, sp.MatrixBase) else sp.sympify(lhs)
    rhs_s = rhs if isinstance(rhs, sp.MatrixBase) else sp.sympify(rhs)
    all_points = list(points or [])
    points = [p for p in all_points if _in_domain(p, bounds)]
    if len(points) < len(all_points):
        notes.append(f"{len(all_points) - len(points)} point(s) outside the stated domain skipped")
    holds: bool | None = None
    residual: Any = None
    method = ""
    grade = "undecided"
    wit: dict[str, Any] | None = None
    wit_val: Any = None
    unshown: list[str] = []

    def search(pts: list[Mapping[sp.Symbol, Any]]) -> tuple[Mapping | None, Any, int]:
        """The first point where the relation is numerically violated, with lhs − rhs there,
        and the number of points where a side was undefined (nothing checked there)."""
        at = _pointwise(lhs_s, rhs_s, dps)
        undefined = 0
        for pt in pts:
            for a, b in at(pt):
                v = _violates(relation, a - b, max(1, abs(b)) if b.is_finite else 1, tol)
                if v is None:
                    undefined += 1
                elif v:
                    return pt, a - b, undefined
        return None, None, undefined

    def record_witness(pt: Mapping[sp.Symbol, Any], val: Any) -> None:
        nonlocal wit, wit_val
        wit, wit_val = {str(k): _value_str(v) for k, v in pt.items()}, val

    def refute(pt: Mapping[sp.Symbol, Any], diff: Any) -> Any:
        """lhs − rhs at the exact point ``pt`` (dps + 20 digits) when it refutes the step."""
        for v in _sign_at(diff, pt, dps + 20):
            if _fails_exactly(relation, v, sp.Float(10) ** (-dps)):
                return v
        return None

    if check == "numeric":
        bad_pt, d, undefined = search(points)
        holds = bad_pt is None and not undefined and bool(points)
        if bad_pt is None and (undefined or not points):
            holds = None
        residual = None if holds and relation == "=" else _nice(lhs_s - rhs_s)
        method = (f"numeric: mpmath at {len(points)} point(s), {dps} digits, relative tolerance {tol:g}"
                  " (quadrature for integrals); not a symbolic proof")
        grade = "numeric" if holds else "undecided"
        if undefined:
            method += f"; undefined at {undefined} point(s)"
        if bad_pt is not None:
            record_witness(bad_pt, d)
            holds, grade = False, "refuted"
    else:
        variants = _domain_variants(bounds) if bounds else [({}, {})]
        results = []
        for fwd, inv in variants:
            conds: list = []
            lhs_v = lhs_s.subs(fwd) if fwd else lhs_s
            rhs_v = rhs_s.subs(fwd) if fwd else rhs_s
            cert_v = (sp.sympify(certificate).subs(fwd) if fwd else sp.sympify(certificate)) \
                if certificate is not None else None
            try:
                lhs_ev, rhs_ev = evaluate(lhs_v, notes, conds), evaluate(rhs_v, notes, conds)
            except ValueError as exc:   # SymPy could not evaluate an integral or a sum
                results.append({"holds": None, "residual": None, "grade": "undecided", "unshown": [],
                                "method": f"symbolic: {exc}"})
                continue
            results.append(_symbolic(relation, strict, lhs_v, rhs_v, lhs_ev, rhs_ev, chain, cert_v, conds, inv,
                                     witness is not None))
        # the weakest variant decides: refuted anywhere → refuted; unproved anywhere → not proved
        order = {"refuted": 0, "undecided": 1, "conditional": 2}
        worst = min(results, key=lambda r: order.get(r["grade"], 3))
        holds, residual, method, grade, unshown = (worst["holds"], worst["residual"], worst["method"],
                                                   worst["grade"], worst["unshown"])
        if len(variants) > 1:
            method += f" (checked on {len(variants)} pieces of the stated domain)"
        if holds is not True:
            diff = lhs_s - rhs_s
            # refute exactly: at the witness, else at the first searched point that violates
            cand = []
            if witness is not None:
                if _in_domain(witness, bounds):
                    cand = [witness]
                else:
                    notes.append("the witness lies outside the stated domain and was not used")
            if not cand and points:
                bad_pt, _, _ = search(points)
                cand = [bad_pt] if bad_pt is not None else []
            for pt in cand:
                val = refute(pt, diff)
                if val is not None:
                    holds, grade = False, "refuted"
                    record_witness(pt, val)
                    kind = "the given witness" if pt is witness else "a searched point"
                    method += f"; refuted at {kind} (exact values, {dps + 20}-digit evaluation)"
                    break
            else:
                if relation != "=" and points and holds is None and not unshown:
                    bad_pt, _, undefined = search(points)
                    if bad_pt is None and not undefined:
                        holds, grade = True, "search"
                        method = (f"numeric search: no violation at {len(points)} point(s) ({dps} digits); "
                                  "not a symbolic proof")
        elif relation == "=" and points:
            bad_pt, d, undefined = search(points)
            if bad_pt is not None:
                holds, grade = False, "refuted"
                record_witness(bad_pt, d)
                method += "; but the numeric cross-check disagreed"
            else:
                method += f"; numeric cross-check at {len(points) - 0} point(s) (mpmath, {dps} digits)"
                if undefined:
                    method += f", undefined at {undefined}"
    if holds is True and relation == "=":
        residual = None
    if prose:
        notes.append("prose assumptions recorded, not used by the check")
    note_all = "; ".join([note] + notes) if notes else note
    return Step(name=name, lhs=lhs_s, rhs=rhs_s, relation=relation,
                assumptions=tuple(a if isinstance(a, str) else sp.sstr(a) for a in assumptions),
                note=note_all.strip("; "), expected_to_fail=expected_to_fail, reason=reason,
                holds=holds, residual=residual, method=method.lstrip("; "), witness=wit, witness_value=wit_val,
                expected_residual=expected_residual, grade=grade, domain=domain_text,
                conditions=tuple(unshown), spec=spec)


def _symbolic(relation: str, strict: bool, lhs_v: Any, rhs_v: Any, lhs_ev: Any, rhs_ev: Any,
              chain: Sequence[str], certificate: Any, conds: list, inv: dict, has_witness: bool) -> dict:
    """The symbolic check of one piece of the domain: holds / grade / method / residual."""
    back = (lambda e: _apply(lambda u: u.subs(inv), e)) if inv else (lambda e: e)
    evaluated = "integrals/sums evaluated by SymPy, then " if (_has_uneval(lhs_v) or _has_uneval(rhs_v)) else ""
    out: dict[str, Any] = {"holds": None, "residual": None, "method": "", "grade": "undecided", "unshown": []}
    decided = [(what, c, _decide(c)) for what, c in conds]
    failed = [f"{what}: {sp.sstr(c)}" for what, c, v in decided if v is False]
    unshown = [f"{what}: {sp.sstr(c)}" for what, c, v in decided if v is None]
    if failed:
        out.update(holds=False, grade="refuted",
                   method="symbolic: SymPy's closed form needs " + "; ".join(failed) + ", false on the stated domain")
        return out
    diff = lhs_ev - rhs_ev
    if relation == "=":
        zero, red, used = _reduce(diff, chain)
        if zero:
            out.update(holds=True, grade="symbolic", method=f"symbolic: {evaluated}lhs − rhs reduces to 0 ({used})")
        else:
            out["residual"] = back(_nice(red))
            nonzero = not isinstance(red, sp.MatrixBase) and any(f.is_zero is False for f in (red, _cancel(red)))
            if isinstance(red, sp.MatrixBase):
                nonzero = any(e.is_zero is False for e in red)
            if nonzero:
                out.update(holds=False, grade="refuted",
                           method=f"symbolic: lhs − rhs = {sp.sstr(back(red))} is non-zero by SymPy's assumptions ({used})")
            else:
                out["method"] = f"symbolic: lhs − rhs does not reduce to 0 ({used})"
    else:
        slack = (rhs_ev - lhs_ev) if relation in ("<=", "<") else (lhs_ev - rhs_ev)
        out["residual"] = back(_nice(diff))
        sign = "positive" if strict else "non-negative"
        if certificate is not None:
            zero, _, used = _reduce(slack - certificate, chain)
            sign_ok = certificate.is_positive if strict else certificate.is_nonnegative
            if zero and sign_ok:
                out.update(holds=True, grade="certificate",
                           method=(f"symbolic: the slack equals the certificate {sp.sstr(back(certificate))} ({used}), "
                                   f"{sign} by SymPy's assumptions"))
            else:
                out["method"] = ("symbolic: the certificate does not match the slack" if not zero
                                 else f"symbolic: the certificate is not shown {sign}")
        if out["holds"] is None and not isinstance(slack, sp.MatrixBase):
            for form in _sign_forms(slack, cheap=has_witness):   # a witness decides the rest exactly
                if form.is_positive if strict else form.is_nonnegative:
                    out.update(holds=True, grade="sign",
                               method=f"symbolic: SymPy's assumptions show the slack {sp.sstr(back(form))} is {sign}")
                    break
                if form.is_nonpositive if strict else form.is_negative:
                    out.update(holds=False, grade="refuted",
                               method=(f"symbolic: SymPy's assumptions show the slack {sp.sstr(back(form))} is "
                                       f"{'non-positive' if strict else 'negative'}"))
                    break
    if out["holds"] is True and unshown:
        out.update(holds=None, grade="conditional",
                   method=out["method"] + "; but SymPy's closed form needs " + "; ".join(unshown) + ", not shown")
    out["unshown"] = unshown
    return out


# --------------------------------------------------------------------------------------
# derivations


def _to_float(v: Any) -> Any:
    if isinstance(v, mpmath.matrix):
        return np.array([[_to_float(v[i, j]) for j in range(v.cols)] for i in range(v.rows)])
    if isinstance(v, (list, tuple)):
        return np.array([_to_float(x) for x in v])
    if isinstance(v, mpmath.mpc):
        if abs(v.imag) > 1e-12 * max(1, abs(v.real)):
            raise ValueError(f"complex value {v}")
        v = v.real
    return float(v)


def _mp(v: Any) -> Any:
    """Numbers as mpmath numbers (so that e.g. 4**(-α) cannot underflow in float); integers
    stay integers (rising factorials and the like take them as such)."""
    if isinstance(v, (bool, np.bool_)):
        return v
    if isinstance(v, (int, np.integer)):
        return int(v)
    return mpmath.mpf(float(v)) if isinstance(v, (float, np.floating)) else v


def _make_callable(expr: Any, args: Sequence[sp.Symbol]) -> Callable[..., Any]:
    fn = sp.lambdify(list(args), expr, modules="mpmath")

    def call(*values: Any) -> Any:
        if len(values) != len(args):
            raise TypeError(f"expected {len(args)} argument(s) {[str(a) for a in args]}, got {len(values)}")
        if any(np.ndim(v) for v in values):
            if isinstance(expr, sp.MatrixBase):
                raise TypeError("matrix-valued closed forms take scalar arguments")
            return np.vectorize(lambda *v: _to_float(fn(*[_mp(u) for u in v])), otypes=[float])(*values)
        with mpmath.workdps(30):
            return _to_float(fn(*[_mp(v) for v in values]))

    call.__doc__ = f"{sp.sstr(expr)} as a function of {', '.join(map(str, args))} (mpmath, 30 digits)."
    return call


class Derivation:
    """A named, checked derivation; see the module docstring.

    Build one with :meth:`step` calls and finish with :meth:`conclude`.
    """

    def __init__(self, id: str, title: str, *, summary: str = "", assumptions: Iterable[str] = (),
                 source: str = "", domain: Iterable[Any] = (), proves: Iterable[str] = ()) -> None:
        self.id = id
        self.title = title
        self.summary = summary
        self.assumptions = tuple(assumptions)
        self.source = source
        #: relations on single symbols (e.g. ``0 <= lam``, ``lam <= 1``) that every step is checked under
        self.domain: tuple[Any, ...] = tuple(domain)
        _bounds(self.domain)  # validates
        #: claim ids whose statement this derivation proves on its full stated domain
        self.proves: tuple[str, ...] = tuple(proves)
        if any(not isinstance(c, str) or not c for c in self.proves):
            raise TypeError(f"{id}: proves must be claim ids (non-empty strings), got {proves!r}")
        self.steps: list[Step] = []
        self.result: Any = None
        self.result_args: tuple[sp.Symbol, ...] = ()
        self.forms: dict[str, Any] = {}

    def __repr__(self) -> str:
        return f"Derivation({self.id!r}, {len(self.steps)} steps, ok={self.ok}, is_proof={self.is_proof})"

    def _invalidate(self) -> None:
        self.__dict__.pop("conclusion_matches", None)
        self.__dict__.pop("_dict_cache", None)

    def __getstate__(self) -> dict[str, Any]:
        """What a pickle keeps: the derivation, not what is cached from it (the conclusion check,
        the printed dict, the numeric function of the result)."""
        return {k: v for k, v in self.__dict__.items()
                if k not in ("conclusion_matches", "_dict_cache", "result_callable")}

    # building ------------------------------------------------------------------------

    def step(self, name: str, lhs: Any, rhs: Any, **kwargs: Any) -> Step:
        """Check ``lhs relation rhs`` and append it; see :func:`_check` for the keywords
        (relation, assumptions, note, check, simplify, points, witness, certificate,
        expected_to_fail, reason, expected_residual, dps, tol). Returns the step."""
        if any(s.name == name for s in self.steps):
            raise ValueError(f"{self.id}: duplicate step name {name!r}")
        if self.domain:
            kwargs["assumptions"] = tuple(self.domain) + tuple(kwargs.get("assumptions", ()))
        st = _check(name, lhs, rhs, **kwargs)
        self.steps.append(st)
        self._invalidate()
        return st

    def add_step(self, st: Step) -> Step:
        """Append a step checked elsewhere (a named rule or a definition, see
        :mod:`mixcheck.derivation_rules`)."""
        if not isinstance(st, Step):
            raise TypeError(f"{self.id}: add_step takes a Step, got {type(st).__name__}")
        if any(s.name == st.name for s in self.steps):
            raise ValueError(f"{self.id}: duplicate step name {st.name!r}")
        self.steps.append(st)
        self._invalidate()
        return st

    def conclude(self, result: Any, args: Sequence[sp.Symbol], **forms: Any) -> "Derivation":
        """Record the closed form ``result`` (a function of ``args``) and further named forms.

        ``result`` is checked against the last step (:attr:`conclusion_matches`): an
        expression must equal that step's right side (or, for an equality, either side); a
        relation (``sp.Le(a, b)`` …) must be the last step itself. The comparison rejects at
        once a result that differs numerically at a point of its symbols' declared domain, and
        never evaluates an integral or sum (a step must do that)."""
        self.result = result
        self.result_args = tuple(args)
        self.forms.update(forms)
        self.__dict__.pop("result_callable", None)
        self._invalidate()
        return self

    # reading -------------------------------------------------------------------------

    @property
    def ok(self) -> bool:
        """Every step holds, or fails exactly as recorded; and a result was concluded."""
        return self.result is not None and all(s.ok for s in self.steps)

    @functools.cached_property
    def conclusion_matches(self) -> bool:
        """The concluded result is what the last step establishes (see :meth:`conclude`)."""
        if self.result is None or not self.steps:
            return False
        last = self.steps[-1]
        if last.expected_to_fail or last.holds is not True:
            return False
        r = self.result

        def same(a: Any, b: Any) -> bool:
            try:
                if isinstance(a, sp.MatrixBase) != isinstance(b, sp.MatrixBase):
                    return False
                if isinstance(a, sp.MatrixBase) and a.shape != b.shape:
                    return False
                if a == b:  # structurally identical: nothing to simplify
                    return True
                diff = a - b
                if _has_uneval(diff):
                    # an unevaluated integral or sum must be evaluated by a step of its own: the
                    # conclusion is compared with the last step without integrating anything
                    return _reduce(diff, ("ring", "expand", "cancel"))[0]
                if _differs_somewhere(diff):  # a point of the domain where they differ: not equal
                    return False
                return _reduce(diff, ("ring", "expand", "cancel", "simplify"))[0]
            except (TypeError, ValueError, AttributeError, sp.SympifyError):
                return False

        rel_of = {sp.Eq: "=", sp.Le: "<=", sp.Ge: ">=", sp.Lt: "<", sp.Gt: ">"}
        if isinstance(r, sp.Rel):
            rel = next((v for k, v in rel_of.items() if isinstance(r, k)), None)
            flipped = {"<=": ">=", ">=": "<=", "<": ">", ">": "<", "=": "="}
            if rel == last.relation and same(r.lhs, last.lhs) and same(r.rhs, last.rhs):
                return True
            return rel == flipped[last.relation] and same(r.lhs, last.rhs) and same(r.rhs, last.lhs)
        if isinstance(r, sp.logic.boolalg.Boolean) and not isinstance(r, sp.Expr):
            return False
        if same(r, last.rhs):
            return True
        return last.relation == "=" and same(r, last.lhs)

    @property
    def is_proof(self) -> bool:
        """Every step is a proof-grade check (:attr:`Step.is_proof`) and the concluded result
        is what the last step establishes. Steps recorded as failing, numeric steps and
        searches all make this False."""
        return bool(self.steps) and all(s.is_proof for s in self.steps) and self.conclusion_matches

    def grades(self) -> dict[str, int]:
        """How many steps were checked by each grade (:data:`GRADES`)."""
        out: dict[str, int] = {}
        for s in self.steps:
            out[s.grade] = out.get(s.grade, 0) + 1
        return out

    def unexpected(self) -> list[Step]:
        """The steps that spoil :attr:`ok`."""
        return [s for s in self.steps if not s.ok]

    def get_step(self, name: str) -> Step:
        for s in self.steps:
            if s.name == name:
                return s
        raise KeyError(f"{self.id}: no step named {name!r} (steps: {[s.name for s in self.steps]})")

    @functools.cached_property
    def result_callable(self) -> Callable[..., Any]:
        """The result as a numeric function of :attr:`result_args` (floats; arrays broadcast)."""
        if self.result is None:
            raise ValueError(f"{self.id}: no result concluded")
        return _make_callable(self.result, self.result_args)

    def form_callable(self, name: str, args: Sequence[sp.Symbol | str] | None = None) -> Callable[..., Any]:
        """A named form (see :meth:`conclude`) as a numeric function of ``args`` (symbols, or
        the names of the form's free symbols; default :attr:`result_args`)."""
        form = self.forms[name]
        if args is None:
            args = self.result_args
        by_name = {str(s): s for s in getattr(form, "free_symbols", set())}
        syms = []
        for a in args:
            if isinstance(a, str):
                if a not in by_name:
                    raise KeyError(f"{self.id}/{name}: no free symbol named {a!r} (has {sorted(by_name)})")
                a = by_name[a]
            syms.append(a)
        return _make_callable(form, syms)

    def replace_step(self, name: str, **changes: Any) -> "Derivation":
        """A copy with step ``name`` re-checked after ``changes`` (``lhs``, ``rhs`` or any check
        keyword; for a named rule or a definition, those of :data:`RECHECKS`),
        the rule against the steps before it; the other steps are shared. Used to show that an
        edited form fails."""
        if name not in [s.name for s in self.steps]:
            raise KeyError(f"{self.id}: no step named {name!r}")
        new = Derivation(self.id, self.title, summary=self.summary, assumptions=self.assumptions,
                         source=self.source, domain=self.domain, proves=self.proves)
        for s in self.steps:
            if s.name == name:
                lhs, rhs = changes.pop("lhs", s.lhs), changes.pop("rhs", s.rhs)
                kind = s.spec.get("kind")
                if kind is not None:  # a named rule or a definition: checked by who made it
                    if kind not in RECHECKS:
                        raise RuntimeError(f"{self.id}/{name}: no re-check for {kind!r} steps is registered "
                                           "(import mixcheck.derivation_rules)")
                    RECHECKS[kind](new, s, lhs, rhs, **changes)
                    continue
                s = _check(name, lhs, rhs, **{**s.spec, **changes})
            new.steps.append(s)
        new.conclude(self.result, self.result_args, **self.forms)
        return new

    # rendering -----------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """The derivation as JSON-ready data. Printing costs seconds, so it is done once for each
        state of the derivation (its steps and result); each call returns a fresh copy."""
        state = (list(self.steps), self.result, self.result_args, self.proves, self.title, self.summary,
                 self.source, tuple(self.assumptions), tuple(self.domain))
        cached = self.__dict__.get("_dict_cache")
        if cached is None or not _same_objects(cached[0], state):
            cached = self.__dict__["_dict_cache"] = (state, self._as_dict())
        return copy.deepcopy(cached[1])

    def _as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "summary": self.summary,
            "source": self.source,
            "assumptions": list(self.assumptions),
            "steps": [s.to_dict() for s in self.steps],
            "result": None if self.result is None else sp.srepr(self.result),
            "result_text": None if self.result is None else sp.sstr(self.result),
            "result_latex": None if self.result is None else sp.latex(self.result),
            "result_args": [str(a) for a in self.result_args],
            "ok": self.ok,
            "is_proof": self.is_proof,
            "proves": list(self.proves),
            "conclusion_matches": self.conclusion_matches,
            "domain": [sp.sstr(a) for a in self.domain],
            "grades": self.grades(),
        }

    def to_markdown(self) -> str:
        lines = [f"### `{self.id}` — {self.title}", ""]
        if self.summary:
            lines += [self.summary, ""]
        if self.source:
            lines += [f"Paper: {self.source}", ""]
        if self.assumptions:
            lines += ["Assumptions: " + "; ".join(self.assumptions), ""]
        lines += ["| # | step | statement | checked by | status |", "|---|---|---|---|---|"]
        for i, s in enumerate(self.steps, 1):
            status = s.status
            if s.expected_to_fail:
                status += f" — expected: {s.reason}"
            if s.residual is not None and s.holds is not True:
                status += f"; residual ${sp.latex(s.residual)}$"
            if s.witness:
                status += f"; witness {s.witness}"
            extra = f" ({'; '.join(s.assumptions)})" if s.assumptions else ""
            cell = lambda t: t.replace("|", r"\|").replace("\n", " ")  # noqa: E731
            lines.append(f"| {i} | {cell(s.name)}{cell(extra)} | ${cell(s.latex())}$ | {cell(s.method)} | {cell(status)} |")
        if self.result is not None:
            lines += ["", f"**Result** (in {', '.join(map(str, self.result_args))}): ${sp.latex(self.result)}$"]
        lines += ["", f"Derivation {'OK' if self.ok else 'NOT OK'}; "
                      f"{'a proof' if self.is_proof else 'not a proof'}"
                      + (f" of {', '.join(self.proves)}" if self.proves and self.is_proof else "") + ".", ""]
        return "\n".join(lines)

    def to_latex(self) -> str:
        esc = lambda t: t.replace("_", r"\_").replace("&", r"\&").replace("%", r"\%").replace("#", r"\#")  # noqa: E731
        out = [rf"\subsection*{{\texttt{{{esc(self.id)}}}: {esc(self.title)}}}"]
        if self.summary:
            out.append(esc(self.summary))
        if self.assumptions:
            out.append(r"\noindent Assumptions: " + esc("; ".join(self.assumptions)) + ".")
        out.append(r"\begin{enumerate}")
        for s in self.steps:
            line = rf"\item \textbf{{{esc(s.name)}}} ({esc(s.status)}): \[ {s.latex()} \]"
            if s.residual is not None and s.holds is not True:
                line += rf" residual \( {sp.latex(s.residual)} \)."
            if s.expected_to_fail:
                line += " " + esc(s.reason)
            out.append(line)
        out.append(r"\end{enumerate}")
        if self.result is not None:
            out.append(rf"\noindent Result: \( {sp.latex(self.result)} \)")
        return "\n".join(out)


def check_derivations(derivations: Iterable[Any], name: str = "derivations") -> list[Derivation]:
    """``derivations`` as a list, each a :class:`Derivation`; TypeError naming ``name`` otherwise."""
    ds = list(derivations)
    bad = [type(d).__name__ for d in ds if not isinstance(d, Derivation)]
    if bad:
        raise TypeError(f"{name} must be Derivation objects, got {bad[:3]}")
    return ds
