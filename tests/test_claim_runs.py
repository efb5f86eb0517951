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
def test_an_orphaned_background_removes_its_folder_and_stops(tmp_path):
    import subprocess
    import sys

    from conftest import _BACKGROUND_RUNNER

    folder = tmp_path / "runs"
    (folder / "taken").mkdir(parents=True)
    # a parent pid that is never its parent (-1): as if the session that started it had been killed
    proc = subprocess.run([sys.executable, "-c", _BACKGROUND_RUNNER, str(folder), "-1", ""],
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 1 and "the test session that started these claim runs has ended" in proc.stderr
    assert not folder.exists()


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


def _planned_without_a_process(monkeypatch, tmp_path, keys, elsewhere=()):
    """``plan`` as in a session, with a stand-in for the background interpreter that computes
    nothing (the test takes its ``taken/<i>`` files itself)."""
    import tempfile

    def start(self):
        self._tmp = tempfile.TemporaryDirectory(dir=tmp_path)
        os.mkdir(os.path.join(self._tmp.name, "taken"))
        self._path = os.path.join(self._tmp.name, "runs.jsonl")
        self._proc = _Running()

    monkeypatch.setattr("conftest.BACKGROUND_FROM", 1)
    monkeypatch.setattr(ClaimRuns, "start", start)
    runs = ClaimRuns()
    assert runs.plan(keys, elsewhere=elsewhere) is True
    return runs


def _background_took(runs, *indices):
    for i in indices:
        open(os.path.join(runs._tmp.name, "taken", str(i)), "x").close()


KEYS = [ClaimRuns.key(cid, profile="ci", seed=s) for cid in CHEAP for s in (0, 2)]


def test_shared_work_is_taken_from_the_end_down_to_what_the_background_took(monkeypatch, tmp_path):
    runs = _planned_without_a_process(monkeypatch, tmp_path, KEYS)
    plan = list(runs._plan)
    _background_took(runs, 0, 1, 2)
    assert runs.share_work([plan[3]]) == 3  # 5, 4, then 3 itself
    assert [runs.origin(k[0], profile="ci", seed=k[2]) for k in plan] == [None] * 3 + ["here"] * 3
    runs = _planned_without_a_process(monkeypatch, tmp_path, KEYS)
    _background_took(runs, 0, 1, 2, 3, 4)
    assert runs.share_work([plan[4]]) == 1 and runs._take_from == -1  # 5 here, then 4 is the background's
    assert runs.share_work([plan[4]]) == 0 and runs.origin(plan[4][0], profile="ci", seed=plan[4][2]) is None


def test_runs_compared_with_this_process_come_first_and_are_never_taken_here(monkeypatch, tmp_path):
    elsewhere = [KEYS[-1], KEYS[0]]
    runs = _planned_without_a_process(monkeypatch, tmp_path, KEYS, elsewhere=elsewhere)
    assert set(runs._plan[:2]) == set(elsewhere) and runs.arrival(elsewhere) == 1
    assert runs.share_work(elsewhere) == len(KEYS) - 2  # everything else, none of the reserved
    assert all(runs.origin(k[0], profile="ci", seed=k[2]) is None for k in elsewhere)


def test_only_the_default_run_starts_the_background_before_collecting(pytestconfig):
    from types import SimpleNamespace

    from conftest import _default_run

    default_m = "not gpu and not slow and not integration"

    def config(source="TESTPATHS", markexpr=default_m, keyword="", **opts):
        return SimpleNamespace(args_source=SimpleNamespace(name=source), getini=pytestconfig.getini,
                               option=SimpleNamespace(markexpr=markexpr, keyword=keyword, **opts))

    assert _default_run(config())
    assert not _default_run(config(source="ARGS"))                  # pytest tests/test_x.py
    assert not _default_run(config(markexpr="integration"))          # pytest -m integration
    assert not _default_run(config(keyword="claim"))                 # pytest -k claim
    assert not _default_run(config(lf=True)) and not _default_run(config(deselect=["tests/x.py"]))
    assert not _default_run(SimpleNamespace(option=SimpleNamespace()))  # a pytest without args_source
