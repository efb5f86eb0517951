"""mixcheck — a verification suite for Kimura, "Why Mixup Improves the Model Performance",
and a claims engine for checking your own.

Library modules: :mod:`mixcheck.mixup` (operators), :mod:`mixcheck.losses`,
:mod:`mixcheck.strategies` (Hypothesis strategies), :mod:`mixcheck.estimate`,
:mod:`mixcheck.validation`, :mod:`mixcheck.profiles`. The paper's claims: :mod:`mixcheck.paper`
(its inventory: :mod:`mixcheck.paper.inventory`). The engine: :mod:`mixcheck.engine`.

The public API of the engine, importable from here (loaded on first use, so ``import mixcheck``
stays cheap):

* :class:`Inventory` — the statements a claims module checks: ids, titles, references, the
  report's title (:mod:`mixcheck.engine.inventory`);
* :func:`claim` (decorator) / :func:`register` and :class:`Claim` — a check registered under an
  inventory id; :class:`Outcome` what a check returns, :class:`Context` what it receives;
* :func:`holds`, :func:`refuted`, :func:`inconclusive`, :func:`not_run` — outcomes with their
  evidence; :func:`verify_counterexample` recomputes a refutation from its JSON inputs;
* :func:`search` — a seeded Hypothesis property search whose effort grades the verdict;
  :func:`refute_by_search` / :func:`hold_by_search` — the search-to-verdict templates;
* :func:`run_claims` — run claims, each result graded (:data:`GRADES`); :func:`record` attaches
  a result to a pytest test for ``pytest --mixcheck-report DIR``.

A claim of your own, refuted by a counterexample that anybody can recompute::

    from mixcheck import Inventory, claim, refuted, run_claims

    MINE = Inventory(name="mine", title="My claims", entries=[("mine.square", "x² ≥ x for all real x")])

    @claim("mine.square/all-real", inventory=MINE, paper_ref="eq. (1)", statement="x² ≥ x",
           reading="every real x", method="symbolic", expected="refuted",
           recompute=lambda inputs: (inputs["x"] ** 2, inputs["x"]))
    def square_at_least_x(ctx):
        x = 0.5
        return refuted(inputs={"x": x}, lhs=x * x, rhs=x, relation=">=", summary="0.25 < 0.5")

    (result,) = run_claims(inventory=MINE)
    result.verdict, result.grade          # ('refuted', 'counterexample')

See ``examples/own_claims/`` for a worked example run by pytest and ``mixcheck report --claims``.
"""

__version__ = "0.1.0"

_API = {
    "Inventory": "inventory", "Entry": "inventory", "Section": "inventory",
    "claim": "registry", "register": "registry", "Claim": "registry", "ClaimResult": "registry",
    "Outcome": "registry", "Context": "registry",
    "holds": "outcomes", "refuted": "outcomes", "inconclusive": "outcomes", "not_run": "outcomes",
    "verify_counterexample": "outcomes", "with_evidence": "outcomes",
    "search": "search", "run_claims": "runner", "record": "runner", "GRADES": "grading",
    "refute_by_search": "templates", "hold_by_search": "templates",
}

__all__ = ["__version__", *_API]


def __getattr__(name: str):
    """The engine's public names, imported on first use."""
    if name not in _API:
        raise AttributeError(f"module 'mixcheck' has no attribute {name!r}")
    from .engine import grading, inventory, outcomes, registry, runner, search, templates

    modules = {"inventory": inventory, "registry": registry, "outcomes": outcomes, "search": search,
               "runner": runner, "grading": grading, "templates": templates}
    value = getattr(modules[_API[name]], name)
    globals()[name] = value
    return value


def __dir__():
    return sorted([*globals(), *_API])
