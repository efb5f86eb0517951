"""The derivation machinery (mixcheck.derivation): how steps are checked, recorded and rendered.

No Monte-Carlo here: every check is exact or a deterministic numeric comparison (false-alarm
rate 0 for the whole file).
"""

from __future__ import annotations

import json

import numpy as np
import pytest
import sympy as sp

from mixcheck.derivation import Derivation, evaluate, numeric_value

x = sp.Symbol("x", real=True)
a = sp.Symbol("a", positive=True)
t = sp.Symbol("t", positive=True)


def test_identity_step_holds_and_has_no_residual():
    d = Derivation("demo.square", "a square")
    s = d.step("expand", (x + 1) ** 2, x**2 + 2 * x + 1)
    assert s.holds is True and s.residual is None and s.ok
    assert "reduces to 0" in s.method


def test_false_step_without_witness_is_undecided_and_not_ok():
    d = Derivation("demo.false", "a false step")
    s = d.step("wrong", (x + 1) ** 2, x**2 + 1)
    assert s.holds is None and not s.ok
    assert sp.expand(s.residual - 2 * x) == 0
    d.conclude(x, (x,))
    assert not d.ok and d.unexpected() == [s]


def test_false_step_with_witness_is_refuted_and_ok_when_expected():
    d = Derivation("demo.xfail", "an expected failure")
    s = d.step("dropped cross term", (x + 1) ** 2, x**2 + 1, witness={x: 1}, expected_to_fail=True,
               reason="drops 2x", expected_residual=2 * x)
    assert s.holds is False and s.ok and s.witness == {"x": "1"} and s.status == "fails (as expected)"
    d.conclude(x, (x,))
    assert d.ok


def test_expected_failure_with_a_different_residual_is_not_ok():
    d = Derivation("demo.xfail2", "wrong recorded residual")
    s = d.step("dropped", (x + 1) ** 2, x**2 + 1, witness={x: 1}, expected_to_fail=True,
               reason="drops 2x", expected_residual=3 * x)
    assert s.holds is False and not s.ok


def test_expected_failure_that_holds_is_not_ok():
    d = Derivation("demo.xpass", "a step that was expected to fail but holds")
    s = d.step("fine", (x + 1) ** 2, x**2 + 2 * x + 1, expected_to_fail=True, reason="thought wrong")
    assert s.holds is True and not s.ok and s.status == "holds"


def test_expected_failure_needs_a_reason():
    with pytest.raises(ValueError, match="reason"):
        Derivation("demo", "d").step("s", x, x + 1, expected_to_fail=True)


def test_a_witness_where_the_step_happens_to_hold_does_not_refute():
    d = Derivation("demo.w", "witness at a root")
    s = d.step("x² = x", x**2, x, witness={x: 1})
    assert s.holds is None and s.witness is None


def test_integrals_are_evaluated_by_sympy_and_cross_checked_by_quadrature():
    d = Derivation("demo.int", "an integral")
    s = d.step("exp integral", sp.Integral(sp.exp(-a * t), (t, 0, sp.oo)), 1 / a,
               points=[{a: sp.Rational(1, 2)}, {a: 3}])
    assert s.holds is True and "integrals/sums evaluated by SymPy" in s.method and "cross-check" in s.method


def test_wrong_closed_form_of_an_integral_fails():
    d = Derivation("demo.int2", "a wrong integral")
    s = d.step("exp integral", sp.Integral(sp.exp(-a * t), (t, 0, sp.oo)), 2 / a, witness={a: 1})
    assert s.holds is False and not s.ok


def test_numeric_step_is_recorded_as_numeric_and_catches_an_error():
    d = Derivation("demo.num", "numeric")
    good = d.step("gauss", sp.Integral(sp.exp(-(t**2)), (t, 0, sp.oo)), sp.sqrt(sp.pi) / 2, check="numeric",
                  points=[{}])
    assert good.holds is True and good.method.startswith("numeric") and "not a symbolic proof" in good.method
    bad = d.step("gauss wrong", sp.Integral(sp.exp(-(t**2)), (t, 0, sp.oo)), sp.sqrt(sp.pi) / 2 + 1e-9,
                 check="numeric", points=[{}])
    assert bad.holds is False and bad.witness == {}


def test_numeric_step_needs_points():
    with pytest.raises(ValueError, match="points"):
        Derivation("demo", "d").step("s", x, x, check="numeric")


def test_quadrature_splits_at_kinks():
    lam = sp.Symbol("lambda", positive=True)
    v = numeric_value(sp.Integral(sp.Abs(lam - sp.Rational(1, 3)), (lam, 0, 1)), {}, 25)
    assert abs(v - sp.Rational(5, 18)) < 1e-20


def test_inequality_with_certificate_is_proved():
    d = Derivation("demo.ineq", "AM-GM")
    p, q = sp.symbols("p q", nonnegative=True)
    s = d.step("am-gm", 2 * sp.sqrt(p) * sp.sqrt(q), p + q, relation="<=", certificate=(sp.sqrt(p) - sp.sqrt(q)) ** 2)
    assert s.holds is True and "certificate" in s.method


def test_inequality_with_a_wrong_certificate_is_not_proved():
    d = Derivation("demo.ineq2", "wrong certificate")
    p, q = sp.symbols("p q", nonnegative=True)
    s = d.step("am-gm", 2 * sp.sqrt(p) * sp.sqrt(q), p + q, relation="<=", certificate=p)
    assert s.holds is not True


def test_inequality_refuted_at_a_witness_and_by_search():
    d = Derivation("demo.ineq3", "false inequality")
    s = d.step("x ≤ x²", x, x**2, relation="<=", witness={x: sp.Rational(1, 2)}, expected_to_fail=True,
               reason="false on (0, 1)")
    assert s.holds is False and s.ok and s.witness == {"x": "1/2"}
    s2 = d.step("x ≤ x² (search)", x, x**2, relation="<=", points=[{x: 2}, {x: sp.Rational(1, 3)}])
    assert s2.holds is False and s2.witness == {"x": "1/3"}


def test_inequality_numeric_search_without_violation_is_labelled_as_such():
    d = Derivation("demo.ineq4", "search")
    s = d.step("|sin| ≤ 1", sp.Abs(sp.sin(x)), 1, relation="<=", points=[{x: k} for k in range(-5, 6)])
    assert s.holds is True and s.method.startswith("numeric search")


def test_strict_inequality_decided_by_assumptions():
    d = Derivation("demo.strict", "positivity")
    s = d.step("e^x > 0", sp.exp(x), 0, relation=">")
    assert s.holds is True


def test_matrix_steps():
    d = Derivation("demo.mat", "matrices")
    M = sp.Matrix([[x, 1], [1, x]])
    assert d.step("square", M * M, sp.Matrix([[x**2 + 1, 2 * x], [2 * x, x**2 + 1]])).holds is True
    s = d.step("wrong", M * M, sp.Matrix([[x**2, 2 * x], [2 * x, x**2 + 1]]), witness={x: 0},
               expected_to_fail=True, reason="entry (1,1) is off by 1")
    assert s.holds is False and s.ok


def test_derivatives_and_limits_are_evaluated():
    d = Derivation("demo.calc", "calculus")
    assert d.step("d/dx", sp.Derivative(sp.sin(x) ** 2, x), sp.sin(2 * x)).holds is True
    assert d.step("limit", sp.Limit(sp.sin(x) / x, x, 0), 1).holds is True


def test_evaluate_reports_sympy_conditions():
    z = sp.Symbol("z", positive=True)
    k = sp.Symbol("k", integer=True, nonnegative=True)
    notes: list[str] = []
    val = evaluate(sp.Sum(z**k, (k, 0, sp.oo)), notes)
    assert sp.simplify(val - 1 / (1 - z)) == 0 and any("z < 1" in n for n in notes)


def test_duplicate_step_names_rejected():
    d = Derivation("demo.dup", "dup")
    d.step("s", x, x)
    with pytest.raises(ValueError, match="duplicate"):
        d.step("s", x, x)


def test_not_ok_without_a_result():
    d = Derivation("demo.noresult", "no result")
    d.step("s", x, x)
    assert not d.ok


def test_result_callable_scalars_arrays_and_matrices():
    d = Derivation("demo.call", "callable")
    d.step("s", x, x)
    d.conclude(sp.gamma(a) * x, (a, x))
    f = d.result_callable
    assert f(3.0, 2.0) == pytest.approx(4.0)
    assert isinstance(f(3.0, 2.0), float)
    np.testing.assert_allclose(f(np.array([1.0, 2.0, 3.0]), 1.0), [1.0, 1.0, 2.0])
    assert f(2000.0, 0.0) == 0.0  # mpmath: no overflow in the intermediate gamma
    with pytest.raises(TypeError, match="argument"):
        f(1.0)
    d.conclude(sp.Matrix([[a, x], [x, a]]), (a, x))
    np.testing.assert_allclose(d.result_callable(1.0, 2.0), [[1.0, 2.0], [2.0, 1.0]])


def test_replace_step_rechecks_and_shares_the_rest():
    d = Derivation("demo.replace", "replace")
    s1 = d.step("first", (x + 1) ** 2, x**2 + 2 * x + 1)
    d.step("second", x * (x + 1), x**2 + x)
    d.conclude(x**2, (x,))
    e = d.replace_step("second", rhs=x**2 + 2 * x, witness={x: 1})
    assert d.ok and not e.ok
    assert e.steps[0] is s1 and e.get_step("second").holds is False
    with pytest.raises(KeyError):
        d.replace_step("third", rhs=x)


def _demo() -> Derivation:
    d = Derivation("demo.render", "rendering | with a pipe", summary="s", assumptions=["x real"], source="eq. (1)")
    d.step("expand | square", (x + 1) ** 2, x**2 + 2 * x + 1, assumptions=["any x"])
    d.step("dropped", (x + 1) ** 2, x**2 + 1, witness={x: 1}, expected_to_fail=True, reason="drops 2x",
           expected_residual=2 * x)
    return d.conclude(x**2 + 1, (x,))


def test_to_dict_matches_the_json_schema_and_round_trips():
    d = _demo().to_dict()
    assert {"id", "title", "steps", "result"} <= set(d)
    for s in d["steps"]:
        assert {"lhs", "rhs", "latex", "holds", "residual"} <= set(s)
    assert sp.sympify(d["result"]) == x**2 + 1 or sp.srepr(x**2 + 1) == d["result"]
    assert eval(d["result"], sp.__dict__.copy()) == x**2 + 1  # srepr re-creates the expression
    assert d["steps"][1]["holds"] is False and d["steps"][1]["residual"] == "2*x"
    json.dumps(d)


def test_markdown_and_latex_render_every_step():
    d = _demo()
    md, tex = d.to_markdown(), d.to_latex()
    assert "`demo.render`" in md and md.count("\n| ") >= 3 and r"\|" in md
    assert "fails (as expected)" in md and "drops 2x" in md
    assert r"\subsection*" in tex and tex.count(r"\item") == 2 and "drops 2x" in tex
