"""Validation of a claim result dict against the registry (what ``pytest --mixcheck-report``
collects from ``user_properties``): a known id, a verdict of :data:`~.registry.VERDICTS` (or
``"error"``), JSON-able evidence, the registered expected verdict, and a refuted relation's
counterexample recomputed from its JSON inputs alone.

    problems = result_problems(d)     # [] when the dict is what running the claim gives
    d, problems = validated_result(d)  # d marked ``invalid`` (with its problems) where any
"""

from __future__ import annotations

import json

from .outcomes import verify_counterexample
from .registry import CLAIMS, VERDICTS, Claim

__all__ = ["result_problems", "validated_result", "registered", "RESULT_VERDICTS"]

#: the verdicts a result may carry: a check's verdict, or ``error`` for a check that raised
RESULT_VERDICTS: tuple[str, ...] = (*VERDICTS, "error")


def registered(claim_id: str) -> Claim | None:
    """The registered claim with this id, or None."""
    return next((c for c in CLAIMS if c.id == claim_id), None)


def result_problems(d) -> list[str]:
    """What is wrong with the claim result dict ``d`` (an empty list when nothing is)."""
    if not isinstance(d, dict):
        return [f"a claim result must be a dict, got {type(d).__name__}"]
    cid = d.get("id")
    if not isinstance(cid, str) or not cid:
        return [f"'id' must be a non-empty string, got {cid!r}"]
    problems: list[str] = []
    c = registered(cid)
    if c is None:
        problems.append(f"unknown claim id {cid!r}: no registered claim has it (register the claim, "
                        "or import the module that does, before the test runs)")
    verdict = d.get("verdict")
    if verdict not in RESULT_VERDICTS:
        problems.append(f"verdict must be one of {RESULT_VERDICTS}, got {verdict!r}")
    ev = d.get("evidence")
    if not isinstance(ev, dict):
        problems.append(f"evidence must be a dict, got {type(ev).__name__}")
        ev = {}
    try:
        json.dumps(ev, allow_nan=False)
    except (TypeError, ValueError) as exc:
        problems.append(f"evidence is not strict JSON: {exc}")
    if c is not None and d.get("expected_verdict") not in (None, c.expected_verdict):
        problems.append(f"expected_verdict {d.get('expected_verdict')!r} differs from the registered "
                        f"{c.expected_verdict!r}")
    if verdict == "refuted" and ("inputs" in ev or "relation" in ev) and c is not None and not problems:
        problems += _recompute_problems(c, ev)
    return problems


def _recompute_problems(c: Claim, ev: dict) -> list[str]:
    if "inputs" not in ev or "relation" not in ev:
        return ["a refuted relation's evidence must hold both 'inputs' and 'relation'"]
    if c.recompute is None:
        return [f"claim {c.id} is refuted with a counterexample but registers no recompute function"]
    try:
        ok = verify_counterexample(c, ev)
    except Exception as exc:  # noqa: BLE001 — a recomputation that raises does not recompute
        return [f"the counterexample does not recompute: recompute raised {type(exc).__name__}: {exc}"]
    return [] if ok else ["the counterexample does not recompute: from its inputs the claimed relation holds"]


def validated_result(value) -> tuple[dict, list[str]]:
    """(the claim dict to report, its problems): a dict that fails validation is copied with
    verdict ``invalid`` and ``problems``."""
    problems = result_problems(value)
    if not problems:
        return value, []
    d = dict(value) if isinstance(value, dict) else {"id": "invalid-claim-record", "evidence": {}}
    if not isinstance(d.get("id"), str) or not d.get("id"):
        d["id"] = "invalid-claim-record"
    ev = d.get("evidence") if isinstance(d.get("evidence"), dict) else {}
    d.update(verdict="invalid", problems=problems, grade=None,
             grade_detail={"reason": "the recorded claim result failed validation: " + "; ".join(problems)})
    d["evidence"] = {**{k: v for k, v in ev.items() if isinstance(k, str)},
                     "summary": "invalid claim record: " + "; ".join(problems)}
    return d, problems
