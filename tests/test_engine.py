"""The paper-free engine: inventories as data, several at once, ids checked against their own
inventory, bad input named, and result dicts validated as the report plugin does."""

from __future__ import annotations

import json

import pytest

from mixcheck import Claim, ClaimResult, Inventory, claim, holds, refuted, run_claims, verify_counterexample
from mixcheck.engine.inventory import declare, inventory_of
from mixcheck.engine.registry import CLAIMS, claims_of
from mixcheck.engine.validate import result_problems

ALPHA = declare(Inventory(name="engine-alpha", title="alpha report",
                          entries=[("alpha.one", "one", "eq. (1)"), ("alpha.two", "two", "eq. (2)")]))
BETA = declare(Inventory(name="engine-beta", title="beta report", entries=[("beta.one", "one")]))


def _recompute(inputs):
    return inputs["x"] * inputs["x"], inputs["x"]


@claim("alpha.two/square", inventory=ALPHA, paper_ref="eq. (2)", statement="x² ≥ x", reading="real x",
       method="symbolic", expected="refuted", recompute=_recompute)
def _alpha_square(ctx):
    return refuted(inputs={"x": 0.5}, lhs=0.25, rhs=0.5, relation=">=", summary="0.25 < 0.5")


@claim("alpha.one/trivial", inventory=ALPHA, paper_ref="eq. (1)", statement="1 = 1", reading="-",
       method="symbolic", expected="holds")
def _alpha_one(ctx):
    return holds("1 = 1")


@claim("beta.one/trivial", paper_ref="-", statement="-", reading="-", method="symbolic", expected="holds")
def _beta_one(ctx):  # no inventory given: the declared one holding the id
    return holds("beta")


def test_inventories_coexist_with_the_papers_and_ids_resolve_to_their_own():
    import mixcheck.claims as mc

    assert inventory_of("alpha.two/square") is ALPHA and inventory_of("beta.one") is BETA
    assert inventory_of("thm2/as-printed") is mc.PAPER
    assert [c.id for c in claims_of(ALPHA)] == ["alpha.one/trivial", "alpha.two/square"]  # entry order
    assert all(c.inventory is mc.PAPER for c in claims_of(mc.PAPER)) and len(claims_of(mc.PAPER)) >= 27
    res = run_claims(inventory=ALPHA)
    assert {r.id: (r.verdict, r.grade) for r in res} == {"alpha.two/square": ("refuted", "counterexample"),
                                                          "alpha.one/trivial": ("holds", None)}
    assert res[1].to_dict()["inventory"] == "engine-alpha"


def test_a_refutation_recomputes_from_its_json_inputs():
    (r,) = run_claims(["alpha.two/square"], inventory=ALPHA)
    c = r.claim
    assert verify_counterexample(c, json.loads(json.dumps(r.evidence)))
    assert r.grade_detail["recomputed_from_inputs"] is True and result_problems(r.to_dict()) == []
    forged = r.to_dict()
    forged["evidence"]["inputs"] = {"x": 2.0}  # 4 ≥ 2: the relation holds there
    assert any("does not recompute" in p for p in result_problems(forged))


def test_ids_are_checked_against_their_own_inventory():
    with pytest.raises(ValueError, match="not an id of inventory 'engine-alpha'"):
        Claim(id="beta.one/x", paper_ref="-", statement="-", reading="-", method="symbolic",
              expected_verdict="holds", check=lambda ctx: holds("x"), inventory=ALPHA)
    with pytest.raises(ValueError, match="not an id of inventory 'engine-beta'"):
        claim("beta.nine/x", inventory=BETA, paper_ref="-", statement="-", reading="-", method="symbolic",
              expected="holds")(lambda ctx: holds("x"))
    with pytest.raises(ValueError, match="registered twice"):
        claim("alpha.one/trivial", inventory=ALPHA, paper_ref="other", statement="-", reading="-",
              method="symbolic", expected="holds")(lambda ctx: holds("x"))


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(name="", title="t", entries=[("a", "a")]), ValueError, "name"),
    (dict(name="n", title=" ", entries=[("a", "a")]), ValueError, "title"),
    (dict(name="n", title="t", entries=[]), ValueError, "entries"),
    (dict(name="n", title="t", entries="abc"), TypeError, "entries"),
    (dict(name="n", title="t", entries=[("a/b", "x")]), ValueError, "not an id"),
    (dict(name="n", title="t", entries=[("a", "x"), ("a", "y")]), ValueError, "twice"),
    (dict(name="n", title="t", entries=[("a", "x")], sections=[("s", "S", ("b",))]), ValueError, "sections"),
    (dict(name="n", title="t", entries=[("a", "x")], derivations=3), TypeError, "derivations"),
])
def test_a_bad_inventory_is_refused_with_the_argument_named(kwargs, error, match):
    with pytest.raises(error, match=match):
        Inventory(**kwargs)


def test_declaring_a_clashing_inventory_is_refused():
    with pytest.raises(ValueError, match="shares ids"):
        declare(Inventory(name="engine-gamma", title="g", entries=[("alpha.one", "again")]))
    with pytest.raises(ValueError, match="already declared"):
        declare(Inventory(name="engine-alpha", title="other", entries=[("alpha.x", "x")]))
    assert declare(ALPHA) is ALPHA


@pytest.mark.parametrize("mutate, match", [
    (lambda d: d.update(id="nobody/x"), "unknown claim id"),
    (lambda d: d.update(verdict="pass"), "verdict must be one of"),
    (lambda d: d.update(evidence=["not", "a", "dict"]), "evidence must be a dict"),
    (lambda d: d["evidence"].update(x=float("nan")), "strict JSON"),
    (lambda d: d.update(expected_verdict="holds"), "expected_verdict"),
    (lambda d: d["evidence"].pop("relation"), "both 'inputs' and 'relation'"),
])
def test_a_bad_result_dict_is_named(mutate, match):
    (r,) = run_claims(["alpha.two/square"], inventory=ALPHA)
    d = r.to_dict()
    mutate(d)
    problems = result_problems(d)
    assert any(match in p for p in problems), problems


def test_bad_arguments_of_run_claims_are_named():
    with pytest.raises(TypeError, match="inventory"):
        run_claims(inventory="engine-alpha")
    with pytest.raises(ValueError, match="seed"):
        run_claims(inventory=ALPHA, seed=-1)
    with pytest.raises(ValueError, match="unknown claim id 'thm2'"):
        run_claims(["thm2"], inventory=ALPHA)  # the paper's ids are not ALPHA's
    assert all(c in CLAIMS for c in claims_of(BETA))


def test_a_result_comes_back_from_its_dict():
    res = {r.id: r for r in run_claims(["alpha.two/square", "alpha.one/trivial"], inventory=ALPHA)}
    r_ref, r_holds = res["alpha.two/square"], res["alpha.one/trivial"]
    for r in (r_ref, r_holds):
        d = json.loads(json.dumps(r.to_dict()))  # as a report or another process holds it
        back = ClaimResult.from_dict(d, r.claim)
        assert back.to_dict() == r.to_dict() and back.claim is r.claim
        assert (back.verdict, back.grade, back.summary) == (r.verdict, r.grade, r.summary)
    d = r_ref.to_dict()
    with pytest.raises(ValueError, match="result of 'alpha.two/square', not of the claim 'alpha.one/trivial'"):
        ClaimResult.from_dict(d, r_holds.claim)
    with pytest.raises(ValueError, match="verdict 'pass' is not one of"):
        ClaimResult.from_dict({**d, "verdict": "pass"}, r_ref.claim)
    with pytest.raises(ValueError, match="lacks evidence"):
        ClaimResult.from_dict({k: v for k, v in d.items() if k != "evidence"}, r_ref.claim)
    with pytest.raises(TypeError, match="claim must be a Claim"):
        ClaimResult.from_dict(d, "alpha.two/square")
    with pytest.raises(TypeError, match="d must be a dict"):
        ClaimResult.from_dict([d], r_ref.claim)
