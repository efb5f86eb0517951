"""The evidence grade is derived from what a check did (mixcheck.engine.grading)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import strategies as st

from mixcheck import strategies as mst
from mixcheck.claims import GRADES
from mixcheck.engine import grading
from mixcheck.engine.search import record_exhaustive, record_grid, search
from mixcheck.engine.registry import Context
from mixcheck.profiles import active_profile


def _ctx(cid="demo/x", seed=0):
    return Context(active_profile("ci"), seed, cid)


@dataclass
class FakeDerivation:
    id: str
    proves: tuple
    is_proof: bool


def test_a_search_records_its_effort_and_the_sizes_it_tried():
    ctx = _ctx()
    res = search(ctx, mst.samples(min_n=2, max_n=3, min_d=1, max_d=2, bound=5.0), lambda X: -1.0)
    (e,) = ctx.efforts
    assert e["kind"] == "search" and e["examples"] == res.examples > 0
    assert 2 <= e["tried"]["n"][0] <= e["tried"]["n"][1] <= 3 and e["tried"]["d"][1] <= 2
    assert -5.0 <= e["tried"]["entries"][0] <= e["tried"]["entries"][1] <= 5.0
    assert "min_value=2, max_value=3" in e["domain"]
    g, det = grading.grade_of("demo/x", "holds", {}, ctx.efforts)
    assert g == "searched" and det["largest_n"] == e["tried"]["n"][1] and det["closest_margin"] == -1.0


def test_two_searches_of_one_check_get_different_seeds_and_seeds_differ_by_claim():
    a, b = _ctx("demo/a"), _ctx("demo/b")
    assert a.search_seed() != a.search_seed()
    assert _ctx("demo/a").search_seed() != b.search_seed()
    assert _ctx("demo/a", 1).search_seed() != _ctx("demo/a", 0).search_seed()


def test_unknown_effort_kind_is_refused():
    with pytest.raises(ValueError, match="kind"):
        _ctx().record_effort({"kind": "guess"})


def test_proved_needs_a_derivation_that_is_a_proof_and_names_the_claim(monkeypatch):
    ctx = _ctx()
    search(ctx, st.integers(0, 3), lambda k: -1.0)
    monkeypatch.setattr(grading, "derivations_proving",
                        lambda cid: [FakeDerivation("d.ok", (cid,), True), FakeDerivation("d.no", (cid,), False)])
    g, det = grading.grade_of("demo/x", "holds", {}, ctx.efforts)
    assert g == "proved" and det["derivations"] == ["d.ok"] and det["cross_check"]["examples"] > 0
    monkeypatch.setattr(grading, "derivations_proving", lambda cid: [FakeDerivation("d.no", (cid,), False)])
    g, det = grading.grade_of("demo/x", "holds", {}, ctx.efforts)
    assert g == "searched" and det["derivations_not_proofs"] == ["d.no"]
    g, det = grading.grade_of("demo/x", "holds", {}, [])
    assert g is None and "no machine-checked derivation" in det["reason"]
    # a refutation is never 'proved', whatever derivation names it
    monkeypatch.setattr(grading, "derivations_proving", lambda cid: [FakeDerivation("d.ok", (cid,), True)])
    g, _ = grading.grade_of("demo/x", "refuted", {"inputs": {}, "relation": "<=", "exact": {"method": "m"}}, [],
                            recomputed=True)
    assert g == "counterexample"


def test_statistical_grade_states_power_or_why_not():
    ev = {"test": "binomial", "level": 0.999, "false_alarm": 1e-3}
    g, det = grading.grade_of("demo/x", "holds", ev, [])
    assert g == "statistical" and det["power"] is None and det["power_reason"]
    g, det = grading.grade_of("demo/x", "holds", {**ev, "power": 0.93, "power_alternative": "slope 0.1"}, [])
    assert det["power"] == 0.93 and det["alternative"] == "slope 0.1"
    g, det = grading.grade_of("demo/x", "holds", {**ev, "power_check": {"bound": "term dropped", "detected": True}}, [])
    assert det["power"] is None and det["alternative"] == "term dropped" and "detected" in det["power_reason"]


def test_counterexample_grade_says_whether_it_was_recomputed_exactly():
    ev = {"inputs": {"X": [[1.0]]}, "relation": "<=", "margin": 0.5, "exact": {"method": "fractions"}}
    g, det = grading.grade_of("demo/x", "refuted", ev, [], recomputed=True)
    assert g == "counterexample" and det["exactly_recomputed"] is True and det["exact_method"] == "fractions"
    g, det = grading.grade_of("demo/x", "refuted", {k: v for k, v in ev.items() if k != "exact"}, [], recomputed=True)
    assert det["exactly_recomputed"] is False
    stat = {"estimate": 0.1, "ci": [0.05, 0.2], "test": "t", "level": 0.99, "false_alarm": 0.01}
    assert grading.grade_of("demo/x", "refuted", stat, [])[0] == "statistical"


def test_grids_and_enumerations():
    ctx = _ctx()
    record_grid(ctx, [(n,) for n in range(2, 11)], domain="n in 2..10", worst_margin=-0.1)
    g, det = grading.grade_of("demo/x", "holds", {}, ctx.efforts)
    assert g == "searched" and det["examples"] == 9 and det["searches"][0]["tried"]["scalars"]["[0]"] == [2, 10]
    record_exhaustive(ctx, 12, domain="all 12 cells")
    g, det = grading.grade_of("demo/x", "holds", {}, ctx.efforts)
    assert g == "exhaustive" and det["cases"] == 12


def test_not_run_and_error_are_ungraded_with_a_reason():
    for v in ("not-run", "error"):
        g, det = grading.grade_of("demo/x", v, {}, [])
        assert g is None and det["reason"]
    assert set(GRADES) == {"proved", "exhaustive", "searched", "statistical", "counterexample"}


def test_scan_proves_reads_literals_and_flags_computed_ones():
    src = 'D("a", proves=("thm2/x", "eq19/y"))\nD("b", proves="eq20/z")\nD("c")\n'
    assert grading.scan_proves(src) == ({"thm2/x", "eq19/y", "eq20/z"}, False)
    assert grading.scan_proves('D("a", proves=tuple(IDS))') == (set(), True)
