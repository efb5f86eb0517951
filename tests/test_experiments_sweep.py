"""experiments.sweep / train / store on the CPU: a 2-α × 1-seed sweep on a tiny dataset written
in CIFAR-10's official format, its records and table, resume after an interruption (no record
lost or duplicated), shards, and bad input (clear errors, nothing overwritten)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from mixcheck.experiments.fake_data import skip_cifar_md5, write_cifar10, write_imagefolder
from mixcheck.experiments.store import GAP_READINGS, ConfigMismatch, ResultsStore
from mixcheck.experiments.sweep import SweepOptions, make_grid, parse_shard, run_id, run_sweep, shard_runs
from mixcheck.experiments.train import lr_at, make_protocol

TINY = dict(width=4, batch_size=16, lr=0.05, clean_subset=32)


@pytest.fixture(scope="module")
def cifar_root(tmp_path_factory):
    return write_cifar10(tmp_path_factory.mktemp("cifar"), n_train=64, n_test=32)


pytestmark = pytest.mark.usefixtures("one_torch_thread")


@pytest.fixture(autouse=True)
def _md5_bypass():
    # The tiny files are not the official CIFAR-10 batches; only torchvision's md5 check is bypassed.
    with skip_cifar_md5():
        yield


def opts(root, out, **kw) -> SweepOptions:
    base = dict(dataset="cifar10", data_root=str(root), out=str(out), alphas=[1.0], seeds=[0], epochs=2,
                device="cpu", progress=False, overrides=dict(TINY))
    base.update(kw)
    return SweepOptions(**base)


def snapshot(store_dir: Path) -> dict[str, bytes]:
    return {str(p.relative_to(store_dir)): p.read_bytes() for p in sorted(store_dir.rglob("*"))
            if p.is_file() and "locks" not in p.parts}


def strip_timing(rec: dict) -> dict:
    return {k: v for k, v in rec.items() if k not in ("epoch_time_s", "wall_time_s", "time_utc")}


@pytest.fixture(scope="module")
def finished_sweep(cifar_root, tmp_path_factory):
    out = tmp_path_factory.mktemp("sweep") / "store"
    with skip_cifar_md5():
        res = run_sweep(opts(cifar_root, out), log=lambda m: None)
    return out, res


def test_sweep_records_one_line_per_run_and_epoch(finished_sweep):
    out, res = finished_sweep
    assert res["ran"] == ["alpha0.0-seed0", "alpha1.0-seed0"]  # α = 0 (ERM) added
    store = ResultsStore(out)
    cfg = json.loads((out / "sweep.json").read_text())
    assert cfg["protocol"]["dataset"] == "cifar10" and cfg["protocol"]["width"] == 4
    assert cfg["protocol"]["preset"] == "fast" and cfg["protocol"]["amp"] is False  # bf16 only on CUDA
    for rid in res["ran"]:
        recs = store.read_run(rid)
        assert [r["epoch"] for r in recs] == [1, 2]
        for r in recs:
            assert r["config_hash"] == cfg["config_hash"] and r["epochs"] == 2 and r["evaluated"]
            for key in ("train_loss_mixed", "clean_train_loss", "test_loss", "clean_train_acc", "test_acc", *GAP_READINGS):
                assert isinstance(r[key], float) and math.isfinite(r[key]), key
            assert r["gap_clean"] == pytest.approx(r["test_loss"] - r["clean_train_loss"])
            assert r["gap_mixed"] == pytest.approx(r["test_loss"] - r["train_loss_mixed"])
            assert r["abs_gap_mixed"] == abs(r["gap_mixed"]) and 0 <= r["test_acc"] <= 1
            prov = r["provenance"]
            assert {"git_commit", "torch", "torchvision", "numpy", "device", "data_root"} <= set(prov)
            assert r["wall_time_s"] >= r["epoch_time_s"] > 0
    assert not list((out / "checkpoints").iterdir())  # finished runs leave no checkpoint
    assert (out / ".gitignore").read_text() == "checkpoints/\nlocks/\n"


def test_sweep_table_and_trend_from_the_records(finished_sweep, tmp_path):
    from mixcheck.experiments.sweep_report import has_results, trend_statistics, write_report

    out, _ = finished_sweep
    assert has_results(out)
    rep = write_report(out, tmp_path / "rep", n_boot=50)
    table = (tmp_path / "rep" / "table1.md").read_text()
    assert "α = 0 (ERM)" in table and "α = 1" in table and "paper, Table 1 (cifar10)" in table
    assert "| paper, Table 1 (cifar10) | — | 0.093 |" in table
    assert (tmp_path / "rep" / "fig3.png").stat().st_size > 1000
    t = trend_statistics(out, n_boot=50)
    assert set(t) == set(GAP_READINGS)
    assert t["gap_clean"]["alphas"] == [1.0] and t["gap_clean"]["rho"] is None  # one α > 0: no trend
    assert rep["finished"] == 2 and rep["unfinished"] == []


def test_rerun_skips_finished_runs_and_rewrites_nothing(finished_sweep, cifar_root):
    out, _ = finished_sweep
    before = snapshot(out)
    res = run_sweep(opts(cifar_root, out), log=lambda m: None)
    assert res["ran"] == [] and res["skipped"] == ["alpha0.0-seed0", "alpha1.0-seed0"]
    assert snapshot(out) == before


def test_resume_after_interruption_loses_and_duplicates_nothing(cifar_root, tmp_path):
    kw = dict(epochs=4, checkpoint_every=2)
    reference = tmp_path / "uninterrupted"
    run_sweep(opts(cifar_root, reference, **kw), log=lambda m: None)

    out = tmp_path / "interrupted"

    class Killed(Exception):
        pass

    def kill(rid, epoch):  # the α = 1 run dies after epoch 3's record, past its epoch-2 checkpoint
        if rid == "alpha1.0-seed0" and epoch == 3:
            raise Killed

    with pytest.raises(Killed):
        run_sweep(opts(cifar_root, out, **kw), log=lambda m: None, on_epoch_end=kill)
    store = ResultsStore(out)
    assert [r["epoch"] for r in store.read_run("alpha1.0-seed0")] == [1, 2, 3]
    assert store.checkpoint_path("alpha1.0-seed0").exists()
    # a crash in the middle of an append leaves a torn line: readers skip it, nothing rewrites it
    with open(store.record_path("alpha1.0-seed0"), "ab") as f:
        f.write(b'{"epoch": 4, "tor')
    trained = []
    with pytest.warns(RuntimeWarning, match="torn"):
        res = run_sweep(opts(cifar_root, out, **kw), log=lambda m: None, on_epoch_end=lambda r, e: trained.append(e))
    assert res["ran"] == ["alpha1.0-seed0"] and res["skipped"] == ["alpha0.0-seed0"]
    assert trained == [3, 4]  # restarted from the epoch-2 checkpoint, not from scratch
    with pytest.warns(RuntimeWarning, match="line 4"):
        recs = store.read_run("alpha1.0-seed0")
    assert [r["epoch"] for r in recs] == [1, 2, 3, 4]
    assert not store.checkpoint_path("alpha1.0-seed0").exists()
    # same seed, same random streams: the resumed run equals the uninterrupted one (CPU: exactly)
    ref = ResultsStore(reference)
    for rid in ("alpha0.0-seed0", "alpha1.0-seed0"):
        got = [strip_timing(r) for r in (recs if rid == "alpha1.0-seed0" else store.read_run(rid))]
        assert got == [strip_timing(r) for r in ref.read_run(rid)]


def test_shards_partition_the_grid_and_merge(cifar_root, tmp_path):
    grid = make_grid([0.4, 1.0], [0, 1])
    parts = [shard_runs(grid, (i, 3)) for i in range(3)]
    assert sorted(sum(parts, [])) == sorted(grid) and sum(map(len, parts)) == len(grid) == 6
    # two shards into one store (as two processes or Slurm array tasks would): one set of records
    out = tmp_path / "store"
    for i in range(2):
        run_sweep(opts(cifar_root, out, epochs=1, shard=f"{i}/2", alphas=[1.0]), log=lambda m: None)
    store = ResultsStore(out)
    assert store.run_ids() == ["alpha0.0-seed0", "alpha1.0-seed0"]
    assert all(len(store.read_run(r)) == 1 for r in store.run_ids())


def test_a_run_held_by_another_process_is_skipped(cifar_root, tmp_path):
    out = tmp_path / "store"
    o = opts(cifar_root, out, epochs=1)
    run_sweep(opts(cifar_root, out, epochs=1, alphas=[0.0]), log=lambda m: None)  # creates the store
    with ResultsStore(out).lock("alpha1.0-seed0") as held:
        assert held
        res = run_sweep(o, log=lambda m: None)
    assert res["busy"] == ["alpha1.0-seed0"] and ResultsStore(out).read_run("alpha1.0-seed0") == []


def test_grid_and_shard_spec():
    assert make_grid([1.0, 0.2, 1.0], [3, 3, 1]) == [(0.0, 3), (0.2, 3), (1.0, 3), (0.0, 1), (0.2, 1), (1.0, 1)]
    assert run_id(0.1, 2) == "alpha0.1-seed2" and run_id(4, 0) == "alpha4.0-seed0"
    with pytest.raises(ValueError, match="α ≥ 0"):
        make_grid([0.5, -0.1], [0])
    with pytest.raises(ValueError, match="non-negative"):
        make_grid([1.0], [-1])
    assert parse_shard("2/5", {}) == (2, 5) and parse_shard(None, {}) == (0, 1)
    for bad in ("5/5", "1", "a/b", "-1/2", "0/0", "1/2/3"):
        with pytest.raises(ValueError, match="shard"):
            parse_shard(bad, {})
    slurm = {"SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "4"}
    assert parse_shard(None, slurm) == (3, 4)
    assert parse_shard(None, {**slurm, "SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_MIN": "1"}) == (3, 4)
    assert parse_shard("0/2", slurm) == (0, 2)  # an explicit --shard wins
    with pytest.raises(ValueError, match="outside"):
        parse_shard(None, {**slurm, "SLURM_ARRAY_TASK_ID": "9"})


def test_learning_rate_schedules():
    paper = make_protocol("paper")
    assert (paper.epochs, paper.batch_size, paper.lr, paper.momentum, paper.weight_decay) == (200, 128, 0.1, 0.9, 1e-4)
    spe = 391  # ceil(50000 / 128)
    lrs = {e: lr_at(paper, (e - 1) * spe, spe) for e in (1, 100, 101, 150, 151, 200)}  # 1-based epochs
    assert lrs == pytest.approx({1: 0.1, 100: 0.1, 101: 0.01, 150: 0.01, 151: 0.001, 200: 0.001})
    fast = make_protocol("fast")
    spe = 97  # 50000 // 512
    total, warm = 15 * spe, round(0.2 * 15 * spe)
    assert lr_at(fast, warm - 1, spe) == pytest.approx(0.4) and lr_at(fast, 0, spe) == pytest.approx(0.4 / warm)
    assert lr_at(fast, total - 1, spe) == pytest.approx(0.4 / (total - warm))
    assert make_protocol("fast", device="cuda").amp and not make_protocol("fast", device="cpu").amp
    with pytest.raises(ValueError, match="unknown preset"):
        make_protocol("slow")


def test_bad_input_is_a_clear_error_and_writes_nothing(cifar_root, finished_sweep, tmp_path):
    out = tmp_path / "new"
    with pytest.raises(ValueError, match="α ≥ 0"):
        run_sweep(opts(cifar_root, out, alphas=[-1.0]), log=lambda m: None)
    with pytest.raises(ValueError, match="shard"):
        run_sweep(opts(cifar_root, out, shard="3/2"), log=lambda m: None)
    with pytest.raises(ValueError, match="unknown dataset"):
        run_sweep(opts(cifar_root, out, dataset="mnist"), log=lambda m: None)
    with pytest.raises(ValueError, match="--download"):
        run_sweep(opts(tmp_path / "nowhere", out), log=lambda m: None)
    assert not out.exists()
    # a store holding another sweep's protocol: an error naming the difference, no byte changed
    done, _ = finished_sweep
    before = snapshot(done)
    with pytest.raises(ConfigMismatch, match="width"):
        run_sweep(opts(cifar_root, done, overrides={**TINY, "width": 8}), log=lambda m: None)
    with pytest.raises(ConfigMismatch, match="dataset"):
        run_sweep(opts(write_imagefolder(tmp_path / "tree", n_train=64, n_test=32), done, dataset="imagefolder"),
                  log=lambda m: None)
    assert snapshot(done) == before
    # a folder that is not a store at all
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    with pytest.raises(ConfigMismatch, match="not a sweep store"):
        run_sweep(opts(cifar_root, other), log=lambda m: None)
    assert [p.name for p in other.iterdir()] == ["notes.txt"]
