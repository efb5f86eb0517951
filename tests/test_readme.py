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


def test_readme_verdict_counts_match_the_registry():
    """The README's headline counts are the registry's pinned verdicts (which the claim tests
    check the suite still reaches), so the README cannot drift from what the suite finds."""
    import re
    from collections import Counter

    from mixcheck.claims import PAPER
    from mixcheck.engine import claims_of

    CLAIMS = claims_of(PAPER)  # the paper's claims only (tests may register other inventories)

    counts = Counter(c.expected_verdict for c in CLAIMS)
    readme = (ROOT / "README.md").read_text()
    m = re.search(r"(\d+) registered claims.*?\*\*(\d+) hold, (\d+) are\s+refuted, (\d+) inconclusive, (\d+) not run\*\*",
                  readme, re.S)
    assert m, "README lost its verdict summary line"
    total, holds, refuted, inconclusive, not_run = map(int, m.groups())
    assert (total, holds, refuted, inconclusive, not_run) == (
        len(CLAIMS), counts["holds"], counts["refuted"], counts["inconclusive"], counts["not-run"])
