"""The README's set-up commands and .ci/run stay in step."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _ci_command() -> str:
    lines = [ln for ln in (ROOT / ".ci" / "run").read_text().splitlines() if ln.startswith("python3 -m venv")]
    assert len(lines) == 1, ".ci/run must hold exactly one install-and-test line"
    return lines[0]


def test_ci_runs_the_readmes_test_command():
    readme = (ROOT / "README.md").read_text()
    assert _ci_command() in readme, "the README's test command and .ci/run differ"


def test_readme_has_the_main_job_command():
    readme = (ROOT / "README.md").read_text()
    assert "python3 -m venv .venv && .venv/bin/python -m pip install -e ." in readme
    main_job = "python3 -m venv .venv && .venv/bin/python -m pip install -e . && .venv/bin/mixcheck report --out report"
    assert main_job in readme, "the README's main job is `mixcheck report --out report`"
    # the first command block of the README is the main job
    first_block = readme.split("```bash", 1)[1].split("```", 1)[0].strip()
    assert first_block == main_job
