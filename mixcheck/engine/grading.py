"""The evidence grade of a verdict, derived from what the check did — never from a label.

Grades (:data:`GRADES`):

* ``proved`` — a holds that rests on a machine-checked derivation for every input of its
  stated domain: some derivation given by the claim's inventory (its ``derivations``
  provider, :class:`~.inventory.Inventory`) names the claim in its ``proves`` and its
  ``is_proof`` is true (its search, if any, stays in the detail as a cross-check);
* ``exhaustive`` — the check enumerated every case of a finite domain (an ``exhaustive``
  effort recorded on the context);
* ``searched`` — property searches or finite grids over an infinite domain: examples, the
  domain as the strategy prints it, the sizes and values actually tried, the closest margin;
* ``statistical`` — a Monte-Carlo test: its test, level, false-alarm rate and power against a
  named alternative (``power: None`` with the reason where the power is not computed);
* ``counterexample`` — a refutation by an explicit example, recomputed from its JSON inputs
  (``recomputed_from_inputs``) and whether its two sides were re-verified exactly.

A verdict that rests on none of these (a not-run, an error, an inconclusive reading of a
statement with no truth value, or a holds whose derivations are not proofs) has grade None and
a ``reason`` in its detail.
"""

from __future__ import annotations

import ast

from .inventory import inventory_of

__all__ = ["GRADES", "grade_of", "derivations_proving", "searched_detail", "scan_proves"]

GRADES: tuple[str, ...] = ("proved", "exhaustive", "searched", "statistical", "counterexample")

_STAT_KEYS = ("test", "level", "false_alarm")


# --------------------------------------------------------------------------- derivations

def scan_proves(source: str) -> tuple[set[str], bool]:
    """The claim ids given as literals to ``proves=`` in ``source``, and whether some ``proves=``
    is not a literal (then the module must be built to know what it proves)."""
    ids: set[str] = set()
    dynamic = False
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        for kw in node.keywords:
            if kw.arg != "proves":
                continue
            try:
                value = ast.literal_eval(kw.value)
            except ValueError:
                dynamic = True
                continue
            ids.update([value] if isinstance(value, str) else (str(v) for v in value))
    return ids, dynamic


def derivations_proving(claim_id: str) -> list:
    """Every derivation whose ``proves`` names ``claim_id``, from the derivation provider of the
    claim's inventory ([] for an id of no declared inventory or an inventory without one)."""
    try:
        inv = inventory_of(claim_id)
    except ValueError:
        return []
    return [d for d in inv.derivations_for(claim_id) if claim_id in tuple(getattr(d, "proves", ()) or ())]


# --------------------------------------------------------------------------- details

def _widen(a, b):
    if a is None:
        return list(b) if b is not None else None
    if b is None:
        return a
    return [min(a[0], b[0]), max(a[1], b[1])]


def searched_detail(efforts: list[dict]) -> dict:
    """Examples, domains, largest n and d tried and the closest margin over the searches/grids."""
    runs = [e for e in efforts if e.get("kind") in ("search", "grid")]
    n = d = None
    for e in runs:
        n, d = _widen(n, e.get("tried", {}).get("n")), _widen(d, e.get("tried", {}).get("d"))
    margins = [e["worst_margin"] for e in runs if isinstance(e.get("worst_margin"), (int, float))
               and e["worst_margin"] != float("-inf")]
    slacks = [e["tolerance"] - e["worst_margin"] for e in runs
              if isinstance(e.get("worst_margin"), (int, float)) and isinstance(e.get("tolerance"), (int, float))
              and e["worst_margin"] != float("-inf")]
    return {
        "examples": sum(int(e.get("examples", 0)) for e in runs),
        "searches": [{k: e.get(k) for k in ("kind", "examples", "budget", "domain", "tried", "worst_margin",
                                             "tolerance", "found", "hypothesis_seed", "examples_digest")
                      if k in e} for e in runs],
        "largest_n": None if n is None else n[1],
        "largest_d": None if d is None else d[1],
        "closest_margin": max(margins) if margins else None,
        "smallest_slack": min(slacks) if slacks else None,
        "margin_meaning": "margin = by how much the checked relation fails (> tolerance: a violation); "
                          "slack = tolerance − the largest margin seen",
    }


def _statistical_detail(ev: dict) -> dict:
    out = {k: ev.get(k) for k in _STAT_KEYS}
    if isinstance(ev.get("power"), (int, float)):
        out["power"] = float(ev["power"])
        out["alternative"] = ev.get("power_alternative") or ev.get("alternative")
        if out["alternative"] is None:
            out["power_reason"] = "power given without a named alternative"
    else:
        out["power"] = None
        check = ev.get("power_check")
        if isinstance(check, dict):
            out["alternative"] = check.get("bound")
            out["power_reason"] = (f"not computed; a negative control against this alternative was run and "
                                   f"{'detected' if check.get('detected') else 'NOT detected'}")
        else:
            out["alternative"] = ev.get("power_alternative")
            out["power_reason"] = ev.get("why") or "not computed for this test"
    for k in ("estimate", "ci"):
        if k in ev:
            out[k] = ev[k]
    return out


def _is_statistical(ev: dict) -> bool:
    return all(k in ev for k in _STAT_KEYS)


def _counterexample_detail(ev: dict, recomputed) -> dict:
    exact = ev.get("exact") if isinstance(ev.get("exact"), dict) else None
    return {"exactly_recomputed": exact is not None and recomputed is True,
            "exact_method": None if exact is None else exact.get("method"),
            "recomputed_from_inputs": recomputed, "relation": ev.get("relation"), "margin": ev.get("margin")}


# --------------------------------------------------------------------------- the grade

def grade_of(claim_id: str, verdict: str, evidence: dict, efforts: list[dict], *,
             recomputed: bool | None = None) -> tuple[str | None, dict]:
    """(grade, grade_detail) of one claim result. ``efforts`` are the context's records;
    ``recomputed`` whether a refutation's counterexample recomputes from its JSON inputs."""
    ev = evidence if isinstance(evidence, dict) else {}
    if verdict in ("not-run", "error"):
        return None, {"reason": f"verdict {verdict}: no evidence was established"}
    searches = [e for e in efforts if e.get("kind") in ("search", "grid")]
    exhaustive = [e for e in efforts if e.get("kind") == "exhaustive"]
    if verdict == "refuted":
        if "inputs" in ev and "relation" in ev and ("exact" in ev or not _is_statistical(ev)):
            detail = _counterexample_detail(ev, recomputed)
            if searches:
                detail["found_by"] = searched_detail(efforts)
            return "counterexample", detail
        if _is_statistical(ev):
            return "statistical", _statistical_detail(ev)
        return None, {"reason": "refuted without a counterexample or a statistical test"}
    if verdict == "holds":
        proofs = derivations_proving(claim_id)
        proving = [d for d in proofs if getattr(d, "is_proof", False) is True]
        if proving:
            detail = {"derivations": [d.id for d in proving]}
            if searches:
                detail["cross_check"] = searched_detail(efforts)
            return "proved", detail
        not_proofs = [d.id for d in proofs]
    else:
        not_proofs = []
    if exhaustive:
        return "exhaustive", {"cases": sum(int(e.get("cases", 0)) for e in exhaustive),
                              "domains": [e.get("domain") for e in exhaustive]}
    if searches:
        detail = searched_detail(efforts)
        if not_proofs:
            detail["derivations_not_proofs"] = not_proofs
        return "searched", detail
    if _is_statistical(ev):
        detail = _statistical_detail(ev)
        if not_proofs:
            detail["derivations_not_proofs"] = not_proofs
        return "statistical", detail
    if verdict == "inconclusive":
        return None, {"reason": "inconclusive without a search, a grid or a test: " + str(ev.get("reason", ""))}
    attached = ev.get("derivation_ids") or []
    return None, {"reason": "holds without a recorded search, grid, enumeration or statistical test, and no "
                            "machine-checked derivation proves it (none with is_proof names this claim in its "
                            "proves)",
                  "derivations_attached": list(attached), "derivations_not_proofs": not_proofs}
