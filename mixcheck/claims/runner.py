"""Running claims: selection by id or inventory id, timing, errors turned into results."""

from __future__ import annotations

import time
import traceback
from typing import Callable, Iterable

import mpmath

from ..counterexample import PREC
from ..profiles import SuiteProfile, active_profile
from .grading import grade_of
from .registry import CLAIMS, Claim, ClaimResult, Context, Outcome, inventory_id_of

__all__ = ["select_claims", "run_claim", "run_claims", "record"]


def select_claims(ids: Iterable[str] | None = None) -> list[Claim]:
    """The claims named by ``ids`` (exact claim ids or inventory-id prefixes), in registry
    order; all claims for ``None``. An id that selects nothing raises ``ValueError``."""
    if ids is None:
        return list(CLAIMS)
    if isinstance(ids, str):
        ids = [ids]
    ids = list(ids)
    chosen: set[str] = set()
    for want in ids:
        hit = [c.id for c in CLAIMS
               if c.id == want or c.id.startswith(want.rstrip("/") + "/") or inventory_id_of(c.id) == want]
        if not hit:
            known = sorted({inventory_id_of(c.id) for c in CLAIMS})
            raise ValueError(f"unknown claim id {want!r}; inventory ids: {', '.join(known)}")
        chosen.update(hit)
    return [c for c in CLAIMS if c.id in chosen]


def _resolve_profile(profile) -> SuiteProfile:
    if profile is None or isinstance(profile, str):
        return active_profile(profile)
    return profile


def run_claim(c: Claim, *, profile=None, seed: int = 0) -> ClaimResult:
    """Run one claim's check. An exception becomes verdict ``"error"`` with the traceback."""
    prof = _resolve_profile(profile)
    ctx = Context(prof, seed, c.id)
    t0 = time.perf_counter()
    try:
        with mpmath.workdps(PREC):  # counterexamples are re-verified at 50 digits
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
    from ._evidence import verify_counterexample

    try:
        return bool(verify_counterexample(c, evidence))
    except Exception:  # noqa: BLE001 — a recomputation that raises does not recompute
        return False


def run_claims(ids: Iterable[str] | None = None, *, profile=None, seed: int = 0,
               progress: Callable[[str, int, int], None] | None = None) -> list[ClaimResult]:
    """Run the selected claims (all by default) and return their results in registry order.

    ``ids`` holds exact claim ids or inventory ids (``"thm2"`` selects ``"thm2/..."``);
    ``profile`` is a profile name, a :class:`~mixcheck.profiles.SuiteProfile` or None (the
    active one, ``$MIXCHECK_PROFILE``); ``progress(claim_id, i, total)`` is called before
    each claim. Each claim's randomness depends only on (seed, claim id).
    """
    claims = select_claims(ids)
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
