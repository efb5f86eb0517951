"""Search-effort profiles: Hypothesis settings plus the Monte-Carlo budget of the suite.

Chosen by the environment variable ``MIXCHECK_PROFILE`` (``ci`` by default):

* ``ci`` — derandomized (the same examples every run), no deadline, bounded examples, no
  example database: deterministic and fast; what CI runs.
* ``dev`` — random search with the local example database (``.hypothesis/``), more examples.
* ``thorough`` — many examples and larger Monte-Carlo budgets, for a long hard search.

Each profile also fixes the size of the claim searches' domains: ``search_n`` and ``search_d`` are
the largest sample size and dimension a search draws (``ci`` 12 and 6, ``thorough`` 20 and 8),
capped by what a claim's exact computation allows (:func:`search_sizes`; the claim says why).

These settings drive the property tests under ``pytest``. The claim checks
(:mod:`mixcheck.claims`) take only the budget from a profile: each of their searches is seeded
from (profile, seed, claim id), so ``--seed`` changes its examples and every profile,
``ci`` included, reproduces a run exactly (see :mod:`mixcheck.engine.search`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from hypothesis import HealthCheck, Phase, settings

__all__ = ["SuiteProfile", "PROFILES", "ENV_VAR", "active_profile", "load_profile", "register_hypothesis_profiles",
           "search_sizes"]

ENV_VAR = "MIXCHECK_PROFILE"


@dataclass(frozen=True)
class SuiteProfile:
    """One search-effort level.

    ``max_examples`` is the Hypothesis example budget per property; ``mc_scale`` multiplies
    every Monte-Carlo draw count in the suite; ``derandomize`` fixes Hypothesis's examples;
    ``search_n`` and ``search_d`` are the largest n and d of a claim search's samples.
    """

    name: str
    max_examples: int
    mc_scale: float
    derandomize: bool
    use_database: bool
    search_n: int = 12
    search_d: int = 6


PROFILES: dict[str, SuiteProfile] = {
    "ci": SuiteProfile("ci", max_examples=40, mc_scale=1.0, derandomize=True, use_database=False,
                       search_n=12, search_d=6),
    "dev": SuiteProfile("dev", max_examples=100, mc_scale=1.0, derandomize=False, use_database=True,
                        search_n=12, search_d=6),
    "thorough": SuiteProfile("thorough", max_examples=2000, mc_scale=10.0, derandomize=False, use_database=True,
                             search_n=20, search_d=8),
}


def search_sizes(profile: SuiteProfile, *, max_n: int | None = None, max_d: int | None = None) -> tuple[int, int]:
    """(largest n, largest d) of a claim search under ``profile``: the profile's ``search_n`` and
    ``search_d``, capped by ``max_n`` / ``max_d`` (what the claim's exact computation allows)."""
    if not isinstance(profile, SuiteProfile):
        raise TypeError(f"profile must be a SuiteProfile, got {type(profile).__name__}")
    out = []
    for name, size, cap in (("max_n", profile.search_n, max_n), ("max_d", profile.search_d, max_d)):
        if cap is not None and (isinstance(cap, bool) or not isinstance(cap, int) or cap < 1):
            raise ValueError(f"{name} must be an integer ≥ 1 or None, got {cap!r}")
        out.append(size if cap is None else min(size, cap))
    return out[0], out[1]


def register_hypothesis_profiles() -> None:
    """Register the three profiles with Hypothesis under their names."""
    for p in PROFILES.values():
        kwargs = dict(
            max_examples=p.max_examples,
            derandomize=p.derandomize,
            deadline=None,
            print_blob=True,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
            phases=tuple(Phase),
        )
        if not p.use_database:
            kwargs["database"] = None
        settings.register_profile(p.name, **kwargs)


def active_profile(name: str | None = None) -> SuiteProfile:
    """The profile named, else ``$MIXCHECK_PROFILE``, else ``ci``."""
    name = name or os.environ.get(ENV_VAR) or "ci"
    if name not in PROFILES:
        raise ValueError(f"{ENV_VAR} / profile must be one of {sorted(PROFILES)}, got {name!r}")
    return PROFILES[name]


def load_profile(name: str | None = None) -> SuiteProfile:
    """Register the profiles, load the chosen one into Hypothesis and return it."""
    register_hypothesis_profiles()
    prof = active_profile(name)
    settings.load_profile(prof.name)
    return prof
