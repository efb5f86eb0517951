"""Every registered claim: its check reaches the recorded verdict with complete evidence.

One test per claim (parametrized over ``mixcheck.claims.CLAIMS``); each result is recorded
on the test (``user_properties``) for the report plugin. A refuted claim's counterexample is
recomputed from its JSON ``inputs`` alone.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from mixcheck.claims import (
    PAPER,
    GRADES,
    INVENTORY,
    inventory_id_of,
    inventory_ids,
    record,
    verify_counterexample,
)
from mixcheck.engine import claims_of

#: the paper's claims (other inventories, e.g. the engine tests', may be registered beside them)
CLAIMS = claims_of(PAPER)

SHARED_CLAIMS = Path(__file__).resolve().parents[1].parent / "shared" / "claims.md"


def _check_evidence(c, d: dict) -> None:
    ev = d["evidence"]
    assert isinstance(ev.get("summary"), str) and ev["summary"], "evidence needs a one-line summary"
    json.dumps(d, allow_nan=False)  # strictly JSON-serialisable
    v = d["verdict"]
    if v == "refuted":
        if "inputs" in ev:
            for key in ("lhs", "rhs", "margin", "relation"):
                assert key in ev, f"refuted evidence lacks {key!r}"
            assert ev["margin"] > 0
            assert c.recompute is not None, "a refuted relation needs a recompute function"
            assert verify_counterexample(c, ev), "the counterexample does not recompute from its JSON"
        else:  # a statistical refutation
            for key in ("estimate", "ci", "level", "test", "false_alarm"):
                assert key in ev, f"statistical refutation lacks {key!r}"
    elif v == "holds":
        assert any(k in ev for k in ("examples", "derivation", "estimate", "grid", "proof")), \
            "a holds verdict must say what was tried"
    elif v == "inconclusive":
        assert ev.get("reason") and ev.get("would_settle"), "inconclusive needs a reason and what would settle it"
    elif v == "not-run":
        assert ev.get("reason"), "not-run needs a reason"
    if "estimate" in ev and "ci" in ev:
        lo, hi = ev["ci"]
        assert lo <= hi and "level" in ev


def _check_grade(c, d: dict) -> None:
    """The grade is one of GRADES (or None with a reason) and agrees with the evidence."""
    g, det, v = d["grade"], d["grade_detail"], d["verdict"]
    assert g in GRADES or g is None, f"unknown grade {g!r}"
    assert isinstance(det, dict)
    if g is None:
        assert det.get("reason"), "an ungraded verdict must say why"
        assert v != "refuted", "a refutation must be a counterexample or a statistical one"
        assert not (v == "holds" and c.method in ("property-search", "monte-carlo", "simulation")), \
            "a searched or simulated holds must carry its effort or its test"
    elif g == "searched":
        assert det["examples"] > 0 and det["searches"], "a searched grade carries its effort"
        for s in det["searches"]:
            assert s["examples"] > 0 and s.get("domain") and "tried" in s
        assert "largest_n" in det and "largest_d" in det and "closest_margin" in det
        assert not any(s.get("found") for s in det["searches"]) or v != "holds", "a holds whose search found a violation"
    elif g == "statistical":
        for key in ("test", "level", "false_alarm"):
            assert det.get(key) is not None, f"statistical grade lacks {key!r}"
        assert 0 < det["false_alarm"] < 1 and 0 < det["level"] < 1
        if det["power"] is None:
            assert det.get("power_reason"), "a power not computed must say so"
        else:
            assert 0 <= det["power"] <= 1 and det.get("alternative"), "a power needs a named alternative"
    elif g == "counterexample":
        assert v == "refuted"
        assert det["recomputed_from_inputs"] is True, "the counterexample must recompute from its JSON inputs"
        assert det["exactly_recomputed"] is (det["exact_method"] is not None)
    elif g == "proved":
        assert v == "holds" and det["derivations"]
        from mixcheck.engine.grading import derivations_proving

        proving = {d_.id for d_ in derivations_proving(c.id) if d_.is_proof}
        assert set(det["derivations"]) <= proving
    elif g == "exhaustive":
        assert det["cases"] > 0 and det["domains"]


@pytest.mark.parametrize("c", [pytest.param(c, id=c.id, marks=pytest.mark.claim_runs(c.id)) for c in CLAIMS])
def test_claim(c, request, claim_runs):
    result = claim_runs.result(c)
    d = result.to_dict()
    record(request, result)
    assert d["verdict"] == c.expected_verdict, f"{c.id}: {d['evidence'].get('summary')}\n{d['evidence'].get('traceback', '')}"
    _check_evidence(c, d)
    _check_grade(c, d)


def test_every_inventory_id_has_a_claim():
    have = {inventory_id_of(c.id) for c in CLAIMS}
    missing = [i for i in inventory_ids() if i not in have]
    assert not missing, f"inventory ids without a claim: {missing}"


def test_claims_are_in_inventory_order_and_unique():
    order = [INVENTORY.index(inventory_id_of(c.id)) for c in CLAIMS]
    assert order == sorted(order)
    assert len({c.id for c in CLAIMS}) == len(CLAIMS)


@pytest.mark.skipif(not SHARED_CLAIMS.exists(), reason="../shared/claims.md not present")
def test_inventory_matches_shared_claims_md():
    ids = re.findall(r"^\| `([^`]+)` \|", SHARED_CLAIMS.read_text(encoding="utf-8"), flags=re.M)
    assert ids == inventory_ids()
