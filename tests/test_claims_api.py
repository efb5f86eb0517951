"""The claim registry's API (mixcheck.claims) and the exact helpers behind counterexamples."""

from __future__ import annotations

import itertools
import json

import mpmath
import numpy as np
import pytest

from mixcheck import claims as mc
from mixcheck.engine import claims_of
from mixcheck.claims import PAPER, CLAIMS, Claim, ClaimResult, record, run_claims, select_claims, verify_counterexample
from mixcheck.counterexample import (
    linear_rademacher_exact,
    linear_rademacher_float,
    perm_mixup_rademacher_exact,
    perm_mixup_rademacher_float,
    sign_vectors,
    single_neuron_rademacher,
)


def test_selection_by_inventory_id_and_exact_id():
    thm2 = select_claims(["thm2"])
    assert thm2 and all(c.id.startswith("thm2/") for c in thm2)
    assert [c.id for c in select_claims(["thm2/as-printed"])] == ["thm2/as-printed"]
    assert len(select_claims(None)) == len(CLAIMS)
    with pytest.raises(ValueError, match="unknown claim id"):
        select_claims(["no-such-claim"])
    with pytest.raises(ValueError):
        run_claims(["thm9"])


@pytest.mark.derivations  # its claims attach derivations
def test_run_claims_contract_and_progress():
    seen = []
    res = run_claims(["eq18", "lemma1/as-printed"], profile="ci", seed=0,
                     progress=lambda cid, i, total: seen.append((cid, i, total)))
    assert [r.id for r in res] == [c.id for c in select_claims(["eq18", "lemma1/as-printed"])]
    assert [s[1] for s in seen] == list(range(len(res))) and all(s[2] == len(res) for s in seen)
    for r in res:
        assert isinstance(r, ClaimResult) and isinstance(r.claim, Claim)
        d = r.to_dict()
        assert set(d) == {"id", "paper_ref", "statement", "reading", "method", "verdict", "expected_verdict",
                          "inventory", "evidence", "grade", "grade_detail", "seconds"}
        assert d["inventory"] == mc.PAPER.name
        assert d["method"] in mc.METHODS and d["verdict"] in mc.VERDICTS
        assert d["grade"] in mc.GRADES or (d["grade"] is None and d["grade_detail"]["reason"])
        assert isinstance(d["evidence"]["summary"], str)
        json.dumps(d, allow_nan=False)


DETERMINISM_IDS = ("eq19/step3", "thm2/as-printed", "lemma1/eq6", "fig1/sigma-trend")


@pytest.mark.claim_runs(*DETERMINISM_IDS, seeds=(3,), profile="ci", elsewhere=True)
def test_ci_profile_is_deterministic_per_seed(claim_runs):
    """The same claims at the same seed, run here and in the session's shared run (another
    interpreter where the session computes its claim runs in the background, else an earlier
    run in this process), give the same results."""
    from mixcheck.claims import CLAIMS

    by_id = {c.id: c for c in CLAIMS}
    a = [r.to_dict() for r in run_claims(list(DETERMINISM_IDS), profile="ci", seed=3)]
    b = [claim_runs.as_dict(by_id[d["id"]], profile="ci", seed=3) for d in a]  # registry order
    for x, y in zip(a, b):
        x.pop("seconds"), y.pop("seconds")
    assert a == b


def test_record_appends_user_property():
    class Node:
        user_properties: list = []

    class Req:
        node = Node()

    (r,) = run_claims(["lemma1/as-printed"])
    record(Req, r)
    name, value = Req.node.user_properties[-1]
    assert name == "mixcheck_claim" and value["id"] == "lemma1/as-printed"


def test_a_check_that_raises_is_reported_as_error():
    from mixcheck.engine.registry import Context
    from mixcheck.engine.runner import run_claim

    def broken(ctx: Context):
        raise RuntimeError("boom")

    c = Claim(id="eq18/broken-test", paper_ref="-", statement="-", reading="-", method="symbolic",
              expected_verdict="holds", check=broken)
    r = run_claim(c)
    assert r.verdict == "error" and "boom" in r.evidence["error"]


def test_tampered_counterexample_is_not_verified():
    (r,) = run_claims(["eq19/step3"])
    ev = r.to_dict()["evidence"]
    assert verify_counterexample(r.claim, ev)
    ev2 = json.loads(json.dumps(ev))
    ev2["inputs"]["X"] = [[0.0] * len(row) for row in ev2["inputs"]["X"]]  # x̄ = 0: the step holds
    assert not verify_counterexample(r.claim, ev2)


def test_every_refuted_relation_claim_has_recompute():
    for c in claims_of(PAPER):
        if c.expected_verdict == "refuted" and c.recompute is None:
            # statistical refutations carry estimate/ci instead (checked in test_claims)
            assert c.method in ("monte-carlo", "simulation", "experiment"), c.id


# --------------------------------------------------------------------------- exact helpers


def test_exact_linear_rademacher_matches_engine_and_brute_force():
    from mixcheck.rademacher import linear_rademacher

    rng = np.random.default_rng(0)
    for _ in range(10):
        X = rng.standard_normal((rng.integers(1, 7), rng.integers(1, 4)))
        S = sign_vectors(len(X)).astype(float)
        brute = float(np.mean(np.linalg.norm(S @ X, axis=1)) / len(X))
        assert linear_rademacher_float(X) == pytest.approx(brute, rel=1e-12)
        assert float(linear_rademacher_exact(X.tolist())) == pytest.approx(brute, rel=1e-12)
        assert linear_rademacher(X).value == pytest.approx(brute, rel=1e-12)


def test_perm_mixup_exact_matches_float():
    X = [[1.0, 0.5], [-2.0, 1.0], [0.25, 3.0]]
    with mpmath.workdps(50):
        e = perm_mixup_rademacher_exact(X, 0.3)
    assert float(e) == pytest.approx(perm_mixup_rademacher_float(np.array(X), 0.3), rel=1e-12)


@pytest.mark.parametrize("d", [1, 2])
def test_single_neuron_rademacher_against_brute_force(d):
    rng = np.random.default_rng(d)
    th = np.linspace(0, 2 * np.pi, 100001)
    U = np.stack([np.cos(th), np.sin(th)], 1) if d == 2 else np.array([[1.0], [-1.0]])
    for _ in range(8):
        n = int(rng.integers(1, 6))
        X = rng.standard_normal((n, d)) * 3
        S = sign_vectors(n).astype(float)
        brute = float(np.abs(S @ np.maximum(U @ X.T, 0).T).max(1).mean() / n)
        exact = single_neuron_rademacher(X)
        assert exact >= brute - 1e-9 and exact - brute <= 1e-3 * max(1.0, exact)


def test_single_neuron_class_contains_a_neuron_per_sigma():
    # the sup over H_{1,1} is at least the value of any one unit-norm neuron
    rng = np.random.default_rng(5)
    X = rng.standard_normal((4, 2))
    S = sign_vectors(4).astype(float)
    u = np.array([0.6, 0.8])
    one = float(np.abs(S @ np.maximum(X @ u, 0)).mean() / 4)
    assert single_neuron_rademacher(X) >= one - 1e-12


def test_threshold_complexity_and_sup_deviation():
    from mixcheck.paper.sec3_rademacher._common import sup_deviation, threshold_patterns, threshold_rademacher
    from mixcheck.rademacher import empirical_rademacher

    for n in (1, 2, 5, 9):
        assert threshold_rademacher(n) == pytest.approx(empirical_rademacher(threshold_patterns(n)).value, rel=1e-12)
    rng = np.random.default_rng(1)
    for _ in range(50):
        n = int(rng.integers(1, 6))
        X = np.sort(rng.random((1, n)), axis=1)
        ts = np.concatenate([np.linspace(-0.1, 1.1, 4001), X[0] - 1e-12, X[0] + 1e-12])
        disagree = np.mean((X[0][None, :] >= ts[:, None]) != (X[0] >= 0.3)[None, :], axis=1)
        brute = np.max(np.abs(np.clip(ts, 0, 1) - 0.3) - disagree)
        assert sup_deviation(X)[0] == pytest.approx(brute, abs=1e-9)


def test_search_shrinks_to_a_minimal_counterexample():
    """The shrunk example is one scalar sample (the smallest shape that fails) with a simple value:
    for X = [[x]], Λ‖x‖ = Λx² exactly when |x| ∈ {0, 1}, so any other x is a counterexample."""
    for seed in (0, 3):
        (r,) = run_claims(["eq18/as-printed"], profile="ci", seed=seed)
        X = r.evidence["inputs"]["X"]
        assert r.verdict == "refuted" and len(X) == 1 and len(X[0]) == 1, X
        x = X[0][0]
        assert abs(x) not in (0.0, 1.0) and float(4 * x).is_integer() and abs(x) <= 4, X


def test_unexpected_violation_attaches_the_example_and_is_not_holds():
    """A violation met by the search of a claim recorded as holding never passes as 'holds': it
    becomes an inconclusive outcome carrying the shrunk example and the search effort, as JSON."""
    from mixcheck.engine.outcomes import unexpected_violation
    from mixcheck.engine.search import SearchResult

    res = SearchResult(examples=7, worst_margin=0.25, violation=(np.array([[1.0, 2.0]]), 0.5),
                       violation_margin=0.25)
    out = unexpected_violation(res, "a violation")
    assert out.verdict == "inconclusive"
    ev = json.loads(json.dumps(out.evidence))
    assert ev["example"] == [[[1.0, 2.0]], 0.5]
    assert ev["search"] == {"examples": 7, "worst_margin": 0.25}
    assert "0.25" in out.summary
