"""``pytest --mixcheck-report`` validates every recorded claim dict: an unknown id, a verdict
"pass", a counterexample that does not recompute fail the test and are marked invalid in the
report; valid ones land under their inventory's title."""

from __future__ import annotations

import json

import pytest

pytest_plugins = ["pytester"]

BAD_TESTS = '''
from mixcheck import Inventory, claim, record, refuted, run_claims

INV = Inventory(name="plugin-check", title="plugin check report", entries=[("pc.square", "x*x >= x")])


@claim("pc.square/all-real", inventory=INV, paper_ref="eq. (1)", statement="x*x >= x", reading="real x",
       method="symbolic", expected="refuted", recompute=lambda inputs: (inputs["x"] ** 2, inputs["x"]))
def _square(ctx):
    return refuted(inputs={"x": 0.5}, lhs=0.25, rhs=0.5, relation=">=", summary="0.25 < 0.5")


def test_valid(request):
    (r,) = run_claims(inventory=INV)
    record(request, r)


def test_verdict_pass(request):
    d = run_claims(inventory=INV)[0].to_dict()
    d.update(id="pc.square/pass", verdict="pass")
    request.node.user_properties.append(("mixcheck_claim", d))


def test_forged_counterexample(request):
    d = run_claims(inventory=INV)[0].to_dict()
    d["evidence"]["inputs"] = {"x": 3.0}  # 9 >= 3: no counterexample there
    d["id"] = "pc.square/all-real"
    request.node.user_properties.append(("mixcheck_claim", d))
'''


@pytest.mark.integration
def test_bad_claim_records_fail_and_are_marked_invalid(pytester, monkeypatch):
    monkeypatch.setenv("MIXCHECK_PROFILE", "ci")
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    pytester.makepyfile(test_bad=BAD_TESTS)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--mixcheck-report", "out")
    result.assert_outcomes(passed=1, failed=2)
    text = result.stdout.str()
    assert "unknown claim id 'pc.square/pass'" in text and "verdict must be one of" in text
    assert "the counterexample does not recompute" in text
    report = json.loads((pytester.path / "out" / "report.json").read_text())
    assert report["title"] == "plugin check report" and report["inventory"] == "plugin-check"
    by_id = {c["id"]: c for c in report["claims"]}
    assert by_id["pc.square/pass"]["verdict"] == "invalid" and by_id["pc.square/pass"]["problems"]
    # the forged record came last for its id and replaced the valid one: it is shown invalid
    assert by_id["pc.square/all-real"]["verdict"] == "invalid"
    assert report["summary"]["counts"].get("invalid") == 2 and not report["summary"]["all_expected"]
