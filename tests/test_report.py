"""The validation report: assembly, JSON, Markdown, HTML and figures (mixcheck.report).

The renderers are tested on claim dicts written here (test data in the claims contract's
shape: a refuted inequality with its counterexample, a symbolic claim with a derivation, a
statistical claim, not-run and inconclusive ones); the end-to-end tests that run the real
claim checks live in tests/test_report_cli.py.
"""

from __future__ import annotations

import copy
import json
import re

import pytest

from mixcheck.report import figures as figs
from mixcheck.report.build import build_report, jsonable, layout, strip_volatile, summarize, write_report
from mixcheck.report.evidence import split_evidence
from mixcheck.report.html import render_html
from mixcheck.report.markdown import render_markdown

ENV = {"python": "3.11", "mixcheck": "0.1.0", "numpy": "2", "git_commit": "0123456789abcdef"}

SAMPLE_CLAIMS = [
    {
        "id": "sec6.beta-moments/var",
        "paper_ref": "Section 6",
        "statement": "Var(λ) = 1/(4(2α+1)) for λ ~ Beta(α, α)",
        "reading": "λ ~ Beta(α, α), α > 0; Var the population variance",
        "method": "symbolic",
        "verdict": "holds",
        "expected_verdict": "holds",
        "evidence": {
            "summary": "SymPy derivation from the density: all 3 steps check",
            "derivation": {
                "id": "beta-var",
                "title": "Var(λ) of Beta(α, α) from the density",
                "steps": [
                    {"lhs": "E[λ]", "rhs": "1/2", "latex": r"\mathbb{E}[\lambda] = \frac12", "holds": True, "residual": "0"},
                    {"lhs": "E[λ**2]", "rhs": "(α + 1)/(2*(2*α + 1))", "latex": "", "holds": True, "residual": "0"},
                    {"lhs": "Var(λ)", "rhs": "1/(4*(2*α + 1))", "latex": "", "holds": True, "residual": "0"},
                ],
                "result": "Pow(Add(Mul(Integer(8), Symbol('alpha')), Integer(4)), Integer(-1))",
            },
        },
        "seconds": 0.25,
    },
    {
        "id": "thm2/as-printed",
        "paper_ref": "Theorem 2, eq. (17)",
        "statement": "R̂_B(H) − R̂*_B(H) ≤ (C/√n)·√(s²‖x‖₂) | with s² 'the sample variance'",
        "reading": "s² = sample variance (ddof 1) of the norms ‖x_i‖₂; C = Λ|1−λ|; surrogate x̃",
        "method": "property search (Hypothesis, target toward violations), exact re-check",
        "verdict": "refuted",
        "expected_verdict": "refuted",
        "evidence": {
            "summary": "counterexample with n = 3: reduction 0.3333 > bound 0.0 (margin 0.3333)",
            "inputs": {"X": [[1.0, 0.0], [-1.0, 0.0], [0.0, 1.0]], "lam": 0.5, "radius": 1.0},
            "lhs": 0.3333333333333333,
            "rhs": 0.0,
            "margin": 0.3333333333333333,
            "examples": 40,
            "exact": "1/3 > 0",
        },
        "seconds": 1.5,
    },
    {
        "id": "fig1/trend-n",
        "paper_ref": "Fig. 1",
        "statement": "the reduction decreases as n grows",
        "reading": "E over samples of R̂_B − R̂*_B for x ~ N(0, σ²), decreasing in n",
        "method": "Monte Carlo",
        "verdict": "holds",
        "expected_verdict": "holds",
        "evidence": {"summary": "Spearman ρ = −1.0 over 9 values of n", "estimate": -1.0, "ci": [-1.0, -0.93],
                     "level": 0.99, "test": "Spearman rank correlation, bootstrap", "false_alarm": 0.01},
        "seconds": 0.5,
    },
    {
        "id": "table1",
        "paper_ref": "Table 1",
        "statement": "the train-test loss gap grows with α",
        "reading": "gap = test − clean train loss, mean over seeds",
        "method": "experiment",
        "verdict": "not-run",
        "expected_verdict": "not-run",
        "evidence": {"summary": "no recorded α-sweep results; run `mixcheck sweep`"},
        "seconds": 0.0,
    },
    {
        "id": "intro.geometry",
        "paper_ref": "Section 1, bullet 5",
        "statement": "mixup reduces the second derivative of the convex function <behind> the Bregman divergence",
        "reading": "too vague as printed; see thm4",
        "method": "symbolic",
        "verdict": "inconclusive",
        "expected_verdict": "inconclusive",
        "evidence": {"summary": "not a precise statement & its precise reading is thm4/*"},
        "seconds": 0.0,
    },
]


def _report(claims=None, figures=None):
    return build_report(copy.deepcopy(claims if claims is not None else SAMPLE_CLAIMS), profile="ci", seed=0,
                        figures=figures or [], environment=dict(ENV))


def test_summary_counts_and_mismatches():
    claims = copy.deepcopy(SAMPLE_CLAIMS)
    s = summarize(claims)
    assert s["counts"] == {"holds": 2, "refuted": 1, "inconclusive": 1, "not-run": 1}
    assert s["all_expected"] and s["mismatches"] == [] and s["total"] == 5
    claims[0]["verdict"] = "refuted"
    s = summarize(claims)
    assert not s["all_expected"] and s["mismatches"] == ["sec6.beta-moments/var"]


def test_jsonable_makes_strict_json():
    import numpy as np

    obj = {"a": np.float64(1.5), "b": np.arange(3), "c": float("inf"), "d": (1, float("nan")), "e": np.bool_(True)}
    out = jsonable(obj)
    assert out == {"a": 1.5, "b": [0, 1, 2], "c": "inf", "d": [1, "nan"], "e": True}
    json.dumps(out, allow_nan=False)


def test_report_has_the_contract_keys():
    r = _report()
    assert set(r) >= {"claims", "environment", "settings", "seeds", "timings", "generated_at", "summary", "figures"}
    assert set(r["settings"]) >= {"profile", "seed", "only", "versions"}
    assert r["timings"]["claims"]["thm2/as-printed"] == 1.5
    assert [c["id"] for c in r["claims"]] == [c["id"] for c in SAMPLE_CLAIMS]


def test_strip_volatile_removes_only_times():
    a, b = _report(), _report()
    b["generated_at"] = "1999-01-01T00:00:00+00:00"
    b["timings"]["total"] = 123.0
    b["claims"][0]["seconds"] = 99.0
    assert strip_volatile(a) == strip_volatile(b)
    b["claims"][1]["verdict"] = "holds"
    assert strip_volatile(a) != strip_volatile(b)


def test_split_evidence_kinds():
    parts = split_evidence(SAMPLE_CLAIMS[1]["evidence"])
    assert parts["counterexample"]["lhs"] > parts["counterexample"]["rhs"]
    assert parts["other"] == {"examples": 40, "exact": "1/3 > 0"}
    parts = split_evidence(SAMPLE_CLAIMS[0]["evidence"])
    assert len(parts["derivations"]) == 1 and parts["counterexample"] is None
    parts = split_evidence(SAMPLE_CLAIMS[2]["evidence"])
    assert parts["statistical"]["ci"] == [-1.0, -0.93]


def test_layout_places_each_figure_once():
    fig_records = [
        {"id": "fig1", "title": "Fig 1", "claims": ["fig1", "thm2"], "status": "skipped", "reason": "test"},
        {"id": "beta", "title": "Beta", "claims": ["sec6"], "status": "skipped", "reason": "test"},
        {"id": "table1", "title": "T1", "claims": ["table1", "fig3"], "status": "skipped", "reason": "test"},
    ]
    secs = layout(_report(figures=fig_records))
    shown = {f["id"]: s["family"] for s in secs for f in s["figures"]}
    assert shown == {"fig1": "fig1", "beta": "sec6.beta-moments", "table1": "table1"}
    links = {(s["family"], l["id"]) for s in secs for l in s["links"]}
    assert links == {("thm2", "fig1")}


def test_markdown_has_summary_first_and_every_claim():
    md = render_markdown(_report())
    assert md.index("## Contents") < md.index("## Summary") < md.index("## Index of the paper") < md.index("## Section 1")
    for c in SAMPLE_CLAIMS:
        assert f"`{c['id']}`" in md
    assert "| left side | 0.333333333333 |" in md
    assert "\\|" in md  # the statement's pipe is escaped inside the table
    assert "3/3 steps check" in md
    assert "2 holds, 1 refuted, 1 inconclusive, 1 not-run" in md


def test_html_is_self_contained_and_escaped(tmp_path):
    page = render_html(_report(), base_dir=tmp_path)
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page), "no network references"
    assert "@import" not in page and "url(" not in page.split("<style>")[1].split("</style>")[0]
    assert "&lt;behind&gt;" in page and "<behind>" not in page
    assert page.index('id="contents"') < page.index('id="summary"') < page.index('id="paper-index"') < page.index(
        'class="paper-section"')
    for c in SAMPLE_CLAIMS:
        assert f'id="claim-{re.sub(r"[^A-Za-z0-9_-]+", "-", c["id"]).lower()}"' in page
    assert "counterexample" in page.lower() and "left side" in page
    assert "3 of 3 steps check" in page


def test_html_flags_a_verdict_that_differs(tmp_path):
    claims = copy.deepcopy(SAMPLE_CLAIMS)
    claims[1]["verdict"] = "holds"
    page = render_html(_report(claims), base_dir=tmp_path)
    assert 'class="banner bad"' in page and "differs from the one recorded" in page
    assert 'class="banner ok"' in render_html(_report(), base_dir=tmp_path)


@pytest.mark.derivations  # its claims attach derivations
def test_write_report_all_formats(tmp_path):
    records = figs.make_figures(tmp_path, seed=0, profile="ci", only=["thm4"])
    assert records[0]["status"] == "ok"
    written = write_report(_report(figures=records), tmp_path)
    assert sorted(p.name for p in written) == ["report.html", "report.json", "report.md"]
    data = json.loads((tmp_path / "report.json").read_text())
    assert data["figures"][0]["id"] == "thm4" and "seconds" not in data["figures"][0]
    page = (tmp_path / "report.html").read_text()
    assert page.count("data:image/svg+xml;base64,") == 1
    assert "figures/thm4.png" in (tmp_path / "report.md").read_text()
    assert not list(tmp_path.glob(".*.tmp")), "no temporary files left behind"
    with pytest.raises(ValueError, match="formats"):
        write_report(data, tmp_path, ["pdf"])


def test_figures_match_their_claims():
    ids = {s.id for s in figs.figure_specs_for(["thm2/as-printed", "sec6.beta-moments"])}
    assert ids == {"fig1", "beta"}
    assert {s.id for s in figs.figure_specs_for(["intro.bias-variance-endpoints"])} == {"thm4"}
    assert figs.figure_specs_for(["lemma2"]) == []
    assert len(figs.figure_specs_for(None)) == len(figs.FIGURES)


def test_beta_quantities_match_scipy():
    from scipy import integrate, stats

    for a in (0.1, 0.4, 1.0, 2.5, 10.0):
        q = figs.beta_quantities(a)
        assert q["var"] == pytest.approx(stats.beta.var(a, a), rel=1e-12)
        assert q["second_moment"] == pytest.approx(stats.beta.moment(2, a, a), rel=1e-12)
        # E|λ − ½| by quadrature on [½, 1] (doubled by symmetry)
        val, _ = integrate.quad(lambda x: (x - 0.5) * stats.beta.pdf(x, a, a), 0.5, 1, limit=200)
        assert q["abs_dev_half"] == pytest.approx(2 * val, rel=1e-6, abs=1e-9)


@pytest.mark.claim_runs("fig2/bound-trend", seeds=(3,), profile="ci", elsewhere=True)
def test_figures_are_deterministic_and_labelled(tmp_path, claim_runs):
    """Figures drawn here, their claims run here, carry the numbers that the numbers-only path
    takes from the same claims' shared run (another interpreter where the session computes its
    claim runs in the background)."""
    from mixcheck.claims import CLAIMS

    shared = [claim_runs.as_dict(c, profile="ci", seed=3) for c in CLAIMS if c.id == "fig2/bound-trend"]
    a = figs.make_figures(tmp_path / "a", seed=3, profile="ci", only=["beta", "fig2"])
    b = figs.make_figures(tmp_path / "b", seed=3, profile="ci", only=["beta", "fig2"], draw=False,
                          results=shared)  # numbers only
    for ra, rb in zip(a, b):
        assert ra["status"] == "ok", ra.get("reason")
        assert jsonable(ra["data"]) == jsonable(rb["data"])
        svg = (tmp_path / "a" / ra["files"]["svg"]).read_bytes()
        assert svg.startswith(b"<?xml") and (tmp_path / "a" / ra["files"]["png"]).stat().st_size > 10_000


def test_table1_figure_is_skipped_without_results(tmp_path):
    rec = figs.make_figures(tmp_path, seed=0, profile="ci", only=["table1"], results_dir=tmp_path / "none")[0]
    assert rec["status"] == "skipped" and "no recorded" in rec["reason"] and rec["files"] == {}
    if rec["data"]:  # the paper's numbers are shown all the same, ours marked as not recorded
        assert rec["data"]["table"]["rows"][0][1] == "0.006" and rec["data"]["table"]["rows"][-1][1] == "not recorded"
        assert "not recorded" in render_html(_report(figures=[rec]), base_dir=tmp_path)


def _fake_sweep(root):
    """A tiny α-sweep store written through the experiments package (test data, not results)."""
    store_mod = pytest.importorskip("mixcheck.experiments.store")
    store = store_mod.ResultsStore(root)
    cfg = store.init({"dataset": "cifar10", "preset": "fast", "epochs": 1, "alphas": [0.0, 0.1, 1.0], "seeds": [0, 1]})
    for a in (0.0, 0.1, 1.0):
        for s in (0, 1):
            gap = 0.01 + 0.05 * a + 0.001 * s
            store.append(f"a{a}-s{s}", {
                "run_id": f"a{a}-s{s}", "alpha": a, "seed": s, "epoch": 1, "epochs": 1, "config_hash": cfg["config_hash"],
                "gap_clean": gap, "gap_mixed": gap - 0.2, "abs_gap_clean": gap, "abs_gap_mixed": 0.2 - gap,
                "test_acc": 0.9 - 0.02 * a, "test_loss": 0.4, "clean_train_loss": 0.4 - gap, "train_loss_mixed": 0.6,
            })
    return root


def test_table1_figure_from_recorded_results(tmp_path):
    results = tmp_path / "results"
    _fake_sweep(results / "cifar10")
    rec = figs.make_figures(tmp_path / "rep", seed=0, profile="ci", only=["table1"], results_dir=results)[0]
    assert rec["status"] == "ok", rec.get("reason")
    table = rec["data"]["table"]
    rows = {(r[0], r[1]): r for r in table["rows"]}
    assert rows["cifar10", "0.1"][2] == "0.006"  # the paper's CIFAR-10 entry beside ours
    assert rows["cifar10", "0.1"][3] == "0.015 ± 0.001"  # ours: mean ± sd over the two seeds
    assert rows["cifar10", "0 (no mixup)"][2] == "—"
    assert rows["cifar10", "0.2"][3] == "—"  # an α of the paper we did not run
    ours = rec["data"]["ours"]["cifar10"]
    assert ours["paper_row"] == "cifar10" and ours["runs"] == 6
    page = render_html(_report(figures=[rec]), base_dir=tmp_path / "rep")
    assert '<table class="data">' in page and "0.015 ± 0.001" in page


def test_a_check_that_raised_is_shown_as_error(tmp_path):
    claims = copy.deepcopy(SAMPLE_CLAIMS) + [{
        "id": "thm3/bound-values", "paper_ref": "Theorem 3", "statement": "s", "reading": "r", "method": "simulation",
        "verdict": "error", "expected_verdict": "holds", "seconds": 0.1,
        "evidence": {"summary": "check raised ValueError: boom", "error": "ValueError: boom",
                     "traceback": "Traceback (most recent call last):\n  File \"x.py\", line 1\nValueError: boom\n",
                     "profile": "ci", "seed": 0},
    }]
    r = _report(claims)
    assert r["summary"]["counts"]["error"] == 1 and r["summary"]["mismatches"] == ["thm3/bound-values"]
    page = render_html(r, base_dir=tmp_path)
    assert 'class="badge v-error"' in page and "<pre>Traceback" in page and "error: <b>1</b>" in page
    md = render_markdown(r)
    assert "1 error" in md and "thm3/bound-values" in md


def test_derivation_steps_show_their_status(tmp_path):
    claim = copy.deepcopy(SAMPLE_CLAIMS[0])
    claim["evidence"]["derivation"] = [claim["evidence"]["derivation"], {
        "id": "thm4.eq33", "title": "eq. (33) as printed", "summary": "the last step equates Var with ψ",
        "source": "proof of Theorem 4", "assumptions": ["λ fixed"], "result_text": "λ**2*Var(x)",
        "steps": [
            {"name": "expand", "lhs": "Var(λx + (1-λ)E[x])", "rhs": "λ**2*Var(x)", "relation": "=", "holds": True},
            {"name": "last", "lhs": "λ**2*Var(x)", "rhs": "λ**2*ψ(θ)", "relation": "=", "holds": False,
             "residual": "λ**2*(Var(x) - ψ(θ))", "expected_to_fail": True, "reason": "Var(x) is ∇∇ψ, not ψ"},
        ],
    }]
    claim["evidence"]["steps"] = ["decreasing", "decreasing"]  # not a derivation: shown as further evidence
    parts = split_evidence(claim["evidence"])
    assert [d["id"] for d in parts["derivations"]] == ["beta-var", "thm4.eq33"]
    assert parts["other"] == {"steps": ["decreasing", "decreasing"]}
    page = render_html(_report([claim]), base_dir=tmp_path)
    assert "1 of 2 steps check" in page and "fails, as recorded" in page and "Var(x) is ∇∇ψ, not ψ" in page
    assert "λ**2*(Var(x) - ψ(θ))" in page
    md = render_markdown(_report([claim]))
    assert "✗ fails (as recorded)" in md and "1/2 steps check" in md
