"""``mixcheck report`` (the CLI) and ``pytest --mixcheck-report`` (the plugin), end to end.

The CLI tests run the real claim checks on a small ``--only`` subset; the plugin test runs a
tiny pytest session (pytester) whose tests record claim dicts, with and without pytest-xdist
(``-n 2``: the workers are subprocesses, the controller writes the report), and compares the
two reports.
"""

from __future__ import annotations

import json
import subprocess
import sys

from pathlib import Path

import pytest

from mixcheck.cli import build_parser, main
from mixcheck.report.build import strip_volatile

pytest_plugins = ("pytester",)

# Cheap real claims whose only figure is a cheap one (Lemma 2: none; eq. 23: Fig. 2, no Monte Carlo).
ONLY = ["lemma2", "eq23"]


def _help_text() -> str:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return sub.choices["report"].format_help()


def test_help_states_options_and_exit_status():
    text = _help_text()
    for opt in ("--out", "--profile", "--seed", "--only", "--format"):
        assert opt in text
    assert "exit status" in text and "0  every verdict equals" in text and "1  at least one verdict differs" in text


def test_profile_choices_match_the_profiles():
    from mixcheck.profiles import PROFILES
    from mixcheck.report_cli import PROFILE_NAMES

    assert tuple(PROFILE_NAMES) == tuple(PROFILES)


def test_out_is_required(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["report"])
    assert exc.value.code == 2
    assert "--out" in capsys.readouterr().err


def test_unknown_only_id_is_a_usage_error(tmp_path, capsys):
    out = tmp_path / "new"
    assert main(["report", "--out", str(out), "--only", "lemma2", "thm22"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "'thm22'" in err and "did you mean thm2" in err
    assert not out.exists(), "nothing is created before every option and id is checked"
    assert main(["report", "--out", str(out), "--only", "zzzzzz"]) == 2
    err = capsys.readouterr().err
    assert "no close match" in err and "lemma1" in err and not out.exists()


@pytest.mark.parametrize("make, args, needle", [
    (None, ["--seed", "-1"], "--seed"),
    (None, ["--seed", "x"], "--seed"),
    (None, ["--profile", "bogus"], "--profile"),
    (None, ["--format", "pdf"], "--format"),
    ("file", [], "not a folder"),
    (None, ["--out", ""], "--out"),
    (None, ["--results", "/nonexistent/results"], "--results"),
])
def test_bad_options_exit_2_in_one_line_and_write_nothing(tmp_path, make, args, needle, monkeypatch, capsys):
    """In this process (``main`` as the entry point calls it); the real process is checked below."""
    target = tmp_path / "out"
    if make == "file":
        target.write_text("keep me")
    monkeypatch.chdir(tmp_path)
    try:
        code = main(["report", "--out", str(target), *args])
    except SystemExit as exc:  # argparse's own usage errors
        code = exc.code
    out, err = capsys.readouterr()
    assert code == 2, err
    assert err.count("\n") == 1 and needle in err and "Traceback" not in err
    assert out == ""
    if make == "file":
        assert target.read_text() == "keep me"
    else:
        assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == (["out"] if make else [])


@pytest.mark.parametrize("args, needle", [(["--seed", "-1"], "--seed"), (["--format", "pdf"], "--format")])
def test_bad_options_in_a_real_process_are_one_line_and_exit_2(tmp_path, args, needle):
    argv = [sys.executable, "-m", "mixcheck", "report", "--out", str(tmp_path / "out"), *args]
    res = subprocess.run(argv, capture_output=True, text=True, cwd=tmp_path)
    assert res.returncode == 2 and res.stdout == "", res
    assert res.stderr.count("\n") == 1 and needle in res.stderr and "Traceback" not in res.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.integration
def test_results_option_chooses_the_stores_the_experiment_claims_read(tmp_path):
    """`--results DIR` wins over the checkout's experiments/results: an empty root gives not-run."""
    out = tmp_path / "r"
    argv = [sys.executable, "-m", "mixcheck", "report", "--out", str(out), "--format", "json",
            "--only", "fig3/cifar10-jpeg-cpu-test-accuracy", "--results", str(tmp_path)]
    res = subprocess.run(argv, capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1])
    doc = json.loads((out / "report.json").read_text())
    (c,) = doc["claims"]
    assert c["verdict"] == "not-run" and c["evidence"]["results_dir"].endswith("cifar10-jpeg-cpu"), res.stderr


def test_a_bad_profile_variable_is_a_usage_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MIXCHECK_PROFILE", "bogus")
    assert main(["report", "--out", str(tmp_path / "r")]) == 2
    assert "MIXCHECK_PROFILE" in capsys.readouterr().err and not (tmp_path / "r").exists()


def _spawn(args, cwd):
    return subprocess.Popen(args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.integration
def test_same_seed_and_profile_give_the_same_report(tmp_path):
    """Two separate runs of the command (side by side, in two processes), same seed and profile."""
    a, b = tmp_path / "a", tmp_path / "b"
    args = ["--profile", "ci", "--seed", "7", "--only", *ONLY]
    cmd = [sys.executable, "-m", "mixcheck", "report"]
    procs = [_spawn(cmd + ["--out", str(a), *args], tmp_path),
             _spawn(cmd + ["--out", str(b), *args, "--format", "json"], tmp_path)]
    (out, err_a), (_, err_b) = [p.communicate(timeout=300) for p in procs]
    rc_a, rc_b = (p.returncode for p in procs)
    assert rc_a in (0, 1) and rc_b in (0, 1), err_a + err_b
    assert err_a == "" and err_b == "", "no progress output when stderr is not a terminal"
    ra = json.loads((a / "report.json").read_text())
    rb = json.loads((b / "report.json").read_text())
    # exit status: 0 exactly when every verdict is the recorded one
    assert rc_a == rc_b == (0 if ra["summary"]["all_expected"] else 1)
    # --format json computes the figures' numbers but draws nothing: same report but for the files
    drawn = {k: v for k, v in strip_volatile(ra).items() if k != "figures"}
    numbers = {k: v for k, v in strip_volatile(rb).items() if k != "figures"}
    assert drawn == numbers
    assert [(f["id"], f["data"]) for f in ra["figures"]] == [(f["id"], f["data"]) for f in rb["figures"]]
    assert [f["status"] for f in ra["figures"]] == ["ok"] and [f["status"] for f in rb["figures"]] == ["not-drawn"]
    assert ra["generated_at"] and ra["timings"]["total"] > 0
    assert ra["settings"]["profile"] == "ci" and ra["settings"]["seed"] == 7 and ra["settings"]["only"] == ONLY
    assert {c["id"].split("/")[0] for c in ra["claims"]} == set(ONLY)
    assert [f["id"] for f in ra["figures"]] == ["fig2"]
    assert (a / "report.html").is_file() and (a / "report.md").is_file()
    assert not (b / "report.html").exists() and not (b / "figures").exists()
    assert (a / "figures" / "fig2.svg").is_file()
    # the printed summary table: one line per claim, then the counts
    for c in ra["claims"]:
        assert c["id"] in out
    assert f"{ra['summary']['total']} claims checked" in out


def test_a_different_seed_changes_the_seeded_figures(tmp_path):
    from mixcheck.report.figures import make_figures

    # the numbers only: drawing them is checked with the figures' own tests
    a = make_figures(tmp_path / "a", seed=1, profile="ci", only=["thm4"], draw=False)[0]["data"]
    b = make_figures(tmp_path / "b", seed=2, profile="ci", only=["thm4"], draw=False)[0]["data"]
    assert a["random_lambda_exact"] == b["random_lambda_exact"]  # exact values do not depend on the seed
    assert a["random_lambda_mc"] != b["random_lambda_mc"]


# ---------------------------------------------------------------------------------------
# the pytest plugin

TINY_TESTS = '''
import pytest

from mixcheck import Inventory, claim, holds, inconclusive, not_run, record, refuted, run_claims

TINY = Inventory(name="tiny", title="tiny claims report",
                 entries=[("tiny-a", "a"), ("tiny-b", "b"), ("tiny-c", "c")])


def _claim(cid, expected, outcome, recompute=None):
    claim(cid, inventory=TINY, paper_ref="test", statement=f"statement of {{cid}}", reading="r",
          method="symbolic", expected=expected, recompute=recompute)(lambda ctx: outcome)


_claim("tiny-c/b", "holds", holds("evidence for tiny-c/b"))
_claim("tiny-b/exact", "holds", holds("evidence for tiny-b/exact"))
_claim("tiny-a/coverage", "refuted",
       refuted(inputs={{"x": 1}}, lhs=2, rhs=1, relation="<=", summary="x + 1 > x at x = 1"),
       recompute=lambda inputs: (inputs["x"] + 1, inputs["x"]))
_claim("tiny-c/a", "inconclusive", inconclusive("no truth value", reason="vague", settle="a precise reading"))
_claim("tiny-b/zz", "not-run", not_run("nothing recorded", reason="no results"))

IDS = {ids!r}


@pytest.mark.parametrize("cid", IDS)
def test_claim(request, cid):
    (result,) = run_claims([cid], inventory=TINY)
    record(request, result)


def test_not_a_claim(request):
    request.node.user_properties.append(("something_else", {{"id": "x"}}))
'''


# Ids of a tiny inventory declared in the test file (no figures), so the sessions stay quick.
PLUGIN_IDS = ["tiny-c/b", "tiny-b/exact", "tiny-a/coverage", "tiny-c/a", "tiny-b/zz"]


@pytest.fixture(scope="module")
def _preloaded():
    """Import what the plugin's report needs before pytester snapshots sys.modules: its
    in-process runs drop the modules they import when they end, and torch, scipy and
    matplotlib must not be imported twice in one process."""
    import matplotlib  # noqa: F401
    import scipy.stats  # noqa: F401

    import mixcheck.claims  # noqa: F401
    import mixcheck.pytest_plugin  # noqa: F401
    from mixcheck.info import environment
    from mixcheck.report import build, experiments_bridge, figures, html, markdown  # noqa: F401

    environment()  # imports torch and torchvision
    experiments_bridge.results_root()  # imports the experiment claims' results root


@pytest.mark.integration
def test_plugin_writes_the_same_report_with_and_without_xdist(_preloaded, pytester, monkeypatch):
    monkeypatch.setenv("MIXCHECK_PROFILE", "ci")
    pytester.makepyfile(test_tiny=TINY_TESTS.format(ids=PLUGIN_IDS))
    reports, outputs = {}, {}
    for name, extra in (("serial", []), ("xdist", ["-n", "2"])):
        result = pytester.runpytest("-p", "no:cacheprovider", "--mixcheck-report", name, *extra)
        result.assert_outcomes(passed=len(PLUGIN_IDS) + 1)
        outputs[name] = result.stdout.str()
        reports[name] = json.loads((pytester.path / name / "report.json").read_text())
    assert "2 workers" in outputs["xdist"], outputs["xdist"]  # xdist really ran
    for name, report in reports.items():
        ids = [c["id"] for c in report["claims"]]
        # every claim once, in inventory order (tiny-a, tiny-b, tiny-c), under the inventory's title
        assert [i.split("/")[0] for i in ids] == ["tiny-a", "tiny-b", "tiny-b", "tiny-c", "tiny-c"], name
        assert sorted(ids) == sorted(PLUGIN_IDS)
        assert report["title"] == "tiny claims report" and report["inventory"] == "tiny", name
        first = report["claims"][0]
        assert first["id"] == "tiny-a/coverage" and first["grade"] == "counterexample"
        assert first["grade_detail"]["recomputed_from_inputs"] is True
        assert report["summary"]["counts"] == {"holds": 2, "refuted": 1, "inconclusive": 1, "not-run": 1}
        assert report["settings"]["source"] == "pytest --mixcheck-report"
        assert (pytester.path / name / "report.html").is_file() and (pytester.path / name / "report.md").is_file()
        assert "mixcheck validation report" in outputs[name] and "5 claims checked" in outputs[name]
    assert strip_volatile(reports["serial"]) == strip_volatile(reports["xdist"])
    # without the option the plugin does nothing
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=len(PLUGIN_IDS) + 1)
    assert "mixcheck validation report" not in result.stdout.str()


def test_progress_only_when_asked(capsys):
    from mixcheck.report_cli import _Progress

    quiet = _Progress(False)
    quiet("thm2/as-printed", 0, 3)
    quiet.close()
    assert capsys.readouterr().err == ""
    loud = _Progress(True)  # what a terminal gets
    loud("thm2/as-printed", 0, 3)
    loud("thm2/corrected", 1, 3)
    loud.close()
    assert "claims" in capsys.readouterr().err
