"""Searched relations that a planted scale can move (:func:`mixcheck.engine.templates.planted`).

A property search of a claim recorded as holding states its relation to
:func:`~mixcheck.engine.templates.hold_by_search` (``sides=(lhs, rhs)``, ``relation``, ``known``): these
helpers give it sides computed once per example (:func:`paired`), several relations checked together
(:func:`chain_margin`), a float rounding allowance (:func:`rounding_sides`), and the exact re-check of a
violation the search meets (:func:`confirmed`).
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from mixcheck.engine.templates import relation_margin

__all__ = ["paired", "chain_margin", "rounding_sides", "unit_scaled", "confirmed", "LargestRatio"]


def paired(fn: Callable) -> tuple[Callable, Callable]:
    """The ``sides=(lhs, rhs)`` of :func:`hold_by_search` from ``fn(example) -> (lhs, rhs)``, computed once
    per example (the template asks for each side in turn, with the same example object)."""
    last: list = [None, None]

    def side(k):
        def f(example):
            if last[0] is not example:
                last[0], last[1] = example, fn(example)
            return last[1][k]
        return f

    return side(0), side(1)


def chain_margin(*links) -> Callable:
    """The margin of several relations checked on each example: ``links`` are (sides, relation), sides an
    ``example -> (lhs, rhs)`` function, each margin :func:`relation_margin` (so a planted scale moves every
    right side). The largest where one is > 0; where all hold, the largest of the inequalities (an equality
    that holds reads 0 and would hide how close an inequality comes, which the search's targeting follows)."""
    def margin(ex):
        ms = [(relation, relation_margin(*sides(ex), relation)) for sides, relation in links]
        top = max(m for _, m in ms)
        inequalities = [m for relation, m in ms if relation != "=="]
        return top if top > 0 or not inequalities else max(inequalities)
    return margin


def rounding_sides(lhs: float, rhs: float, scale: float) -> tuple[float, float]:
    """(lhs − max(10⁻¹² × ``scale``, 10⁻³⁰⁰), rhs): float sides whose relation ``lhs ≤ rhs`` forgives a
    rounding error of 10⁻¹² × the size of the quantities compared, so that a sample whose sides both vanish
    up to rounding (equal rows) is no violation; sides both 0 (a zero sample) read as margin −1, not 0, so
    that the search's targeting is not drawn to them."""
    return lhs - max(1e-12 * scale, 1e-300), rhs


def unit_scaled(X) -> np.ndarray:
    """The sample scaled to max|x| = 1 (a zero sample as it is). A relation positively homogeneous of degree 1
    in X (R̂, R̂*, norms, √s² on both sides) is true at X exactly when it is true at X/max|x|, and its float
    sides keep their precision there: for entries near 10⁻¹⁶⁰ the squares in the norms underflow and the
    sides would compare rounding artefacts."""
    X = np.asarray(X, dtype=float)
    top = float(np.max(np.abs(X)))
    return X / top if top > 0 else X


def confirmed(out, confirm: Callable):
    """The outcome of a holds search; where it met a violation (an inconclusive with the example) the
    ``confirm(example, search_effort)`` outcome instead: refuted where the example recomputes as a
    counterexample, else inconclusive with the example."""
    if out.verdict == "inconclusive" and "example" in out.evidence:
        return confirm(out.evidence["example"], out.evidence.get("search"))
    return out


class LargestRatio:
    """The largest lhs/rhs a search met, over the examples whose right side exceeds ``floor`` (a relative
    margin of sides that both vanish is 0 and says nothing of the ratio): the evidence's ``max_ratio``."""

    def __init__(self):
        self.value = float("-inf")

    def note(self, lhs, rhs, floor: float = 0.0):
        """Note lhs/rhs where rhs > floor; return (lhs, rhs)."""
        if rhs > floor:
            self.value = max(self.value, float(lhs / rhs))
        return lhs, rhs
