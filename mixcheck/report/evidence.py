"""Split a claim's evidence dict into the parts the renderers show, and format values.

Evidence follows the claims contract: ``summary`` (one line) always; a refuted inequality
has ``inputs``, ``lhs``, ``rhs``, ``margin``; a statistical check ``estimate``, ``ci``,
``level``, ``test``, ``false_alarm``; a symbolic check a derivation
``{"id", "title", "steps": [{"lhs", "rhs", "latex", "holds", "residual"}], "result"}``
(under any key, or a list of them). Everything else is shown as "further evidence".
"""

from __future__ import annotations

import json
import math

__all__ = ["fmt", "fmt_json", "split_evidence", "is_derivation", "matrix_like", "step_status", "derivation_result",
           "GRADES", "grade_of", "grade_counts", "humanize"]

# Evidence grades, strongest first: a proof, an exhaustive check, a search with its effort, a
# statistical test, a counterexample (for what fails). A claim result may carry ``grade`` and
# ``grade_detail``; results without them are shown as "grade not recorded".
GRADES = ("proved", "exhaustive", "searched", "statistical", "counterexample")


def grade_of(claim: dict) -> str | None:
    """The claim's evidence grade (``claim["grade"]``), or None where it is not recorded."""
    g = claim.get("grade") if isinstance(claim, dict) else None
    return str(g) if g not in (None, "") else None


def grade_counts(claims) -> dict:
    """``{grade: count}`` over the claims, in :data:`GRADES` order, then any other grade, then
    ``"not recorded"`` (claims without a grade); grades with no claim are left out."""
    counts: dict = {}
    for c in claims:
        g = grade_of(c) or "not recorded"
        counts[g] = counts.get(g, 0) + 1
    order = [g for g in GRADES if g in counts] + sorted(g for g in counts if g not in GRADES and g != "not recorded")
    return {g: counts[g] for g in order + (["not recorded"] if "not recorded" in counts else [])}


def humanize(key) -> str:
    """An evidence key as a label: ``worst_margin`` → ``worst margin``."""
    return str(key).replace("_", " ")

COUNTEREXAMPLE_KEYS = ("inputs", "lhs", "rhs", "margin")
STATISTICAL_KEYS = ("estimate", "ci", "level", "test", "false_alarm")
RUN_KEYS = ("profile", "seed")  # how the check was run; shown beside the verdict


def fmt(value, digits: int = 6) -> str:
    """A short, exact-enough text for a value: numbers to ``digits`` significant digits."""
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        if value != 0 and (abs(value) < 1e-4 or abs(value) >= 1e7):
            return f"{value:.{digits}e}"
        return f"{value:.{digits}g}"
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)) and len(value) == 2 and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
        return f"[{fmt(value[0], digits)}, {fmt(value[1], digits)}]"
    return fmt_json(value, limit=400)


def fmt_json(value, limit: int | None = None, indent: int | None = None) -> str:
    """``value`` as JSON text, cut to ``limit`` characters with a note of the full length."""
    text = json.dumps(value, ensure_ascii=False, indent=indent, default=str)
    if limit is not None and len(text) > limit:
        return text[:limit] + f" … ({len(text)} characters in all; see report.json)"
    return text


def is_derivation(value) -> bool:
    """A derivation dict: ``steps`` is a non-empty list of dicts with ``lhs`` and ``rhs``."""
    if not isinstance(value, dict):
        return False
    steps = value.get("steps")
    return (isinstance(steps, list) and bool(steps)
            and all(isinstance(st, dict) and "lhs" in st and "rhs" in st for st in steps))


def step_status(step: dict) -> str:
    """``holds``, ``fails-as-recorded`` (a step recorded as expected to fail) or ``fails``."""
    if step.get("holds"):
        return "holds"
    return "fails-as-recorded" if step.get("expected_to_fail") else "fails"


def derivation_result(d: dict):
    """The derivation's closed form as text (``result_text``, else ``result``), or None."""
    return d.get("result_text") if d.get("result_text") not in (None, "") else d.get("result")


def matrix_like(value, max_rows: int = 12, max_cols: int = 8) -> bool:
    """A small list of equal-length rows of numbers (a sample X), shown as a table."""
    if not isinstance(value, list) or not value or len(value) > max_rows:
        return False
    if not all(isinstance(r, list) and r and len(r) == len(value[0]) for r in value):
        return False
    if len(value[0]) > max_cols:
        return False
    return all(isinstance(x, (int, float)) and not isinstance(x, bool) for r in value for x in r)


def split_evidence(evidence) -> dict:
    """``{"summary", "counterexample", "statistical", "derivations", "other"}`` from an evidence dict.

    ``counterexample`` and ``statistical`` are dicts of the contract's keys present (or None);
    ``derivations`` is a list of derivation dicts; ``run`` holds ``profile`` and ``seed``;
    ``caveats`` is a list of strings (shown beside the numbers); ``other`` holds the remaining keys.
    """
    if not isinstance(evidence, dict):
        return {"summary": str(evidence), "counterexample": None, "statistical": None, "derivations": [], "run": {},
                "caveats": [], "other": {}}
    rest = dict(evidence)
    summary = rest.pop("summary", "")
    derivations = []
    for key in list(rest):
        v = rest[key]
        if is_derivation(v):
            derivations.append(rest.pop(key))
        elif isinstance(v, list) and v and all(is_derivation(d) for d in v):
            derivations.extend(rest.pop(key))
    counter = None
    if "lhs" in rest or "rhs" in rest:
        counter = {k: rest.pop(k) for k in COUNTEREXAMPLE_KEYS if k in rest}
    stat = None
    if "estimate" in rest or "ci" in rest:
        stat = {k: rest.pop(k) for k in STATISTICAL_KEYS if k in rest}
    run = {k: rest.pop(k) for k in RUN_KEYS if k in rest}
    caveats = rest.pop("caveats", None)
    if caveats is not None and not isinstance(caveats, list):
        caveats = [caveats]
    return {"summary": summary, "counterexample": counter, "statistical": stat, "derivations": derivations,
            "run": run, "caveats": [str(c) for c in caveats or []], "other": rest}
