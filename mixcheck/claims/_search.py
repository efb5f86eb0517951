"""Hypothesis, driven programmatically: search for a violation, shrink it, report the effort.

``search(ctx, strategy, margin)`` runs Hypothesis over ``strategy`` with the profile's budget;
``margin(example)`` is ``lhs - rhs`` of the claimed ``lhs <= rhs`` (or any number that is
positive exactly when the claimed relation fails). ``target()`` drives the search toward large
margins; the first violation is shrunk to a minimal example. The result says how many examples
ran, the worst (largest) margin seen and, on a violation, the shrunk example.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from hypothesis import given, seed as hyp_seed, target

__all__ = ["SearchResult", "search"]


class _Violation(Exception):
    pass


@dataclass
class SearchResult:
    examples: int = 0
    worst_margin: float = float("-inf")
    worst_example: Any = None
    violation: Any = None  # the shrunk example, or None
    violation_margin: float | None = None
    extra: dict = field(default_factory=dict)

    @property
    def found(self) -> bool:
        return self.violation is not None

    def effort(self) -> dict:
        return {"examples": self.examples, "worst_margin": self.worst_margin}


def search(ctx, strategy, margin: Callable[[Any], float], *, tol: float = 0.0,
           max_examples: int | None = None, label: str = "margin") -> SearchResult:
    """Search ``strategy`` for an example with ``margin(example) > tol``; shrink it."""
    res = SearchResult()

    @ctx.settings(max_examples=max_examples or ctx.max_examples)
    @given(strategy)
    def probe(example):
        m = float(margin(example))
        res.examples += 1
        if m == m:  # not NaN
            target(max(min(m, 1e12), -1e12), label=label)
            if m > res.worst_margin:
                res.worst_margin, res.worst_example = m, example
        if m > tol:
            res.violation, res.violation_margin = example, m
            raise _Violation(m)

    if not ctx.deterministic:
        probe = hyp_seed(ctx.seed_for("hypothesis") % (2**32))(probe)
    try:
        probe()
    except _Violation:
        pass  # res.violation holds the last (shrunk) failing example
    return res
