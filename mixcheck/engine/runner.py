"""Running claims: selection by id or entry id (within an inventory), timing, errors turned
into results, the grade of each result.

    from mixcheck import run_claims
    results = run_claims(["mine.sum"], inventory=INV, profile="ci", seed=0)
    results[0].verdict, results[0].grade
"""

from __future__ import annotations

import numbers
import time
import traceback
from typing import Callable, Iterable

import mpmath

from ..profiles import SuiteProfile, active_profile
from .grading import grade_of
from .inventory import Inventory
from .outcomes import PREC, verify_counterexample
from .registry import Claim, ClaimResult, Context, Outcome, claims_of, inventory_id_of

__all__ = ["select_claims", "run_claim", "run_claims", "record"]


def select_claims(ids: Iterable[str] | None = None, *, inventory: Inventory | None = None) -> list[Claim]:
    """The claims named by ``ids`` (exact claim ids or entry-id prefixes), in registry order;
    all claims for ``None``; only those of ``inventory`` when it is given. An id that selects
    nothing raises ``ValueError``."""
    if inventory is not None and not isinstance(inventory, Inventory):
        raise TypeError(f"inventory must be an Inventory or None, got {type(inventory).__name__}")
    pool = claims_of(inventory)
    if ids is None:
        return pool
    if isinstance(ids, str):
        ids = [ids]
    ids = list(ids)
    chosen: set[str] = set()
    for want in ids:
        if not isinstance(want, str):
            raise TypeError(f"ids must hold strings, got {want!r}")
        hit = [c.id for c in pool
               if c.id == want or c.id.startswith(want.rstrip("/") + "/") or inventory_id_of(c.id) == want]
        if not hit:
            known = sorted({inventory_id_of(c.id) for c in pool})
            raise ValueError(f"unknown claim id {want!r}; inventory ids: {', '.join(known)}")
        chosen.update(hit)
    return [c for c in pool if c.id in chosen]


def _resolve_profile(profile) -> SuiteProfile:
    if profile is None or isinstance(profile, str):
        return active_profile(profile)
    return profile


def _one_blas_thread():
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # a machine set up without the dependencies (pip install --no-deps)
        import contextlib

        return contextlib.nullcontext()
    return threadpool_limits(limits=1)


def run_claim(c: Claim, *, profile=None, seed: int = 0) -> ClaimResult:
    """Run one claim's check. An exception becomes verdict ``"error"`` with the traceback.

    The check runs on one BLAS/OpenMP thread (``threadpoolctl``): a product split over another
    number of threads can round differently in the last bit, and a result must not depend on the
    number of cores or on how many claims run side by side. (Without ``threadpoolctl``
    installed — a dependency — the thread count is left as it is.)"""
    prof = _resolve_profile(profile)
    ctx = Context(prof, seed, c.id)
    t0 = time.perf_counter()
    try:
        with mpmath.workdps(PREC), _one_blas_thread():  # counterexamples are re-verified at 50 digits
            out = c.check(ctx)
        if not isinstance(out, Outcome):
            raise TypeError(f"check of {c.id} returned {type(out).__name__}, not Outcome")
        verdict, evidence, summary = out.verdict, dict(out.evidence), out.summary
    except Exception as exc:  # noqa: BLE001 — a broken check is reported, not hidden
        verdict = "error"
        evidence = {"error": f"{type(exc).__name__}: {exc}", "traceback": traceback.format_exc(limit=8)}
        summary = f"check raised {type(exc).__name__}: {exc}"
    recomputed = _recomputes(c, verdict, evidence)
    try:
        grade, detail = grade_of(c.id, verdict, evidence, ctx.efforts, recomputed=recomputed)
    except Exception as exc:  # noqa: BLE001 — a grading failure is reported, never a crash
        grade, detail = None, {"reason": f"grading raised {type(exc).__name__}: {exc}"}
    seconds = time.perf_counter() - t0
    evidence.setdefault("summary", summary)
    evidence.setdefault("profile", prof.name)
    evidence.setdefault("seed", int(seed))
    return ClaimResult(claim=c, verdict=verdict, evidence=evidence, summary=summary, seconds=seconds,
                       grade=grade, grade_detail=detail)


def _recomputes(c: Claim, verdict: str, evidence: dict) -> bool | None:
    """Whether a refutation's counterexample recomputes from its JSON inputs alone (None: none)."""
    if verdict != "refuted" or "inputs" not in evidence or "relation" not in evidence or c.recompute is None:
        return None
    try:
        return bool(verify_counterexample(c, evidence))
    except Exception:  # noqa: BLE001 — a recomputation that raises does not recompute
        return False


def run_claims(ids: Iterable[str] | None = None, *, profile=None, seed: int = 0,
               progress: Callable[[str, int, int], None] | None = None,
               inventory: Inventory | None = None) -> list[ClaimResult]:
    """Run the selected claims (all by default, those of ``inventory`` where given) and return
    their results in registry order.

    ``ids`` holds exact claim ids or inventory ids (``"thm2"`` selects ``"thm2/..."``);
    ``profile`` is a profile name, a :class:`~mixcheck.profiles.SuiteProfile` or None (the
    active one, ``$MIXCHECK_PROFILE``); ``progress(claim_id, i, total)`` is called before
    each claim. Each claim's randomness depends only on (seed, claim id).
    """
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"seed must be an integer in [0, 2**32), got {type(seed).__name__}")
    if not 0 <= int(seed) < 2**32:
        raise ValueError(f"seed must be an integer in [0, 2**32), got {seed}")
    claims = select_claims(ids, inventory=inventory)
    prof = _resolve_profile(profile)
    results = []
    for i, c in enumerate(claims):
        if progress is not None:
            progress(c.id, i, len(claims))
        results.append(run_claim(c, profile=prof, seed=seed))
    return results


def record(request, result: ClaimResult) -> None:
    """Record a claim result on the running pytest test (for the report plugin)."""
    request.node.user_properties.append(("mixcheck_claim", result.to_dict()))
