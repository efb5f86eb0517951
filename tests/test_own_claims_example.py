"""examples/own_claims runs as a user runs it: pytest (with --mixcheck-report), and
mixcheck report --claims (by module name and by path), each in a fresh process; the reports
carry the example's own title, its verdicts and a recomputed counterexample."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "own_claims"
TITLE = 'mixcheck report — Doe, "Mixing bounded samples"'
EXPECTED = {"note.convex/between": ("holds", "searched"), "note.square/jensen": ("holds", "searched"),
            "note.product/as-stated": ("refuted", "counterexample")}
MIXCHECK = [sys.executable, "-c", "import sys; from mixcheck.cli import main; sys.exit(main())"]

#: end to end (fresh processes): `pytest -m integration`
pytestmark = pytest.mark.integration


def _run(args, cwd=ROOT):
    env = {**os.environ, "OMP_NUM_THREADS": "1", "MIXCHECK_PROFILE": "ci"}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def _check(report: dict):
    assert report["title"] == TITLE and report["inventory"] == "doe-mixing"
    assert {c["id"]: (c["verdict"], c["grade"]) for c in report["claims"]} == EXPECTED
    (refuted,) = [c for c in report["claims"] if c["verdict"] == "refuted"]
    assert refuted["grade_detail"]["recomputed_from_inputs"] is True
    # recompute the counterexample here, from its JSON inputs alone
    from fractions import Fraction

    inp = refuted["evidence"]["inputs"]
    lam, a1, a2, b1, b2 = (Fraction(inp[k]) for k in ("lambda", "a1", "a2", "b1", "b2"))
    lhs = (lam * a1 + (1 - lam) * a2) * (lam * b1 + (1 - lam) * b2)
    rhs = lam * a1 * b1 + (1 - lam) * a2 * b2
    assert lhs > rhs and 0 <= lam <= 1


def test_pytest_with_the_report_plugin(tmp_path):
    """The example's tests pass under pytest (plain pytest runs the same tests; that the plugin
    does nothing without its option is checked in test_report_cli) and the report is written."""
    out = tmp_path / "plugin"
    run = _run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(EXAMPLE),
                "--mixcheck-report", str(out)])
    assert run.returncode == 0 and "3 passed" in run.stdout, run.stdout + run.stderr
    _check(json.loads((out / "report.json").read_text()))
    assert TITLE in (out / "report.md").read_text() and (out / "report.html").is_file()


@pytest.mark.parametrize("claims", ["examples.own_claims.claims", str(EXAMPLE / "claims.py")])
def test_mixcheck_report_with_the_claims_module(tmp_path, claims):
    run = _run([*MIXCHECK, "report", "--claims", claims, "--out", str(tmp_path), "--format", "json"])
    assert run.returncode == 0, run.stdout + run.stderr
    report = json.loads((tmp_path / "report.json").read_text())
    _check(report)
    assert report["summary"]["all_expected"] and "3 claims checked" in run.stdout


def test_a_bad_claims_module_is_one_line_and_exit_2(tmp_path):
    run = _run([*MIXCHECK, "report", "--claims", "examples.no_such_module", "--out", str(tmp_path)])
    assert run.returncode == 2 and run.stderr.count("\n") == 1 and "not found" in run.stderr, run.stderr
    run = _run([*MIXCHECK, "report", "--claims", "examples.own_claims.claims", "--only", "thm2",
                "--out", str(tmp_path)])
    assert run.returncode == 2 and "unknown claim id" in run.stderr and run.stderr.count("\n") == 1, run.stderr
