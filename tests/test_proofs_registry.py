"""Every derivation in proofs/ is a test: each step holds, or fails exactly as recorded.

Also: the ids other code relies on are stable, edited closed forms make the checks fail, and
``python -m mixcheck.proofs`` writes the JSON schema and signals failures through its exit status.
No Monte-Carlo in this file (false-alarm rate 0); the derivations' own numeric cross-checks
are deterministic quadratures.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest
import sympy as sp

from mixcheck import proofs
import mixcheck.proofs.bounds_linear
import mixcheck.proofs.bounds_network
import mixcheck.proofs.expfam_general
from mixcheck import derivation_rules as dr
from mixcheck.proofs import beta_moments as bm
from mixcheck.proofs import exponential_families as ef
from mixcheck.proofs.__main__ import main as proofs_main

#: these tests read the proofs' derivations (built once per session; see tests/conftest.py)
pytestmark = pytest.mark.derivations

ROOT = Path(__file__).resolve().parents[1]

# Ids other modules (the claims work) import; renaming one is a breaking change.
STABLE_IDS = [
    "beta.normaliser", "beta.general-moments", "beta.moments", "beta.mean", "beta.var",
    "beta.second-moment", "beta.one-minus-second-moment", "beta.cross-moment", "beta.mix-weight",
    "beta.abs-deviation", "beta.min-weight",
    *(f"expfam.{k}" for k in ("bernoulli", "binomial", "poisson", "geometric", "exponential", "gamma",
                              "gaussian-known-sigma", "gaussian", "categorical", "categorical-overcomplete", "beta")),
    "mixup.surrogate-mean", "mixup.surrogate-variance", "mixup.pair-mean", "mixup.pair-variance",
    "mixup.surrogate-variance-random-lambda", "mixup.pair-variance-random-lambda",
    "mixup.surrogate-covariance", "mixup.pair-covariance", "mixup.surrogate-covariance-random-lambda",
    "mixup.pair-covariance-random-lambda", "mixup.eq33",
    "thm2.eq18", "thm2.eq19-expansion", "thm2.eq20", "thm2.s2-readings", "thm3.chain",
    *proofs.bounds_linear.DERIVATIONS,
    *proofs.bounds_network.DERIVATIONS,
    *proofs.expfam_general.DERIVATIONS,
]

# The paper's steps recorded as failing: (derivation id, step name).
EXPECTED_FAILURES = {
    ("mixup.pair-variance", "paper eq. (33) read with a random partner: = λ²Var(x)"),
    ("mixup.eq33", "exponential: λ²Var(x) = λ²ψ(θ) (as printed)"),
    ("mixup.eq33", "gaussian-known-sigma: λ²Var(x) = λ²ψ(θ) (as printed)"),
    ("thm2.eq18", "paper: sup = Λ‖Σσ_i x_i‖₂² (as printed)"),
    ("thm2.eq19-expansion", "paper: Σ‖λx_i + (1-λ)x̄‖² = Σ(‖λx_i‖² + ‖(1-λ)x̄‖²) (as an equality)"),
    ("thm2.eq19-expansion", "paper: (Σ‖λx_i + (1-λ)x̄‖²)^{1/2} ≤ (Σ(‖λx_i‖² + ‖(1-λ)x̄‖²))^{1/2} (as printed)"),
    ("thm2.eq20", "radicand comparison: A − (λ²A + (1-λ)²B) ≤ (1-λ)²(A − B)"),
    ("thm2.eq20", "paper: √A − √(λ²A + (1-λ)²B) ≤ |1-λ|·√(A − B) (first line of (20))"),
    ("thm2.s2-readings", "s² = variance of the norms ‖x_i‖: (1/n)Σ‖x_i‖² = s² + ‖x̄‖²"),
    ("thm2.s2-readings", "s² = unbiased sample variance (n−1): (1/n)Σ‖x_i‖² = s² + ‖x̄‖²"),
    ("thm3.chain", "paper: max_i|‖μ+ε_i‖ − ‖x̄‖| ≤ max_i|‖μ‖ + ‖ε_i‖ − ‖x̄‖| (as printed)"),
    ("thm3.chain", "paper: max_i|‖μ‖ + ‖ε_i‖ − ‖x̄‖| = max_i‖ε_i‖ (as printed)"),
    ("expfam.gaussian-psi-lambda", "eq. (26), original θ: ψ_λ''(θ) = λ²ψ''(θ)"),
}


def test_stable_ids_present_and_unique():
    ids = proofs.ids()
    assert len(ids) == len(set(ids))
    assert set(ids) == set(STABLE_IDS), "a new derivation id must be added to STABLE_IDS (so that it is tested)"


@pytest.mark.parametrize("did", STABLE_IDS)
def test_derivation_checks(did):
    d = proofs.get(did)
    bad = [(s.name, s.status, s.method, str(s.residual)[:200]) for s in d.unexpected()]
    assert d.ok, f"{did}: steps not as recorded: {bad}"
    assert d.result is not None and (d.result_args or isinstance(d.result, sp.Rel))
    for s in d.steps:
        if s.expected_to_fail:
            assert s.holds is False and s.witness is not None, f"{did}/{s.name}: expected failures carry a witness"
        if s.method.startswith("numeric"):
            assert "not a symbolic proof" in s.method, f"{did}/{s.name}: numeric checks say so"


def test_the_recorded_failures_are_exactly_the_papers_failing_steps():
    recorded = {(d.id, s.name) for d in proofs.all_derivations() for s in d.steps if s.expected_to_fail}
    assert recorded == EXPECTED_FAILURES


def test_failing_steps_carry_the_residuals_verified_by_hand():
    lam = sp.Symbol("lambda", real=True)
    eq19 = proofs.get("thm2.eq19-expansion").get_step(
        "paper: Σ‖λx_i + (1-λ)x̄‖² = Σ(‖λx_i‖² + ‖(1-λ)x̄‖²) (as an equality)")
    from mixcheck.proofs.theorem_algebra import XBAR, A, N
    nxbar2 = N * sum(c**2 for c in XBAR)
    assert sp.expand(eq19.residual - 2 * lam * (1 - lam) * nxbar2) == 0
    rad = proofs.get("thm2.eq20").get_step("radicand comparison: A − (λ²A + (1-λ)²B) ≤ (1-λ)²(A − B)")
    assert sp.expand(rad.residual - 2 * lam * (1 - lam) * A) == 0


def test_paper_section6_values_hold():
    for did, step in [("beta.mean", "paper: α/(α+α) = 1/2"), ("beta.var", "paper: = 1/(4(2α+1))"),
                      ("beta.var", "paper: Var(λ) = α²/((α+α)²(α+α+1))")]:
        assert proofs.get(did).get_step(step).holds is True


# ------------------------------------------------------------------------------------
# an edited closed form must make the checks fail


def test_editing_a_closed_form_step_fails():
    d = proofs.get("beta.var")
    edited = d.replace_step("paper: = 1/(4(2α+1))", rhs=1 / (4 * (2 * bm.alpha + 2)), witness={bm.alpha: 1})
    assert d.ok and not edited.ok
    assert edited.get_step("paper: = 1/(4(2α+1))").holds is False


def test_editing_an_integral_value_fails_the_quadrature_and_symbolic_checks():
    d = proofs.get("beta.second-moment")
    edited = d.replace_step("definition", rhs=(bm.alpha + 2) / (2 * (2 * bm.alpha + 1)))
    assert not edited.ok


def test_monkeypatched_module_constant_fails_the_rebuilt_derivation(monkeypatch):
    monkeypatch.setattr(bm, "VARIANCE", 1 / (4 * (2 * bm.alpha)))
    assert not bm._var().ok
    monkeypatch.setattr(bm, "ABS_DEVIATION", bm.ABS_DEVIATION * 2)
    assert not bm._abs_dev().ok


def test_monkeypatched_textbook_form_fails_the_rebuilt_family():
    fam = ef.family("poisson")
    wrong = dataclasses.replace(fam, textbook_psi=sp.exp(2 * fam.theta[0]) / 2)
    d = ef.build(wrong)
    assert not d.ok and d.get_step("psi").holds is not True


def test_making_a_recorded_failure_true_is_flagged():
    d = proofs.get("thm2.eq19-expansion")
    name = "paper: Σ‖λx_i + (1-λ)x̄‖² = Σ(‖λx_i‖² + ‖(1-λ)x̄‖²) (as an equality)"
    s = d.get_step(name)
    fixed = d.replace_step(name, rhs=s.lhs)
    assert not fixed.ok and fixed.get_step(name).holds is True


# ------------------------------------------------------------------------------------
# the command line


def test_cli_writes_the_json_schema(tmp_path, capsys):
    out = tmp_path / "sub" / "proofs.json"
    assert proofs_main(["--json", str(out), "--quiet"]) == 0
    assert "0 not OK" in capsys.readouterr().out
    data = json.loads(out.read_text())
    assert [d["id"] for d in data["derivations"]] == proofs.ids()
    for d in data["derivations"]:
        assert {"id", "title", "steps", "result"} <= set(d)
        ns = sp.__dict__.copy()
        ns.update(Norm=dr.Norm, Dot=dr.Dot, Expect=dr.Expect, MaxOver=dr.MaxOver)
        result = proofs.get(d["id"]).result
        assert sp.srepr(result) == d["result"]
        # a relation such as Eq(a, a') re-evaluates to True when rebuilt: round-trip its sides
        for part in ((result.lhs, result.rhs) if isinstance(result, sp.Rel) else (result,)):
            assert sp.srepr(eval(sp.srepr(part), ns)) == sp.srepr(part)
        for s in d["steps"]:
            assert {"lhs", "rhs", "latex", "holds", "residual"} <= set(s)
    assert not list(out.parent.glob(".proofs.json.*")), "no temporary file left behind"
    assert proofs_main(["--only", "thm2.eq19-expansion", "--markdown", str(tmp_path / "p.md"),
                        "--latex", str(tmp_path / "p.tex"), "--quiet"]) == 0
    assert "`thm2.eq19-expansion`" in (tmp_path / "p.md").read_text()
    assert r"\subsection*{\texttt{thm2.eq19-expansion}" in (tmp_path / "p.tex").read_text()


def test_cli_exits_nonzero_on_an_unexpected_failure(monkeypatch, tmp_path, capsys):
    broken = proofs.get("beta.var").replace_step("simplified", rhs=bm.alpha)
    monkeypatch.setattr(proofs, "all_derivations", lambda: [proofs.get("beta.mean"), broken])
    assert proofs_main(["--json", str(tmp_path / "p.json")]) == 1
    captured = capsys.readouterr()
    assert "NOT OK: beta.var / simplified" in captured.err and "[FAIL] simplified" in captured.out
    assert json.loads((tmp_path / "p.json").read_text())["derivations"][1]["ok"] is False


@pytest.mark.slow
def test_python_dash_m_proofs_from_a_fresh_process(tmp_path):
    out = tmp_path / "p.json"
    r = subprocess.run([sys.executable, "-m", "mixcheck.proofs", "--json", str(out), "--quiet"], cwd=ROOT,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert len(json.loads(out.read_text())["derivations"]) == len(proofs.ids())


def test_module_id_lists_match_what_they_build():
    for name in proofs.MODULES:
        mod = __import__(f"mixcheck.proofs.{name}", fromlist=["derivations"])
        assert [d.id for d in mod.derivations()] == list(proofs._module_ids(name)), name


def test_every_derivation_that_proves_a_claim_is_a_proof_of_a_registered_claim():
    from mixcheck.claims import CLAIMS

    known = set(CLAIMS) if isinstance(CLAIMS, dict) else {c.id for c in CLAIMS}
    proving = [d for d in proofs.all_derivations() if d.proves]
    assert len({c for d in proving for c in d.proves}) >= 6
    for d in proving:
        assert d.is_proof, f"{d.id} names claims in proves but is not a proof: {[s.name for s in d.steps if not s.is_proof]}"
        assert set(d.proves) <= known, f"{d.id}: unknown claim ids {set(d.proves) - known}"


def test_cli_only_takes_several_ids_and_repeats(capsys):
    assert proofs_main(["--only", "lin.eq18-expansion", "lin.eq19-step2", "--only", "lin.eq18-jensen", "--quiet"]) == 0
    assert capsys.readouterr().out.startswith("3 derivations (3 proofs)")


def test_cli_unknown_id_is_a_usage_error_with_suggestions(capsys):
    assert proofs_main(["--only", "beta.vat"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "beta.var" in err[0] and "Traceback" not in err[0]


def test_cli_unwritable_output_is_a_usage_error(tmp_path, capsys):
    (tmp_path / "f").write_text("")
    assert proofs_main(["--only", "lin.eq18-expansion", "--json", str(tmp_path / "f" / "x.json"), "--quiet"]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


@pytest.mark.integration
def test_cli_only_builds_what_it_needs():
    code = ("import sys; from mixcheck import proofs; import mixcheck.proofs.__main__ as m, "
            "mixcheck.proofs.exponential_families as ef, mixcheck.proofs.bounds_linear as bl; "
            "rc = m.main(['--only', 'lin.eq18-jensen', '--quiet']); "
            "print(ef.derivation.cache_info().currsize, proofs._built.cache_info().currsize, "
            "bl.derivation.cache_info().currsize); sys.exit(rc)")
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "1 derivations (1 proofs)" in r.stdout
    assert r.stdout.strip().splitlines()[-1] == "0 0 1", "only the requested derivation is built"


def test_general_family_is_a_proof_and_psi_lambda_records_both_readings():
    g = proofs.get("expfam.general")
    assert g.is_proof and any(s.rule == "leibniz" for s in g.steps)
    gl = proofs.get("expfam.gaussian-psi-lambda")
    assert gl.ok and not gl.is_proof
    assert gl.get_step("eq. (26), own parameter: ψ̃''(θ̃) = λ²ψ''(θ)").is_proof
    assert gl.get_step("eq. (26), original θ: ψ_λ''(θ) = λ²ψ''(θ)").holds is False


# ------------------------------------------------------------------------------------
# derivations handed over by another process


#: a rational closed form, a sum over an infinite support with SymPy's convergence branch,
#: and vector norms of Rademacher sums (which plain pickle refuses to rebuild)
HANDED_OVER = ("beta.var", "expfam.poisson", "lin.eq18-jensen")


def test_the_derivations_used_here_equal_those_built_here(claim_runs):
    """Where the session's derivations come from the background interpreter, the ones used
    here equal the ones this process builds (every step's trees, verdict, grade and method)."""
    from mixcheck.derivation_pickle import _fingerprint
    from mixcheck.proofs import _table

    preloaded = claim_runs.preload_derivations()
    for did in HANDED_OVER:
        mod = proofs._module(proofs.module_of(did))
        here = ef.build(ef.family(did)) if mod is ef else mod.DERIVATIONS[did]()
        # the one in use (preloaded, or built here by a test that ran before the preload) and
        # the one handed over
        for d in [proofs.get(did)] + ([_table.PRELOADED[did]] if did in _table.PRELOADED else []):
            assert d is not here and _fingerprint(d) == _fingerprint(here), did
        assert (did in _table.PRELOADED) == (did in preloaded)


def test_the_background_handed_over_every_derivation_faithfully(claim_runs):
    if claim_runs._derivations is None:
        pytest.skip("this session builds its derivations here (no background interpreter: too few claim runs, "
                    "or an xdist worker)")
    claim_runs.preload_derivations()
    rec = claim_runs._derivations
    assert not rec["skew"], "the sources changed between this process's import and the background's"
    assert rec["differ"] == [], f"derivations that changed on the way and were built here instead: {rec['differ']}"
    assert sorted(rec["preloaded"]) == sorted(proofs.ids())
