"""The session's shared claim runs (``ClaimRuns`` in tests/conftest.py): results computed in the
background interpreter equal those computed here, a marker naming no claim is refused, and
closing stops the interpreter and removes its files."""

from __future__ import annotations

import os

import pytest

from conftest import ClaimRuns

from mixcheck.claims import CLAIMS

CHEAP = ("lemma2/exact", "thm1/eq15", "table1/printed-monotone")
BY_ID = {c.id: c for c in CLAIMS}


def _without_seconds(d: dict) -> dict:
    return {k: v for k, v in d.items() if k != "seconds"}


def test_a_mark_naming_no_claim_is_refused():
    with pytest.raises(ValueError, match="no claims: \\['thm9/nope'\\]"):
        ClaimRuns().plan([("thm9/nope", "ci", 0)])


def test_too_few_runs_are_computed_here():
    runs = ClaimRuns()
    assert runs.plan([ClaimRuns.key(CHEAP[1], profile="ci")]) is False
    runs.result(BY_ID[CHEAP[1]], profile="ci")
    assert runs.origin(CHEAP[1], profile="ci") == "here"


def test_a_background_started_before_collection_is_stopped_where_too_few_runs_are_planned():
    runs = ClaimRuns()
    runs.start()
    proc, folder = runs._proc, runs._tmp.name
    assert runs.plan([ClaimRuns.key(CHEAP[1], profile="ci")]) is False
    assert proc.poll() is not None and not os.path.exists(folder) and runs._proc is None


@pytest.mark.integration
def test_background_results_equal_results_here_the_work_is_shared_and_close_cleans_up(monkeypatch):
    import json

    monkeypatch.setattr("conftest.BACKGROUND_FROM", 1)
    runs = ClaimRuns()
    keys = [ClaimRuns.key(cid, profile="ci", seed=s) for cid in CHEAP for s in (0, 2)]
    assert runs.plan(keys) is True
    folder, last = runs._tmp.name, runs._plan[-1]
    # a test that reads the last run computes it here, before the background can take it
    assert runs.share_work([last]) == 1 and runs.origin(last[0], profile="ci", seed=last[2]) == "here"
    assert runs.share_work([last]) == 0
    for cid, _, seed in keys:
        there = runs.as_dict(BY_ID[cid], profile="ci", seed=seed)
        assert runs.origin(cid, profile="ci", seed=seed) == ("here" if (cid, "ci", seed) == last else "background")
        here = runs.as_dict(BY_ID[cid], profile="ci", seed=seed, here=True)
        assert _without_seconds(there) == _without_seconds(here), cid
    assert runs._proc.wait(timeout=60) == 0  # it stopped at the run taken here, computing none twice
    with open(os.path.join(folder, "runs.jsonl"), encoding="utf-8") as f:
        assert [tuple(json.loads(line)["key"]) for line in f] == runs._plan[:-1]
    runs.close()
    assert not os.path.exists(folder) and runs.origin(CHEAP[0], profile="ci") is None


class _Running:
    """Stands in for a background interpreter that is still running."""

    def poll(self):
        return None


def _handed_over(tmp_path, runs: ClaimRuns, source: str) -> None:
    """``runs`` as after plan(): the background has written the derivations' line (beta.var)."""
    import json

    from mixcheck import proofs
    from mixcheck.derivation_pickle import dumps

    blob = tmp_path / "derivations.pickle"
    blob.write_bytes(dumps([proofs.get("beta.var")]))
    lines = tmp_path / "runs.jsonl"
    lines.write_text(json.dumps({"derivations": str(blob), "differ": [], "source": source}) + "\n")
    runs._path, runs._proc, runs._derivations, runs._source = str(lines), _Running(), "planned", proofs.source_digest()


@pytest.mark.derivations
def test_the_derivations_are_preloaded_even_after_a_claim_read_their_line(tmp_path):
    from mixcheck import proofs

    runs = ClaimRuns()
    _handed_over(tmp_path, runs, proofs.source_digest())
    runs._read_new_lines()  # as a test reading a claim result would, before any derivations test
    assert runs.preload_derivations() == ["beta.var"]
    assert runs.preload_derivations() == ["beta.var"] and runs._derivations["skew"] is False


def test_changed_sources_preload_nothing_and_a_failure_is_raised_again(tmp_path):
    runs = ClaimRuns()
    _handed_over(tmp_path, runs, "another digest")
    assert runs.preload_derivations() == [] and runs._derivations["skew"] is True
    broken = ClaimRuns()
    _handed_over(tmp_path, broken, "x")
    broken._source = "x"
    (tmp_path / "derivations.pickle").write_bytes(b"not a pickle")
    for _ in range(2):
        with pytest.raises(Exception):
            broken.preload_derivations()
