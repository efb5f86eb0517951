"""mixcheck.report.parallel: claims run in worker processes give exactly the results of one
process (a result depends only on profile, seed and claim id), in registry order."""

from __future__ import annotations

import pytest

from mixcheck.cli import main
from mixcheck.report.parallel import PARALLEL_FROM, default_jobs, run_claim_dicts, split_at_statements

CHEAP = ["lemma2", "thm1/eq15", "thm1/eq14-expected-complexity", "table1/printed-monotone", "intro.geometry/as-printed"]


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "2"])
def test_a_bad_job_count_is_refused(bad):
    with pytest.raises(ValueError, match="jobs"):
        run_claim_dicts(CHEAP, profile="ci", seed=0, jobs=bad, claims_module="mixcheck.claims")


def test_chunks_are_contiguous_and_cut_only_between_statements():
    from mixcheck.claims import CLAIMS

    ids = [c.id for c in CLAIMS]
    statements = len({i.split("/", 1)[0] for i in ids})
    for chunks in (1, 2, 8, 16, statements, 10 * statements):
        got = split_at_statements(ids, chunks)
        assert [i for c in got for i in c] == ids and all(got) and len(got) <= chunks
        firsts = [c[0].split("/", 1)[0] for c in got]
        lasts = [c[-1].split("/", 1)[0] for c in got]
        assert all(a != b for a, b in zip(lasts, firsts[1:])), "a statement was cut in two"
    assert len(split_at_statements(ids, 16)) >= 12, "the chunks are too few to even out the load"
    assert split_at_statements([], 4) == []
    with pytest.raises(ValueError, match="chunks"):
        split_at_statements(ids, 0)


def test_default_jobs_runs_small_selections_here():
    assert default_jobs(PARALLEL_FROM - 1) == 1
    assert 1 <= default_jobs(PARALLEL_FROM) <= 2


@pytest.mark.integration
def test_two_workers_give_the_results_of_one_process():
    one = run_claim_dicts(CHEAP, profile="ci", seed=5, jobs=1, claims_module="mixcheck.claims")
    two = run_claim_dicts(CHEAP, profile="ci", seed=5, jobs=2, claims_module="mixcheck.claims")
    strip = [[{k: v for k, v in d.items() if k != "seconds"} for d in r] for r in (one, two)]
    assert len(one) >= 4 and strip[0] == strip[1]


@pytest.mark.parametrize("value", ["0", "x", "65"])
def test_a_bad_jobs_value_is_a_usage_error(value, tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["report", "--out", str(tmp_path / "r"), "--jobs", value])
    assert exc.value.code == 2 and "--jobs" in capsys.readouterr().err and not (tmp_path / "r").exists()


@pytest.mark.slow
def test_every_claim_in_two_workers_equals_one_process():
    """All the paper's claims (Monte Carlo, BLAS products and derivations included)."""
    one = run_claim_dicts(None, profile="ci", seed=0, jobs=1, claims_module="mixcheck.claims")
    two = run_claim_dicts(None, profile="ci", seed=0, jobs=2, claims_module="mixcheck.claims")
    strip = [[{k: v for k, v in d.items() if k != "seconds"} for d in r] for r in (one, two)]
    differ = [a["id"] for a, b in zip(*strip) if a != b]
    assert len(one) == len(two) and not differ, f"claims whose result differs in two workers: {differ}"


class _RecordingPool:
    """Stands in for the workers: runs nothing, records what is handed out and when."""

    def __init__(self):
        self.handed = []

    def submit(self, fn, module, call):
        from concurrent.futures import Future

        self.handed.append((call["only"][0], sorted(d["id"] for d in call["results"])))
        fut = Future()
        fut.set_result([{"id": call["only"][0]}])
        return fut


def test_a_figure_goes_to_the_workers_once_the_claims_it_reads_are_in(monkeypatch):
    from mixcheck.report import parallel

    pool = _RecordingPool()
    monkeypatch.setattr(parallel, "_pool", lambda jobs, module: pool)
    calls = [{"only": [f]} for f in ("a", "b", "none", "unknown")]
    queue = parallel.FigureQueue("m", calls, [("x/1",), ("x/2", "y/1"), (), None], jobs=2, claims_module="c")
    queue.claims_in([{"id": "x/1"}, {"id": "z/9"}])
    # "a" reads x/1 (in), "none" reads nothing; "b" waits for y/1, "unknown" (reads None) for all
    assert pool.handed == [("a", ["x/1"]), ("none", [])]
    queue.claims_in([{"id": "x/2"}])
    assert len(pool.handed) == 2
    queue.claims_in([{"id": "y/1"}])
    assert pool.handed[2] == ("b", ["x/2", "y/1"])
    progress = []
    records = queue.collect(lambda fid, i, n: progress.append((fid, i, n)))
    assert pool.handed[3] == ("unknown", ["x/1", "x/2", "y/1", "z/9"]), "a figure of unknown reads gets every claim"
    assert records == [[{"id": f}] for f in ("a", "b", "none", "unknown")], "records in call order"
    assert progress == [("a", 1, 4), ("b", 2, 4), ("none", 3, 4), ("unknown", 4, 4)]
    with pytest.raises(ValueError, match="reads"):
        parallel.FigureQueue("m", calls, [()], jobs=2, claims_module="c")


@pytest.mark.integration
def test_figures_drawn_in_two_workers_equal_those_of_one_process(tmp_path):
    """The figures' records and files, with their claims run in two workers or here."""
    from mixcheck.report.build import default_results_dir, generate
    from mixcheck.report.figures import FIGURES

    only = [c for spec in FIGURES for c in (spec.reads or ())] + ["table1/printed-monotone"]
    reports = {}
    for jobs in (1, 2):
        out = tmp_path / f"jobs{jobs}"
        rep = generate(out, profile="ci", seed=3, only=only, formats=("md",), jobs=jobs,
                       claims_module="mixcheck.claims", results_dir=default_results_dir())
        files = {p.name: p.read_bytes() for p in sorted((out / "figures").iterdir())}
        reports[jobs] = ([{k: v for k, v in f.items() if k != "seconds"} for f in rep["figures"]], files)
    assert [f["status"] for f in reports[2][0]] == ["ok"] * 5
    assert reports[1] == reports[2]


class _HerePool:
    """Stands in for the workers: runs each task here, at once."""

    def __init__(self):
        self.figure_results = {}

    def submit(self, fn, *args):
        from concurrent.futures import Future

        from mixcheck.report import parallel

        if fn is parallel._figure_worker:
            self.figure_results[args[1]["only"][0]] = sorted(d["id"] for d in args[1]["results"])
        fut = Future()
        fut.set_result(fn(*args))
        return fut

    def shutdown(self, wait=True, cancel_futures=False):
        pass


@pytest.mark.integration
def test_the_report_draws_its_figures_from_the_claims_it_delivered(tmp_path, monkeypatch):
    """generate() hands each figure the results of the claims it reads: a figure that ran its
    claim again (what a figure does when the claim is not among the results) fails here."""
    import mixcheck.claims
    from mixcheck.report import parallel
    from mixcheck.report.build import generate
    from mixcheck.report.figures_lambda import BETA_CLAIM, THM4_CLAIM

    pool = _HerePool()
    monkeypatch.setattr(parallel, "_pool", lambda jobs, module: pool)

    def no_rerun(*a, **k):
        raise AssertionError("a figure ran its claim again instead of reading the delivered result")

    monkeypatch.setattr(mixcheck.claims, "run_claims", no_rerun)
    rep = generate(tmp_path / "r", profile="ci", seed=0, only=[BETA_CLAIM, THM4_CLAIM], formats=("md",), jobs=2,
                   claims_module="mixcheck.claims")
    assert [f["id"] for f in rep["figures"]] == ["beta", "thm4"]
    assert [f["status"] for f in rep["figures"]] == ["ok", "ok"]
    assert pool.figure_results == {"beta": [BETA_CLAIM], "thm4": [THM4_CLAIM]}
