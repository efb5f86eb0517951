"""Helpers that claims of several sections share: a sample as the float rows a claim's inputs record
(:func:`rows_of`), the proofs' surrogate sample in float (:func:`surrogate_float`), the λ strategy of
(1-λ)-bounds (:func:`open_lambdas`), a counterexample search whose margin and whose reported sides
both come from the claim's own exact ``recompute`` function, and the claim that a statement read as
printed cannot be checked (:func:`as_printed`).
"""

from __future__ import annotations

import sys
from typing import Any, Callable

import numpy as np
from hypothesis import strategies as st

from mixcheck.engine.outcomes import inconclusive, refuted, search_missed
from mixcheck.engine.registry import claim
from mixcheck.engine.search import search
from mixcheck.exact import as_fraction_rows, frac

Inputs = Callable[[Any], dict]
Recompute = Callable[[dict], tuple]


def rows_of(X) -> list[list[float]]:
    """A sample as a plain list of float rows (the form a claim's ``inputs`` record)."""
    return np.asarray(X, dtype=float).tolist()


def surrogate_float(X, lam) -> np.ndarray:
    """The proofs' surrogate sample x̃_i = λx_i + (1-λ)x̄ (eq. 19 and 24) in float64: a search's fast
    side (:func:`mixcheck.exact.surrogate_rows` is its exact twin)."""
    X = np.asarray(X, dtype=float)
    return lam * X + (1 - lam) * X.mean(0, keepdims=True)


def open_lambdas():
    """λ ∈ [10⁻⁶, 1 − 10⁻⁶] (½ first): closer to 0 or 1 both sides of a (1-λ)-bound vanish below
    float resolution."""
    return st.one_of(st.just(0.5), st.floats(1e-6, 1 - 1e-6))


def sample_and_lambda(name: str = "lambda", /, **fixed) -> Inputs:
    """``(X, λ) ↦ {"X": rows, name: λ, **fixed}``: the inputs of a claim searched over samples and λ."""
    def inputs(example):
        X, lam = example
        return {"X": rows_of(X), name: lam, **fixed}
    return inputs


def exact_sample(inp: dict, *scalars: str) -> tuple:
    """``inp["X"]`` as fraction rows, then each named scalar of ``inp`` as a fraction."""
    return (as_fraction_rows(inp["X"]), *(frac(inp[k]) for k in scalars))


def recomputed_margin(recompute: Recompute, inputs: Inputs, *, relation: str = "<=",
                      slack: float = 0.0) -> Callable[[Any], float]:
    """The search margin ``lhs − rhs − slack`` (``|lhs − rhs| − slack`` for ``==``) from ``recompute``."""
    if relation not in ("<=", "=="):
        raise ValueError(f"relation must be '<=' or '==', got {relation!r}")

    def margin(example):
        lhs, rhs = recompute(inputs(example))
        gap = abs(lhs - rhs) if relation == "==" else lhs - rhs
        return float(gap) - slack
    return margin


def recomputed_counterexample(recompute: Recompute, inputs: Inputs, summary: Callable[[dict, Any, Any], str], *,
                              relation: str = "<=", **notes) -> Callable[[Any], dict]:
    """``example ↦`` the keyword arguments of ``refuted``: the inputs, both sides recomputed exactly,
    the relation, ``summary(inputs, lhs, rhs)`` and the fixed ``notes`` (correction, note)."""
    if not callable(summary):
        raise TypeError(f"summary must be a callable (inputs, lhs, rhs) -> str, got {type(summary).__name__}")

    def counterexample(example):
        inp = inputs(example)
        lhs, rhs = recompute(inp)
        return dict(inputs=inp, lhs=lhs, rhs=rhs, relation=relation, summary=summary(inp, lhs, rhs), **notes)
    return counterexample


def refute_by_recompute(ctx, strategy, recompute: Recompute, inputs: Inputs, summary, *, relation: str = "<=",
                        slack: float = 0.0, max_examples: int | None = None, **notes):
    """Search ``strategy`` with :func:`recomputed_margin`; a violation → ``refuted`` with the sides
    recomputed exactly and the search effort; nothing found → the search's miss."""
    margin = recomputed_margin(recompute, inputs, relation=relation, slack=slack)
    res = search(ctx, strategy, margin, max_examples=max_examples)
    if not res.found:
        return search_missed(res)
    found = recomputed_counterexample(recompute, inputs, summary, relation=relation, **notes)(res.violation)
    return refuted(**found, search=res.effort())


def refuted_at(recompute: Recompute, inputs: dict, summary: Callable[[dict, Any, Any], str], *,
               relation: str = "<=", **evidence):
    """A fixed counterexample: ``inputs`` → both sides by ``recompute`` → ``refuted`` with
    ``summary(inputs, lhs, rhs)`` and the further ``evidence``."""
    if not isinstance(inputs, dict):
        raise TypeError(f"inputs must be a dict of the counterexample's inputs, got {type(inputs).__name__}")
    found = recomputed_counterexample(recompute, lambda inp: inp, summary, relation=relation, **evidence)(inputs)
    return refuted(**found)


def as_printed(claim_id: str, *, paper_ref: str, statement: str, summary: str, reason: str, settle: str,
               reading: str = "as printed"):
    """Register ``claim_id`` for a statement that, read as printed, cannot be checked (a term it
    needs is never defined): ``inconclusive``, with why and what would settle it. The check
    belongs to the calling module (the statement's file). Returns the check.

    >>> as_printed("intro.demo/as-printed", paper_ref="Section 1", statement="s", summary="undefined",
    ...            reason="no estimator is defined", settle="a definition")  # doctest: +SKIP
    """
    def check(ctx):
        return inconclusive(summary, reason=reason, settle=settle)

    check.__module__ = sys._getframe(1).f_globals.get("__name__", __name__)
    check.__name__ = check.__qualname__ = "as_printed_" + claim_id.split("/")[0].replace(".", "_").replace("-", "_")
    return claim(claim_id, paper_ref=paper_ref, statement=statement, reading=reading, method="symbolic",
                 expected="inconclusive")(check)
