"""The shared kit of the claim modules: the search-then-verdict templates, derivations and
figure data attached to a check's evidence."""

from __future__ import annotations

import pytest
from hypothesis import strategies as st

from mixcheck.engine.registry import Context, Outcome
from mixcheck.engine.outcomes import holds, violation_margin
from mixcheck.engine.templates import hold_by_search, refute_by_search
from mixcheck.paper._derivations import attach
from mixcheck.paper._figures import figure_seed, with_figure
from mixcheck.profiles import active_profile


def _ctx(name="kit/test"):
    return Context(active_profile("ci"), 0, name)


def _cx(x):
    return dict(inputs={"x": x}, lhs=x, rhs=5, relation="<=", summary=f"x = {x} > 5")


def test_refutation_search_that_finds_a_violation_is_refuted_with_its_effort():
    out = refute_by_search(_ctx(), st.integers(0, 100), lambda x: x - 5, _cx)
    assert out.verdict == "refuted"
    assert out.evidence["inputs"]["x"] > 5 and out.evidence["relation"] == "<="
    assert out.evidence["search"]["examples"] >= 1
    assert violation_margin(out.evidence["lhs"], out.evidence["rhs"], "<=") > 0


def test_refutation_search_that_finds_nothing_is_inconclusive_not_an_error():
    out = refute_by_search(_ctx(), st.integers(0, 5), lambda x: x - 5, _cx)
    assert out.verdict == "inconclusive"
    assert out.evidence["search"]["examples"] >= 1 and out.evidence["would_settle"]


def test_holding_search_holds_or_meets_a_violation():
    ok = hold_by_search(_ctx(), st.integers(0, 5), lambda x: x - 5,
                        lambda r: holds(f"{r.examples} examples", examples=r.examples))
    assert ok.verdict == "holds" and ok.evidence["examples"] >= 1
    bad = hold_by_search(_ctx(), st.integers(0, 100), lambda x: x - 5, lambda r: holds("never"), what="a big x")
    assert bad.verdict == "inconclusive" and "a big x" in bad.summary and bad.evidence["example"] > 5


def test_templates_refuse_what_is_not_a_callable():
    with pytest.raises(TypeError, match="counterexample"):
        refute_by_search(_ctx(), st.integers(), lambda x: -1.0, {"inputs": {}})
    with pytest.raises(TypeError, match="holding"):
        hold_by_search(_ctx(), st.integers(), lambda x: -1.0, "holds")


@pytest.mark.derivations  # its claims attach derivations
def test_attach_adds_the_derivations_and_keeps_the_checks_own_evidence():
    check = attach("beta.var")(lambda ctx: holds("ok", derivation_ids=["mine"], examples=3))
    out = check(_ctx())
    assert isinstance(out, Outcome) and out.verdict == "holds"
    assert out.evidence["derivation_ids"] == ["mine"] and out.evidence["examples"] == 3
    assert out.evidence["derivations_ok"] is True and out.evidence["derivation"][0]["id"] == "beta.var"
    assert check.derivation_ids == ("beta.var",)
    with pytest.raises(ValueError, match="derivation ids"):
        attach()


def test_figure_data_follows_profile_and_seed():
    seen = []
    check = with_figure(lambda profile, seed: seen.append((profile, seed)) or {"seed": seed})(lambda ctx: holds("ok"))
    out = check(Context(active_profile("ci"), 7, "kit/figure"))
    assert out.evidence["figure_data"] == {"seed": 7} and seen == [("ci", 7)]
    assert figure_seed(0, "fig1") == figure_seed(0, "fig1") != figure_seed(1, "fig1")
    with pytest.raises(TypeError, match="compute"):
        with_figure(3)
