"""Building outcomes with complete evidence, and re-checking a counterexample from JSON.

    from mixcheck import holds, refuted
    holds("no violation in 200 examples", examples=200)
    refuted(inputs={"a": 1, "b": 2}, lhs=3, rhs=2, relation="<=", summary="1 + 2 > 2")

Conventions for a refuted relation: ``evidence["relation"]`` is the claimed relation between
``lhs`` and ``rhs`` (``"<="``, ``">="`` or ``"=="``); ``margin`` is by how much it fails
(``lhs - rhs`` for ``"<="``, ``rhs - lhs`` for ``">="``, ``|lhs - rhs|`` for ``"=="``), so a
counterexample has ``margin > 0``. ``inputs`` holds everything needed to recompute both sides
(the claim's ``recompute(inputs)``); ``exact`` the two sides re-verified in exact or 50-digit
arithmetic, as strings.
"""

from __future__ import annotations

import json
from fractions import Fraction

import mpmath

from .registry import Claim, Outcome, jsonable

__all__ = ["refuted", "holds", "inconclusive", "not_run", "search_missed", "unexpected_violation", "violation_margin", "verify_counterexample",
           "with_evidence", "mpstr", "PREC"]

_EQ_TOL = mpmath.mpf("1e-30")
#: decimal digits of the arithmetic a check runs in and a counterexample is re-verified at
PREC = 50


def mpstr(x, digits: int = 30) -> str:
    """A number as a decimal string with ``digits`` significant digits."""
    try:
        if isinstance(x, Fraction):
            return str(x) if x.denominator < 10**12 else mpmath.nstr(_mpf(x), digits)
        return mpmath.nstr(_mpf(x), digits)
    except (TypeError, ValueError):
        return str(x)


def _mpf(x):
    if isinstance(x, Fraction):
        return mpmath.mpf(x.numerator) / x.denominator
    return mpmath.mpf(x)


def violation_margin(lhs, rhs, relation: str):
    """By how much ``lhs relation rhs`` fails (> 0 means it fails), in mpmath."""
    if isinstance(lhs, (Fraction, int)) and isinstance(rhs, (Fraction, int)):
        a, b = Fraction(lhs), Fraction(rhs)
        return {"<=": a - b, ">=": b - a, "==": abs(a - b)}[relation]
    with mpmath.workdps(PREC):
        a, b = _mpf(lhs), _mpf(rhs)
        return _margin(a, b, relation)


def _margin(a, b, relation):
    if relation == "<=":
        return a - b
    if relation == ">=":
        return b - a
    if relation == "==":
        return abs(a - b)
    raise ValueError(f"relation must be '<=', '>=' or '==', got {relation!r}")


def refuted(*, inputs: dict, lhs, rhs, relation: str, summary: str, exact: bool = True,
            exact_method: str = "fractions + mpmath (50 digits)", **extra) -> Outcome:
    """A refuted relation with its counterexample. ``lhs``/``rhs`` may be mpmath numbers
    (then their 30-digit strings are kept under ``exact``)."""
    m = violation_margin(lhs, rhs, relation)
    if not _mpf(m) > (_EQ_TOL if relation == "==" else 0):
        raise AssertionError(f"not a counterexample: lhs={lhs}, rhs={rhs}, relation {relation}")
    ev = {
        "inputs": jsonable(inputs),
        "relation": relation,
        "lhs": float(lhs),
        "rhs": float(rhs),
        "margin": float(m),
    }
    if exact:
        ev["exact"] = {"lhs": mpstr(lhs), "rhs": mpstr(rhs), "margin": mpstr(m), "method": exact_method}
    ev.update(extra)
    return Outcome("refuted", jsonable(ev), summary)


def holds(summary: str, **evidence) -> Outcome:
    return Outcome("holds", jsonable(evidence), summary)


def inconclusive(summary: str, *, reason: str, settle: str, **evidence) -> Outcome:
    """Inconclusive, with why and what would settle it."""
    return Outcome("inconclusive", jsonable({"reason": reason, "would_settle": settle, **evidence}), summary)


def unexpected_violation(res, what: str = "a violation") -> Outcome:
    """The search of a claim recorded as holding found ``what``: inconclusive until the shrunk
    example (attached, with the search effort) is re-verified exactly and registered as a
    counterexample. The claim's test then fails, since the verdict differs from the pinned one."""
    margin = "" if res.violation_margin is None else f" (margin {res.violation_margin:.3g})"
    return inconclusive(f"the search found {what}{margin}; not yet re-verified as a counterexample",
                        reason="a claim recorded as holding met a violating example in its search",
                        settle="recompute the attached example exactly; if it stands, register it as a "
                               "counterexample (verdict refuted) with a recompute function",
                        example=res.violation, search=res.effort())


def search_missed(res, what: str = "a counterexample") -> Outcome:
    """A refutation search that found nothing: inconclusive, with the search effort (not an error,
    and never a 'holds': not finding a violation in a search meant to find one proves nothing)."""
    return inconclusive(f"the search found no {what} in {res.examples} examples",
                        reason="the property search for a counterexample found none",
                        settle="a larger search (profile thorough) or an explicit counterexample",
                        search=res.effort())


def not_run(summary: str, *, reason: str, **evidence) -> Outcome:
    return Outcome("not-run", jsonable({"reason": reason, **evidence}), summary)


def verify_counterexample(c: Claim, evidence: dict) -> bool:
    """Recompute a refuted claim's two sides from its JSON ``inputs`` alone (after a JSON
    round trip) with ``c.recompute`` and say whether the claimed relation fails."""
    if c.recompute is None:
        raise ValueError(f"claim {c.id} has no recompute function")
    if not isinstance(evidence, dict) or "inputs" not in evidence or "relation" not in evidence:
        raise ValueError(f"claim {c.id}: evidence must hold 'inputs' and 'relation' to recompute")
    inputs = json.loads(json.dumps(evidence["inputs"]))
    with mpmath.workdps(PREC):
        lhs, rhs = c.recompute(inputs)
        m = violation_margin(lhs, rhs, evidence["relation"])
        return bool(_mpf(m) > (_EQ_TOL if evidence["relation"] == "==" else 0))


def with_evidence(extra, *, keep_existing: bool = True):
    """Decorator for a check: every outcome it returns carries ``extra(ctx)`` (a dict) in its
    evidence as well; with ``keep_existing`` a key the check set itself wins.

    >>> check = with_evidence(lambda ctx: {"source": "note, eq. (2)"})(lambda ctx: holds("ok", examples=3))
    >>> check(None).evidence["source"]
    'note, eq. (2)'
    """
    import functools

    if not callable(extra):
        raise TypeError(f"with_evidence: extra must be a callable ctx -> dict, got {extra!r}")

    def wrap(check):
        @functools.wraps(check)
        def checked(ctx):
            out = check(ctx)
            ev = dict(out.evidence)
            for key, value in extra(ctx).items():
                if keep_existing:
                    ev.setdefault(key, value)
                else:
                    ev[key] = value
            return Outcome(out.verdict, jsonable(ev), out.summary)

        return checked

    return wrap
