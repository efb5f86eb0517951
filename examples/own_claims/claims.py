"""Claims of another "paper": a small inventory and three claims, checked by the mixcheck engine.

The statements (of a made-up note on mixed samples, "Doe, Mixing bounded samples"):

* ``note.convex`` (Lemma 1): a mixed value λa + (1−λ)b lies between a and b for λ in [0, 1]
  — checked by a property search; it holds;
* ``note.square`` (eq. (2)): (λa + (1−λ)b)² ≤ λa² + (1−λ)b² — Jensen for the square; holds by
  the same search;
* ``note.product`` (eq. (3)): the product of two mixed values is at most the mix of the
  products — false: a refuted claim with a counterexample anybody recomputes from its inputs.

Run it: ``pytest examples/own_claims`` (add ``--mixcheck-report DIR`` for the report), or
``mixcheck report --claims examples.own_claims.claims --out DIR``.
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import strategies as st

from mixcheck import Inventory, claim, holds, inconclusive, refuted, search

NOTE = Inventory(
    name="doe-mixing",
    title='mixcheck report — Doe, "Mixing bounded samples"',
    entries=[
        ("note.convex", "a mixed value lies between its two ends", "Lemma 1", "Section 2 — Mixing two values"),
        ("note.square", "the square of a mix is at most the mix of the squares", "eq. (2)",
         "Section 2 — Mixing two values"),
        ("note.product", "the product of two mixes is at most the mix of the products", "eq. (3)",
         "Section 3 — Products"),
    ],
)

#: a in [-10, 10], b in [-10, 10], λ in [0, 1] — exact rationals, so both sides are exact
_VALUE = st.fractions(min_value=-10, max_value=10, max_denominator=64)
_LAMBDA = st.fractions(min_value=0, max_value=1, max_denominator=64)
_TWO_VALUES = st.tuples(_VALUE, _VALUE, _LAMBDA)
_READING = "a, b rationals in [-10, 10], λ a rational in [0, 1]; exact arithmetic"


def _holds_by_search(ctx, strategy, margin, what: str):
    """Search for a violation (margin > 0); none found: holds, with the search's effort (the
    grade ``searched`` rests on it); one found: inconclusive until it is checked by hand."""
    res = search(ctx, strategy, margin)
    if res.found:
        return inconclusive(f"the search found a violation (margin {res.violation_margin:.3g})",
                            reason="a claim recorded as holding met a violating example",
                            settle="recompute the example exactly and register it as a counterexample",
                            example=repr(res.violation))
    return holds(f"no {what} in {res.examples} examples", examples=res.examples, worst_margin=res.worst_margin)


def _mix(lam: Fraction, a: Fraction, b: Fraction) -> Fraction:
    return lam * a + (1 - lam) * b


def _convex_margin(ex) -> float:
    a, b, lam = ex
    m = _mix(lam, a, b)
    return float(max(min(a, b) - m, m - max(a, b)))  # > 0: outside [min, max]


@claim("note.convex/between", inventory=NOTE, paper_ref="Lemma 1",
       statement="min(a, b) ≤ λa + (1−λ)b ≤ max(a, b) for λ in [0, 1]",
       reading=_READING, method="property-search", expected="holds")
def check_convex(ctx):
    return _holds_by_search(ctx, _TWO_VALUES, _convex_margin, "mix outside [min(a, b), max(a, b)]")


def _square_margin(ex) -> float:
    a, b, lam = ex
    return float(_mix(lam, a, b) ** 2 - _mix(lam, a * a, b * b))  # lhs - rhs of lhs ≤ rhs


@claim("note.square/jensen", inventory=NOTE, paper_ref="eq. (2)",
       statement="(λa + (1−λ)b)² ≤ λa² + (1−λ)b² for λ in [0, 1]",
       reading=_READING, method="property-search", expected="holds")
def check_square(ctx):
    return _holds_by_search(ctx, _TWO_VALUES, _square_margin, "violation of Jensen's inequality")


def product_sides(inputs: dict) -> tuple[Fraction, Fraction]:
    """Both sides of eq. (3) from the JSON inputs alone: (mix(a)·mix(b), mix(a·b))."""
    lam = Fraction(inputs["lambda"])
    a1, a2, b1, b2 = (Fraction(inputs[k]) for k in ("a1", "a2", "b1", "b2"))
    return _mix(lam, a1, a2) * _mix(lam, b1, b2), _mix(lam, a1 * b1, a2 * b2)


def _product_inputs(ex) -> dict:
    a1, a2, b1, b2, lam = ex
    return {"a1": str(a1), "a2": str(a2), "b1": str(b1), "b2": str(b2), "lambda": str(lam)}


def _product_margin(ex) -> float:
    lhs, rhs = product_sides(_product_inputs(ex))
    return float(lhs - rhs)


@claim("note.product/as-stated", inventory=NOTE, paper_ref="eq. (3)",
       statement="(λa₁ + (1−λ)a₂)(λb₁ + (1−λ)b₂) ≤ λa₁b₁ + (1−λ)a₂b₂ for λ in [0, 1]",
       reading="all rationals a₁, a₂, b₁, b₂ in [-10, 10], λ in [0, 1]; exact arithmetic",
       method="property-search", expected="refuted", recompute=product_sides)
def check_product(ctx):
    res = search(ctx, st.tuples(_VALUE, _VALUE, _VALUE, _VALUE, _LAMBDA), _product_margin)
    if not res.found:  # not finding a counterexample proves nothing: inconclusive, never holds
        return inconclusive(f"the search found no counterexample in {res.examples} examples",
                            reason="the property search for a counterexample found none",
                            settle="a larger search or an explicit counterexample")
    inputs = _product_inputs(res.violation)  # the shrunk example, as JSON
    lhs, rhs = product_sides(inputs)  # recomputed exactly from the inputs alone
    return refuted(inputs=inputs, lhs=lhs, rhs=rhs, relation="<=", exact_method="fractions (exact)",
                   summary=f"at {inputs}: product of the mixes {lhs} > mix of the products {rhs}",
                   search={"examples": res.examples, "worst_margin": res.worst_margin})
