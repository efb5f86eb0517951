"""The example's claims as pytest tests: ``pytest examples/own_claims`` (and with
``--mixcheck-report DIR``, the report of these claims under the example's own title)."""

from __future__ import annotations

import pytest

from mixcheck import record, run_claims, verify_counterexample

try:  # the checkout's root on sys.path (pytest's rootdir conftest or python -m pytest)
    from examples.own_claims.claims import NOTE
except ImportError:  # run from inside this folder
    from claims import NOTE

from mixcheck.engine.registry import claims_of

CLAIMS = claims_of(NOTE)


@pytest.mark.parametrize("c", CLAIMS, ids=[c.id for c in CLAIMS])
def test_claim(request, c):
    (result,) = run_claims([c.id], inventory=NOTE, profile="ci", seed=0)
    record(request, result)
    assert result.verdict == c.expected_verdict, result.summary
    if result.verdict == "refuted":  # the counterexample recomputes from its JSON inputs alone
        assert verify_counterexample(c, result.evidence)
        assert result.grade == "counterexample"
    else:
        assert result.grade == "searched" and result.grade_detail["examples"] > 0
