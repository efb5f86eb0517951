"""Coverage simulations of Lemma 1 / Theorem 1 (mixcheck.coverage, mixcheck.paper.sec3_rademacher._coverage):
exact quantities against brute force on tiny cases, the binomial test's false-alarm rate and
power as computed, and the negative controls refuted by the same simulation."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from scipy.stats import binom, binomtest

from mixcheck import coverage as cov
from mixcheck.paper.sec3_rademacher import _coverage as cc
from mixcheck.engine.grading import grade_of
from mixcheck.engine.registry import Context
from mixcheck.profiles import PROFILES
from mixcheck.rademacher import empirical_rademacher


# --------------------------------------------------------------------------- exact quantities

def test_expected_abs_walk_matches_enumeration():
    table = cov.expected_abs_walk(12)
    for c in range(13):
        brute = np.mean([abs(sum(s)) for s in itertools.product((-1, 1), repeat=c)]) if c else 0.0
        assert table[c] == pytest.approx(brute, rel=1e-12, abs=1e-15)


def _counts_of(sample, N):
    return np.bincount(np.asarray(sample), minlength=N)[None, :]


@pytest.mark.parametrize("factor,n", [(1, 3), (2, 2), (1, 4), (3, 2)])
def test_all_functions_sup_and_complexity_match_brute_force(factor, n):
    """Φ(B) over all 2^N functions and R̂_B(G) by the engine's exact enumeration, every sample."""
    A = cov.AllFunctionsClass(factor)
    N = A.domain(n)
    funcs = np.array(list(itertools.product((0.0, 1.0), repeat=N)))  # 2^N × N
    for sample in itertools.product(range(N), repeat=n):
        c = _counts_of(sample, N)
        brute_phi = max(g.mean() - g[list(sample)].mean() for g in funcs)
        assert A.sup_deviation(c, n)[0] == pytest.approx(brute_phi, abs=1e-12)
        P = funcs[:, list(sample)]
        rad_g = empirical_rademacher(P).value
        assert A.empirical_complexity(c, n)[0] == pytest.approx(rad_g, abs=1e-12)
        # Lemma 2: H = every ±1 function, target c ≡ +1 (loss 1_{h≠1} = g ⇔ h = 1 − 2g)
        assert empirical_rademacher(1.0 - 2.0 * P).value == pytest.approx(2 * rad_g, abs=1e-12)


@pytest.mark.parametrize("factor,n", [(1, 3), (2, 2), (1, 4)])
def test_all_functions_expected_complexity_is_the_mean_over_all_samples(factor, n):
    A = cov.AllFunctionsClass(factor)
    N = A.domain(n)
    vals = [A.empirical_complexity(_counts_of(s, N), n)[0] for s in itertools.product(range(N), repeat=n)]
    assert A.expected_complexity(n) == pytest.approx(np.mean(vals), rel=1e-12)


def test_singleton_exact_quantities():
    S = cov.SingletonClass()
    n = 6
    assert empirical_rademacher(np.array([[1.0, 0.0, 1.0, 1.0, 0.0, 0.0]])).value == pytest.approx(0.0, abs=1e-15)
    assert S.expected_complexity(n) == 0.0
    for bound in (0.0, 0.1, 1 / 6, 0.3, 0.5):
        brute = np.mean([0.5 - sum(z) / n > bound for z in itertools.product((0, 1), repeat=n)])
        assert S.exact_violation_probability(n, bound) == pytest.approx(brute, abs=1e-12)
    phi, rad = S.simulate(n, 50, np.random.default_rng(1))
    assert np.all(rad == 0) and set(np.round((0.5 - phi) * n, 9)) <= set(range(n + 1))


def test_simulated_singleton_frequency_covers_the_exact_probability():
    """Clopper-Pearson interval at level 1 − 10⁻⁴ (false alarm 10⁻⁴ per cell, fixed seed) covers the
    exact violation probability of eq. (6) with its confidence term halved."""
    S, n, d, T = cov.SingletonClass(), 100, 0.05, 4000
    spec = cc.BOUNDS["eq6"].scaled(confidence=0.5)
    sim = cov.simulate_cell(S, n, T, np.random.default_rng(7))
    r = cov.violation_test(S, sim, spec, n, d, cell_level=1e-4)
    assert r.ci[0] <= r.exact_violation_probability <= r.ci[1]


def test_chunking_does_not_change_the_samples(monkeypatch):
    for cls in (cov.SingletonClass(), cov.AllFunctionsClass(2)):
        whole = cls.simulate(30, 40, np.random.default_rng(3))
        monkeypatch.setattr(cov, "CHUNK_BYTES", 1)
        chunked = cls.simulate(30, 40, np.random.default_rng(3))
        monkeypatch.undo()
        for a, b in zip(whole, chunked):
            np.testing.assert_array_equal(a, b)


# --------------------------------------------------------------------------- the test

def test_critical_count_agrees_with_binomtest_and_bounds_the_false_alarm():
    T, d, level = 300, 0.05, 0.01
    k = cov.critical_count(T, d, level)
    for v in range(T + 1):
        assert (binomtest(v, T, d, alternative="greater").pvalue <= level) == (v >= k)
    assert binom.sf(k - 1, T, d) <= level < binom.sf(k - 2, T, d)  # false alarm ≤ level, k smallest


def test_power_is_the_exact_rejection_probability():
    T, d, level, rate = 250, 0.05, 0.005, 0.1
    k = cov.critical_count(T, d, level)
    assert cov.power(T, d, level, rate) == pytest.approx(sum(binom.pmf(v, T, rate) for v in range(k, T + 1)))
    assert cov.power(T, d, level, d) <= level  # at the boundary of H0 the rejection rate is the false alarm


@pytest.mark.parametrize("delta", [0.01, 0.05, 0.2])
def test_design_draws_is_the_smallest_count_with_enough_power(delta):
    level = cc.CELL_LEVEL
    T = cov.design_draws(delta, level, 2 * delta)
    assert cov.power(T, delta, level, 2 * delta) >= 0.8
    assert all(cov.power(t, delta, level, 2 * delta) < 0.8 for t in range(max(1, T - 200), T))


def test_every_cell_is_designed_for_power_at_2delta():
    ctx = Context(PROFILES["ci"], 0, "lemma1/eq6-tight-class")
    out = cc.check_bound(ctx, "eq6", "tight-class")
    assert all(r["power_at_2delta"] >= 0.8 for r in out.evidence["grid"])
    assert out.evidence["power"] >= 0.8 and out.evidence["cell_level"] * len(out.evidence["grid"]) == \
        pytest.approx(cc.FALSE_ALARM)


# --------------------------------------------------------------------------- claims and controls

_EXPECTED = {("eq6", "tight-class"): "holds", ("eq7", "tight-class"): "holds",
             ("eq6", "control-confidence-halved"): "refuted", ("eq6", "control-rademacher-halved"): "refuted",
             ("eq7", "control-rademacher-halved"): "refuted", ("eq7", "control-confidence-halved"): "inconclusive"}


@pytest.mark.parametrize("eq,variant", sorted(_EXPECTED))
def test_bounds_hold_and_controls_are_refuted(eq, variant):
    cid = f"lemma1/{eq}-{variant}"
    out = cc.check_bound(Context(PROFILES["ci"], 0, cid), eq, variant)
    assert out.verdict == _EXPECTED[(eq, variant)], out.summary
    grade, detail = grade_of(cid, out.verdict, out.evidence, [])
    assert grade == "statistical" and detail["power"] >= 0.8 and detail["alternative"]
    if out.verdict == "refuted":
        assert any(r["rejected"] and r["p_value"] <= cc.CELL_LEVEL for r in out.evidence["grid"])
    if out.verdict == "inconclusive":
        assert out.evidence["reason"] and out.evidence["would_settle"]


def test_controls_are_seen_on_the_class_built_for_them():
    """Confidence halved: refuted on the singleton class; Rademacher halved: on all functions."""
    ctx = Context(PROFILES["ci"], 0, "x")
    conf = cc.check_bound(ctx, "eq6", "control-confidence-halved").evidence["grid"]
    rad = cc.check_bound(ctx, "eq7", "control-rademacher-halved").evidence["grid"]
    assert any(r["rejected"] for r in conf if r["cls"] == "singleton")
    assert any(r["rejected"] for r in rad if r["cls"].startswith("all-functions"))
    exact = [r for r in conf if r["cls"] == "singleton" and r["delta"] == 0.01]
    assert all(r["exact_violation_probability"] > 2 * r["delta"] for r in exact)  # the alternative is met exactly


def test_theorem1_claims_read_the_same_simulation():
    ctx = Context(PROFILES["ci"], 0, "thm1/eq15-tight-class")
    a = cc.check_bound(ctx, "eq15", "control-rademacher-halved")
    b = cc.check_bound(ctx, "eq7", "control-rademacher-halved")
    assert a.verdict == b.verdict and a.evidence["grid"] == b.evidence["grid"]


CONTROL = "lemma1/eq6-control-confidence-halved"


@pytest.mark.claim_runs(CONTROL, seeds=(3, 4), profile="ci", elsewhere=True)
def test_verdicts_depend_on_profile_and_seed_only(claim_runs):
    """The shared simulation computed afresh here (its cache emptied) equals the claim's run in
    the session's shared run (another interpreter where the session computes its claim runs in
    the background); another seed gives other violation counts."""
    from mixcheck.claims import CLAIMS
    from mixcheck.report.build import jsonable

    (c,) = [c for c in CLAIMS if c.id == CONTROL]
    cc._SHARED.clear()
    here = cc.check_bound(Context(PROFILES["ci"], 3, CONTROL), "eq6", "control-confidence-halved").evidence["grid"]
    assert jsonable(here) == claim_runs.as_dict(c, profile="ci", seed=3)["evidence"]["grid"]
    other = claim_runs.as_dict(c, profile="ci", seed=4)["evidence"]["grid"]
    assert [r["violations"] for r in other] != [r["violations"] for r in here]


def test_claim_specs_name_every_equation_and_control():
    ids = [s["id"] for st in ("lemma1", "thm1") for s in cc.claim_specs(st)]
    assert len(ids) == len(set(ids)) == 12
    assert "lemma1/eq6-control-confidence-halved" in ids and "thm1/eq15-control-rademacher-halved" in ids
    with pytest.raises(ValueError, match="statement"):
        cc.claim_specs("lemma3")


# --------------------------------------------------------------------------- bad input

@pytest.mark.parametrize("call,exc,match", [
    (lambda: cov.SingletonClass().simulate(0, 10, np.random.default_rng()), ValueError, "n"),
    (lambda: cov.SingletonClass().simulate(5, 10, 3), TypeError, "rng"),
    (lambda: cov.AllFunctionsClass(0), ValueError, "domain_factor"),
    (lambda: cov.critical_count(10, 1.5, 0.01), ValueError, "delta"),
    (lambda: cov.design_draws(0.1, 0.01, 0.05), ValueError, "rate"),
    (lambda: cov.BoundSpec("x", "typical", 1, 1, 1), ValueError, "complexity"),
    (lambda: cov.BoundSpec("x", "expected", -1, 1, 1), ValueError, "rademacher_coef"),
    (lambda: cov.bound_value(cc.BOUNDS["eq6"], 10, 0.0, 0.1), ValueError, "delta"),
    (lambda: cov.expected_abs_walk(-1), ValueError, "cmax"),
])
def test_bad_input_is_refused_with_the_argument_named(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


def test_bound_value_is_the_printed_right_side():
    n, d = 100, 0.05
    assert cov.bound_value(cc.BOUNDS["eq7"], n, d, 0.2) == pytest.approx(0.4 + 3 * math.sqrt(math.log(2 / d) / 200))
    assert cov.bound_value(cc.BOUNDS["eq6"].scaled(confidence=0.5), n, d, 0.2) == \
        pytest.approx(0.4 + 0.5 * math.sqrt(math.log(1 / d) / 200))


# --------------------------------------------------------------------------- exact small-domain scan

from mixcheck import coverage_exact as ce  # noqa: E402


def test_exact_quantities_match_enumeration_of_samples_and_signs():
    """Φ, R̂_B and ℜ_n from count vectors against every sample z ∈ Z^n and every σ ∈ {±1}^n."""
    G = np.array([[0.0, 0.5, 1.0], [1.0, 0.0, 0.25]])
    p = np.array([0.2, 0.3, 0.5])
    n = 3
    q = ce.exact_quantities(G, p, n)
    by_counts = {tuple(c): (pr, ph, r) for c, pr, ph, r in zip(q["counts"], q["probability"], q["phi"], q["rad_hat"])}
    rad_n = 0.0
    for z in itertools.product(range(3), repeat=n):
        c = tuple(np.bincount(z, minlength=3))
        prob = float(np.prod(p[list(z)]))
        phi = max(G[k] @ p - G[k, list(z)].mean() for k in range(2))
        rad = empirical_rademacher(G[:, list(z)]).value
        assert by_counts[c][1] == pytest.approx(phi, abs=1e-12) and by_counts[c][2] == pytest.approx(rad, abs=1e-12)
        rad_n += prob * rad
    assert q["rad_n"] == pytest.approx(rad_n, abs=1e-12)
    assert q["probability"].sum() == pytest.approx(1.0, abs=1e-12)


def test_exact_module_agrees_with_both_simulated_classes():
    n = 4
    S = cov.SingletonClass()
    q = ce.exact_quantities(np.array([[0.0, 1.0]]), np.array([0.5, 0.5]), n)
    assert ce.violation_probability(q, cov.BoundSpec("zero", "expected", 0, 0, 1), n, 0.5) == \
        pytest.approx(S.exact_violation_probability(n, 0.0), abs=1e-12)
    for b in (0.05, 0.2, 0.3):
        assert float(np.sum(q["probability"][q["phi"] > b + 1e-12])) == \
            pytest.approx(S.exact_violation_probability(n, b), abs=1e-12)
    A = cov.AllFunctionsClass(1)
    funcs = np.array(list(itertools.product((0.0, 1.0), repeat=n)))
    qa = ce.exact_quantities(funcs, np.full(n, 1 / n), n)
    assert qa["rad_n"] == pytest.approx(A.expected_complexity(n), rel=1e-12)
    np.testing.assert_allclose(qa["phi"], A.sup_deviation(qa["counts"], n), atol=1e-12)
    np.testing.assert_allclose(qa["rad_hat"], A.empirical_complexity(qa["counts"], n), atol=1e-12)


def test_exact_scan_finds_the_confidence_halved_singleton_violation():
    specs = {"eq6": cc.BOUNDS["eq6"], "halved": cc.BOUNDS["eq6"].scaled(confidence=0.5)}
    res = ce.scan(specs, cases=40, rng=np.random.default_rng(0), n_max=8)
    assert res["best"]["eq6"]["ratio"] <= 1 < res["best"]["halved"]["ratio"]


@pytest.mark.parametrize("values,law,match", [
    ([[0.0, 1.5]], [0.5, 0.5], "values"),
    ([[0.0, 1.0]], [0.7, 0.7], "law"),
    ([[0.0, 1.0, 0.0]], [0.5, 0.5], "column"),
])
def test_exact_quantities_refuse_bad_input(values, law, match):
    with pytest.raises(ValueError, match=match):
        ce.exact_quantities(values, law, 3)


def test_with_cell_power_adds_the_exact_power_of_each_cell():
    from mixcheck.engine.registry import Outcome

    grid = [{"trials": 400, "delta": 0.05}, {"trials": 400, "delta": 0.6}]
    out = cc.with_cell_power(Outcome("holds", {"grid": grid, "false_alarm": 1e-3}, "s"))
    assert out.evidence["power_per_cell"] == [cov.power(400, 0.05, 1e-3, 0.1), cov.power(400, 0.6, 1e-3, 1.0)]
    assert out.evidence["power"] == min(out.evidence["power_per_cell"]) and out.evidence["power_alternative"]
