"""Red team for the derivation checker: false steps must be refused or marked as no proof, misapplied
named rules rejected, and true steps still proved.

Deterministic: every check is symbolic or a fixed numeric evaluation (false-alarm rate 0).
"""

from __future__ import annotations

import pytest
import sympy as sp

from mixcheck.derivation import Derivation, _check
from mixcheck.derivation_rules import (Dot, Expect, Norm, apply_rule, define, permutation, rademacher, rhat,
                                       vector, vectors)

x, y = sp.symbols("x y", real=True)
lam = sp.Symbol("lambda", real=True)
z = sp.Symbol("z", positive=True)
a_real = sp.Symbol("a", real=True)
a_pos = sp.Symbol("a", positive=True)
k = sp.Symbol("k", integer=True, nonnegative=True)
t = sp.Symbol("t", real=True)


def refused(step) -> bool:
    """Not counted as a proof: refuted, undecided, or a non-proof grade."""
    return not step.is_proof


# ------------------------------------------------------------------ false steps (each must be refused)

FALSE_STEPS = {
    "sqrt(xy) = sqrt(x)sqrt(y), powsimp": dict(lhs=sp.sqrt(x * y), rhs=sp.sqrt(x) * sp.sqrt(y), simplify=("powsimp",)),
    "sqrt(xy) = sqrt(x)sqrt(y), default chain": dict(lhs=sp.sqrt(x * y), rhs=sp.sqrt(x) * sp.sqrt(y)),
    "sqrt(xy) = sqrt(x)sqrt(y), every simplifier": dict(lhs=sp.sqrt(x * y), rhs=sp.sqrt(x) * sp.sqrt(y),
                                                        simplify=("ring", "expand", "cancel", "gammasimp", "powsimp",
                                                                  "expand_log", "simplify")),
    "log(xy) = log x + log y": dict(lhs=sp.log(x * y), rhs=sp.log(x) + sp.log(y), simplify=("expand_log", "simplify")),
    "(x^2)^(1/2) = x for real x": dict(lhs=sp.sqrt(x**2), rhs=x),
    "(x^2)^(1/2) = x, 'x > 0' only as prose": dict(lhs=sp.sqrt(x**2), rhs=x, assumptions=["x > 0"]),
    "lambda <= lambda - 1e-13": dict(lhs=lam, rhs=lam - sp.Rational(1, 10**13), relation="<="),
    "lambda <= lambda - 1e-13 with points": dict(lhs=lam, rhs=lam - sp.Rational(1, 10**13), relation="<=",
                                               points=[{lam: 0}, {lam: 1}]),
    "lambda = lambda + 1e-13": dict(lhs=lam, rhs=lam + sp.Rational(1, 10**13)),
    "x < x": dict(lhs=x, rhs=x, relation="<"),
    "geometric series for z > 1": dict(lhs=sp.Sum(z**k, (k, 0, sp.oo)), rhs=1 / (1 - z), assumptions=(z > 1,)),
    "geometric series, 'z > 1' as prose, at z = 2": dict(lhs=sp.Sum(z**k, (k, 0, sp.oo)), rhs=1 / (1 - z),
                                                         assumptions=["z > 1"], points=[{z: 2}]),
    "geometric series, no domain": dict(lhs=sp.Sum(z**k, (k, 0, sp.oo)), rhs=1 / (1 - z)),
    "integral of exp(-a t) over (0, oo) for real a": dict(lhs=sp.Integral(sp.exp(-a_real * t), (t, 0, sp.oo)),
                                                          rhs=1 / a_real),
    "numeric grid equality": dict(lhs=sp.sin(x) ** 2 + sp.cos(x) ** 2, rhs=1, check="numeric",
                                  points=[{x: 1}, {x: 2}]),
    "numeric grid of a false identity": dict(lhs=sp.sin(x), rhs=x, check="numeric", points=[{x: 10**-8}], tol=1e-6),
    "inequality only searched (true, but no proof)": dict(lhs=x**2 * y**2, rhs=x**4 + y**4, relation="<=",
                                                          points=[{x: 0, y: 1}, {x: 1, y: 1}]),
    "false inequality searched on a good grid": dict(lhs=x**3, rhs=x**2, relation="<=", points=[{x: 0}, {x: 1}]),
    "certificate of unknown sign": dict(lhs=x, rhs=x + y, relation="<=", certificate=y),
    "wrong certificate": dict(lhs=x, rhs=x + y**2 - 1, relation="<=", certificate=y**2),
    "1 - lambda >= 0 for lambda in [0, 2]": dict(lhs=1 - lam, rhs=0, relation=">=", assumptions=(lam >= 0, lam <= 2)),
    "(x+1)^2 = x^2 + 1": dict(lhs=(x + 1) ** 2, rhs=x**2 + 1),
    "divergent sum of 2^k equals -1": dict(lhs=sp.Sum(2**k, (k, 0, sp.oo)), rhs=-1),
}


@pytest.mark.parametrize("name", sorted(FALSE_STEPS))
def test_false_step_is_refused(name):
    spec = dict(FALSE_STEPS[name])
    st = _check(name, spec.pop("lhs"), spec.pop("rhs"), **spec)
    assert refused(st), (st.grade, st.method)


def test_divergent_series_is_not_summed_by_extrapolation():
    st = _check("Σ 2^k", sp.Sum(2**k, (k, 0, sp.oo)), -1, points=[{}], check="numeric")
    assert st.holds is False


def test_slack_known_negative_refutes():
    st = _check("tol", lam, lam - sp.Rational(1, 10**13), relation="<=")
    assert st.holds is False and st.grade == "refuted"


def test_condition_known_false_refutes():
    st = _check("geo", sp.Sum(z**k, (k, 0, sp.oo)), 1 / (1 - z), assumptions=(z > 1,), points=[{z: 3}])
    assert st.holds is False


def test_numeric_step_holds_but_is_no_proof():
    st = _check("trig", sp.sin(x) ** 2 + sp.cos(x) ** 2, 1, check="numeric", points=[{x: 1}])
    assert st.holds is True and st.grade == "numeric" and not st.is_proof and "not a proof" in st.status


def test_point_outside_the_domain_is_not_used():
    st = _check("geo", sp.Sum(z**k, (k, 0, sp.oo)), 1 / (1 - z), assumptions=(z < 1,), points=[{z: 2}])
    assert st.is_proof and "outside the stated domain" in st.note


# ------------------------------------------------------------------ conclusions

def test_unrelated_conclusion_is_no_proof():
    d = Derivation("demo.unrelated", "an unrelated result")
    d.step("square", (x + 1) ** 2, x**2 + 2 * x + 1)
    d.conclude(sp.Integer(7), [])
    assert d.ok and not d.conclusion_matches and not d.is_proof


def test_matching_conclusion_is_a_proof():
    d = Derivation("demo.square", "a square", proves=("demo/square",))
    d.step("square", (x + 1) ** 2, x**2 + 2 * x + 1)
    d.conclude(x**2 + 2 * x + 1, [x])
    assert d.is_proof and d.to_dict()["is_proof"] and d.to_dict()["proves"] == ["demo/square"]


def test_conclusion_equal_only_after_simplifying_is_a_proof():
    d = Derivation("demo.trig", "a trigonometric identity")
    d.step("pythagoras", sp.sin(x) ** 2 + sp.cos(x) ** 2, sp.Integer(1))
    assert d.conclude(sp.sin(x) ** 2 + sp.cos(x) ** 2, [x]).is_proof  # equals the left side


def test_conclusion_differing_at_a_point_of_the_domain_is_rejected():
    d = Derivation("demo.near", "nearly the last step")
    d.step("square", (x + 1) ** 2, x**2 + 2 * x + 1)
    assert not d.conclude(x**2 + 2 * x + 1 + sp.Rational(1, 10**20) * x, [x]).conclusion_matches


def test_conclusion_is_never_obtained_by_integrating_the_last_step():
    lam = sp.Symbol("lam", positive=True)
    d = Derivation("demo.integral", "an integral left unevaluated")
    d.step("linear", sp.Integral(2 * lam, (lam, 0, 1)), sp.Integral(lam + lam, (lam, 0, 1)))
    # true (the integral is 1), but no step evaluates it: the conclusion does not follow
    assert not d.conclude(sp.Integer(1), []).conclusion_matches
    assert d.conclude(sp.Integral(lam + lam, (lam, 0, 1)), []).conclusion_matches


def test_relation_conclusion_must_be_the_last_step():
    d = Derivation("demo.rel", "an inequality")
    d.step("am-gm", 2 * x * y, x**2 + y**2, relation="<=", certificate=(x - y) ** 2)
    assert d.conclude(sp.Le(2 * x * y, x**2 + y**2), []).is_proof
    assert not d.conclude(sp.Le(2 * x * y, x**2 + y**2 - 1), []).is_proof
    assert not d.conclude(sp.Ge(2 * x * y, x**2 + y**2), []).is_proof


def test_expected_failures_and_numeric_steps_spoil_is_proof():
    d = Derivation("demo.mixed", "a proof with a recorded failure")
    d.step("bad", (x + 1) ** 2, x**2 + 1, witness={x: 1}, expected_to_fail=True, reason="drops 2x")
    d.step("square", (x + 1) ** 2, x**2 + 2 * x + 1)
    d.conclude(x**2 + 2 * x + 1, [x])
    assert d.ok and not d.is_proof


def test_proves_must_be_strings():
    with pytest.raises(TypeError):
        Derivation("demo.bad", "bad", proves=(3,))


# ------------------------------------------------------------------ true steps still pass

TRUE_STEPS = {
    "square": dict(lhs=(x + 1) ** 2, rhs=x**2 + 2 * x + 1),
    "sqrt(x^2) = x for x > 0 as a relation": dict(lhs=sp.sqrt(x**2), rhs=x, assumptions=(x > 0,)),
    "sqrt(xy) = sqrt(x)sqrt(y), x, y > 0": dict(lhs=sp.sqrt(x * y), rhs=sp.sqrt(x) * sp.sqrt(y),
                                                 assumptions=(x > 0, y > 0)),
    "geometric series for 0 < z < 1": dict(lhs=sp.Sum(z**k, (k, 0, sp.oo)), rhs=1 / (1 - z), assumptions=(z < 1,)),
    "integral of exp(-a t), a > 0": dict(lhs=sp.Integral(sp.exp(-a_pos * t), (t, 0, sp.oo)), rhs=1 / a_pos),
    "AM-GM by certificate": dict(lhs=2 * x * y, rhs=x**2 + y**2, relation="<=", certificate=(x - y) ** 2),
    "1 - lambda >= 0 on [0, 1]": dict(lhs=1 - lam, rhs=0, relation=">=", assumptions=(lam >= 0, lam <= 1)),
    "lambda(1 - lambda) <= 1/4": dict(lhs=lam * (1 - lam), rhs=sp.Rational(1, 4), relation="<=",
                                      certificate=(lam - sp.Rational(1, 2)) ** 2),
}


@pytest.mark.parametrize("name", sorted(TRUE_STEPS))
def test_true_step_is_proved(name):
    spec = dict(TRUE_STEPS[name])
    st = _check(name, spec.pop("lhs"), spec.pop("rhs"), **spec)
    assert st.is_proof, (st.grade, st.method)


# ------------------------------------------------------------------ named rules

X = vectors("x")
XBAR = vector("xbar")
SIG = rademacher("sigma")
PI = permutation("pi")
i, j = sp.symbols("i j", integer=True)
n = sp.Symbol("n", integer=True, positive=True)
c = sp.Symbol("c", real=True)
A, B = vector("a"), vector("b")
V = sp.Sum(SIG[i] * X[i], (i, 1, n))


def _d() -> Derivation:
    return Derivation("demo.rules", "rules", domain=(lam >= 0, lam <= 1))


GOOD_RULES = {
    "triangle": dict(rule="triangle", lhs=Norm(A + B), rhs=Norm(A) + Norm(B), a=A, b=B),
    "triangle, written as >=": dict(rule="triangle", lhs=Norm(A) + Norm(B), rhs=Norm(A + B), relation=">=", a=A, b=B),
    "reverse triangle": dict(rule="reverse-triangle", lhs=Norm(A) - Norm(B), rhs=Norm(A - B), a=A, b=B),
    "homogeneity": dict(rule="homogeneity", lhs=Norm(c * A), rhs=sp.Abs(c) * Norm(A), relation="=", c=c, a=A),
    "cauchy-schwarz": dict(rule="cauchy-schwarz", lhs=Dot(A, B), rhs=Norm(A) * Norm(B), a=A, b=B),
    "jensen": dict(rule="jensen-sqrt", lhs=Expect(Norm(V), SIG), rhs=sp.sqrt(Expect(Norm(V) ** 2, SIG)),
                   Y=Norm(V) ** 2, over=SIG),
    "second moment": dict(rule="rademacher-second-moment", lhs=Expect(Norm(V) ** 2, SIG),
                          rhs=sp.Sum(Norm(X[i]) ** 2, (i, 1, n)), relation="=", y=X[i], i=i, n=n, sigma=SIG),
}

MISAPPLIED_RULES = {
    "triangle reversed": dict(rule="triangle", lhs=Norm(A) + Norm(B), rhs=Norm(A + B), a=A, b=B),
    "triangle on other vectors": dict(rule="triangle", lhs=Norm(A + B), rhs=Norm(A) + Norm(B), a=A, b=2 * B),
    "triangle as an equality": dict(rule="triangle", lhs=Norm(A + B), rhs=Norm(A) + Norm(B), relation="=", a=A, b=B),
    "reverse triangle with a sum": dict(rule="reverse-triangle", lhs=Norm(A) - Norm(B), rhs=Norm(A + B), a=A, b=B),
    "homogeneity without |c|": dict(rule="homogeneity", lhs=Norm(c * A), rhs=c * Norm(A), relation="=", c=c, a=A),
    "homogeneity with a vector factor": dict(rule="homogeneity", lhs=Norm(A), rhs=Norm(A), relation="=", c=B, a=A),
    "cauchy-schwarz reversed": dict(rule="cauchy-schwarz", lhs=Norm(A) * Norm(B), rhs=Dot(A, B), a=A, b=B),
    "jensen the wrong way": dict(rule="jensen-sqrt", lhs=sp.sqrt(Expect(Norm(V) ** 2, SIG)), rhs=Expect(Norm(V), SIG),
                                 Y=Norm(V) ** 2, over=SIG),
    "jensen for a possibly negative argument": dict(rule="jensen-sqrt", lhs=Expect(sp.sqrt(SIG[1] * x), SIG),
                                                    rhs=sp.sqrt(Expect(SIG[1] * x, SIG)), Y=SIG[1] * x, over=SIG),
    "second moment with sigma-dependent vectors": dict(rule="rademacher-second-moment",
                                                       lhs=Expect(Norm(sp.Sum(SIG[i] ** 2 * X[i], (i, 1, n))) ** 2, SIG),
                                                       rhs=sp.Sum(Norm(SIG[i] * X[i]) ** 2, (i, 1, n)), relation="=",
                                                       y=SIG[i] * X[i], i=i, n=n, sigma=SIG),
    "second moment over a permutation": dict(rule="rademacher-second-moment", lhs=Expect(Norm(V) ** 2, PI),
                                             rhs=sp.Sum(Norm(X[i]) ** 2, (i, 1, n)), relation="=", y=X[i], i=i, n=n,
                                             sigma=PI),
    "second moment dropping cross terms of a mean": dict(rule="rademacher-second-moment",
                                                         lhs=Expect(Norm(V + XBAR) ** 2, SIG),
                                                         rhs=sp.Sum(Norm(X[i]) ** 2, (i, 1, n)), relation="=",
                                                         y=X[i], i=i, n=n, sigma=SIG),
}


@pytest.mark.parametrize("name", sorted(GOOD_RULES))
def test_correct_rule_instance_is_proved(name):
    spec = dict(GOOD_RULES[name])
    st = apply_rule(_d(), name, spec.pop("rule"), spec.pop("lhs"), spec.pop("rhs"), spec.pop("relation", "<="), **spec)
    assert st.is_proof and st.grade == "rule", st.method


@pytest.mark.parametrize("name", sorted(MISAPPLIED_RULES))
def test_misapplied_rule_is_rejected(name):
    spec = dict(MISAPPLIED_RULES[name])
    st = apply_rule(_d(), name, spec.pop("rule"), spec.pop("lhs"), spec.pop("rhs"), spec.pop("relation", "<="), **spec)
    assert not st.is_proof and "misapplied" in st.method, st.method


def test_premise_rules_need_proved_premises():
    d = _d()
    d.step("numeric", sp.sin(x) ** 2 + sp.cos(x) ** 2, 1, check="numeric", points=[{x: 1}])   # not a proof
    st = apply_rule(d, "E", "monotone-expectation", sp.sin(x) ** 2 + sp.cos(x) ** 2, 1, "=",
                    premise="numeric", over=SIG)
    assert not st.is_proof
    apply_rule(d, "tri", "triangle", Norm(A + B), Norm(A) + Norm(B), a=A, b=B)
    bad = apply_rule(d, "E wrong", "monotone-expectation", Expect(Norm(A + B), SIG), Expect(Norm(A), SIG),
                     premise="tri", over=SIG)
    assert not bad.is_proof
    good = apply_rule(d, "E ok", "monotone-expectation", Expect(Norm(A + B), SIG), Expect(Norm(A) + Norm(B), SIG),
                      premise="tri", over=SIG)
    assert good.is_proof


def test_combine_checks_coefficients_and_remainder():
    d = _d()
    apply_rule(d, "tri", "triangle", Norm(A + B), Norm(A) + Norm(B), a=A, b=B)
    neg = apply_rule(d, "negative coefficient", "combine", -Norm(A + B), -Norm(A) - Norm(B), premises=[("tri", -1)])
    assert not neg.is_proof
    off = apply_rule(d, "remainder off", "combine", Norm(A + B), Norm(A), premises=[("tri", 1)])
    assert not off.is_proof
    ok = apply_rule(d, "with slack", "combine", Norm(A + B), Norm(A) + Norm(B) + 1, premises=[("tri", 1)])
    assert ok.is_proof
    lam_coef = apply_rule(d, "times 1-λ", "combine", (1 - lam) * Norm(A + B), (1 - lam) * (Norm(A) + Norm(B)),
                          premises=[("tri", 1 - lam)])
    assert lam_coef.is_proof                                   # 1 − λ ≥ 0 on the derivation's domain [0, 1]
    d2 = Derivation("demo.wide", "λ ∈ [0, 2]", domain=(lam >= 0, lam <= 2))
    apply_rule(d2, "tri", "triangle", Norm(A + B), Norm(A) + Norm(B), a=A, b=B)
    wide = apply_rule(d2, "times 1-λ", "combine", (1 - lam) * Norm(A + B), (1 - lam) * (Norm(A) + Norm(B)),
                      premises=[("tri", 1 - lam)])
    assert not wide.is_proof


def test_convexity_and_partner_mean_need_their_premises():
    d = _d()
    define(d, "mean", XBAR, sp.Sum(X[j], (j, 1, n)) / n)
    bad_pm = apply_rule(d, "pm on σ", "partner-mean", Expect(X[SIG[i]], SIG), XBAR, "=", x=X, i=i, j=j, n=n, pi=SIG,
                        mean=XBAR, definition="mean")
    assert not bad_pm.is_proof
    pm = apply_rule(d, "pm", "partner-mean", Expect(X[PI[i]], PI), XBAR, "=", x=X, i=i, j=j, n=n, pi=PI, mean=XBAR,
                    definition="mean")
    assert pm.is_proof
    mixed = lam * X[i] + (1 - lam) * X[PI[i]]
    surr = lam * X[i] + (1 - lam) * XBAR
    apply_rule(d, "E mixed", "combine", Expect(mixed, PI), surr, "=", premises=[("pm", 1 - lam)])
    Lam = sp.Symbol("Lambda", positive=True)
    wrong_mean = apply_rule(d, "convexity, wrong mean", "convexity-rhat", rhat(X[i], i, n, SIG, Lam),
                            Expect(rhat(mixed, i, n, SIG, Lam), PI), sample=mixed, mean_sample=X[i], i=i, n=n,
                            sigma=SIG, Lam=Lam, pi=PI, premise="E mixed")
    assert not wrong_mean.is_proof
    reversed_ = apply_rule(d, "convexity reversed", "convexity-rhat", Expect(rhat(mixed, i, n, SIG, Lam), PI),
                           rhat(surr, i, n, SIG, Lam), sample=mixed, mean_sample=surr, i=i, n=n, sigma=SIG, Lam=Lam,
                           pi=PI, premise="E mixed")
    assert not reversed_.is_proof
    ok = apply_rule(d, "convexity", "convexity-rhat", rhat(surr, i, n, SIG, Lam), Expect(rhat(mixed, i, n, SIG, Lam), PI),
                    sample=mixed, mean_sample=surr, i=i, n=n, sigma=SIG, Lam=Lam, pi=PI, premise="E mixed")
    assert ok.is_proof


def test_an_edited_rule_step_is_checked_again_by_its_rule_against_the_steps_before_it():
    d = _d()
    define(d, "m", sp.Symbol("m"), X[i] + X[j])
    apply_rule(d, "tri", "triangle", Norm(A + B), Norm(A) + Norm(B), a=A, b=B)
    apply_rule(d, "slack", "combine", Norm(A + B), Norm(A) + Norm(B) + 1, premises=[("tri", 1)])
    apply_rule(d, "hom", "homogeneity", Norm(c * A), sp.Abs(c) * Norm(A), "=", c=c, a=A)
    d.conclude(sp.Abs(c) * Norm(A), ())
    for st in d.steps:  # unedited: the same verdict, grade and method as the original
        again = d.replace_step(st.name).get_step(st.name)
        assert (again.holds, again.grade, again.method) == (st.holds, st.grade, st.method), st.name
    assert not d.replace_step("hom", rhs=c * Norm(A)).get_step("hom").is_proof            # |c| dropped
    assert not d.replace_step("tri", b=2 * B).get_step("tri").is_proof                   # another instance
    assert not d.replace_step("tri", relation="=").get_step("tri").is_proof             # not an equality
    assert not d.replace_step("slack", rhs=Norm(A)).get_step("slack").is_proof          # remainder off
    assert d.replace_step("slack", rhs=Norm(A) + Norm(B) + 2).get_step("slack").is_proof  # more slack still holds
    # a premise is looked up among the steps before it, as when the step was first checked
    with pytest.raises(KeyError, match="no step named 'hom' \\(steps: \\['m', 'tri'\\]\\)"):
        d.replace_step("slack", premises=[("hom", 1)])
    with pytest.raises(ValueError, match="takes changes of lhs, rhs and"):
        d.replace_step("tri", simplify=("expand",))
    with pytest.raises(ValueError, match="\\['note'\\]"):
        d.replace_step("m", premise="tri")


def test_definition_needs_a_fresh_symbol_and_substitution_avoids_capture():
    d = _d()
    d.step("uses s", sp.Symbol("s") + 1, 1 + sp.Symbol("s"))
    assert not define(d, "s := 2", sp.Symbol("s"), 2).is_proof
    define(d, "m", sp.Symbol("m"), X[i])            # m depends on the free index i
    s = sp.Sum(sp.Symbol("m") * SIG[i], (i, 1, n))
    st = apply_rule(d, "capture", "substitution", s, sp.Sum(X[i] * SIG[i], (i, 1, n)), "=", premise="m", expr=s)
    assert not st.is_proof


def test_vector_objects_refuse_nonsense():
    with pytest.raises(TypeError):
        Norm(A * B)
    with pytest.raises(TypeError):
        Expect(x, sp.IndexedBase("q"))
    with pytest.raises(ValueError):
        apply_rule(_d(), "r", "no-such-rule", 0, 0)


def test_index_names_do_not_matter_and_are_never_captured():
    from mixcheck.derivation_rules import canonical
    s1 = sp.Sum(sp.Sum(Dot(X[i], X[j]), (j, 1, n)), (i, 1, n))
    s2 = Dot(sp.Sum(X[j], (j, 1, n)), sp.Sum(X[i], (i, 1, n)))
    assert canonical(s1 - s2) == 0
    diag = sp.Sum(Dot(X[i], X[i]), (i, 1, n))
    assert canonical(s1 - diag) != 0


@pytest.mark.derivations
def test_thm2_proofs_are_proofs():
    from mixcheck import proofs
    for id_, claim in [("lin.thm2-total-variance", "thm2/total-variance-surrogate"),
                       ("lin.thm2-total-variance-real-mixup", "thm2/total-variance-real-mixup")]:
        d = proofs.get(id_)
        assert d.is_proof and claim in d.proves
        assert {s.grade for s in d.steps} <= {"symbolic", "rule", "definition", "certificate", "sign"}


def test_differentiation_under_the_integral_is_never_silent():
    th = sp.Symbol("theta", real=True)
    u = sp.Symbol("u", real=True)
    inner = sp.Integral(sp.exp(-u**2 + th * u), (u, -sp.oo, sp.oo))
    st = _check("silent Leibniz", sp.Derivative(inner, th), sp.Integral(u * sp.exp(-u**2 + th * u), (u, -sp.oo, sp.oo)))
    assert not st.is_proof
    d = _d()
    moving = sp.Integral(sp.exp(th * u), (u, 0, th))
    bad = apply_rule(d, "moving limit", "leibniz", sp.Derivative(moving, th), sp.Integral(u * sp.exp(th * u), (u, 0, th)),
                     "=", integral=moving, var=th)
    assert not bad.is_proof
    good = apply_rule(d, "fixed limits", "leibniz", sp.Derivative(inner, th),
                      sp.Integral(u * sp.exp(-u**2 + th * u), (u, -sp.oo, sp.oo)), "=", integral=inner, var=th)
    assert good.is_proof
