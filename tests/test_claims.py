"""Every registered claim: its check reaches the recorded verdict with complete evidence.

One test per claim (parametrized over ``mixcheck.claims.CLAIMS``); each result is recorded
on the test (``user_properties``) for the report plugin. A refuted claim's counterexample is
recomputed from its JSON ``inputs`` alone.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest

from mixcheck.claims import (
    CLAIMS,
    INVENTORY,
    inventory_id_of,
    inventory_ids,
    record,
    run_claim,
    verify_counterexample,
)

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


@pytest.mark.parametrize("c", CLAIMS, ids=[c.id for c in CLAIMS])
def test_claim(c, request):
    result = run_claim(c)
    d = result.to_dict()
    record(request, result)
    assert d["verdict"] == c.expected_verdict, f"{c.id}: {d['evidence'].get('summary')}\n{d['evidence'].get('traceback', '')}"
    _check_evidence(c, d)


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
