"""`mixcheck sweep` and `mixcheck sweep-report` from the command line; the pipeline benchmark's
CPU smoke run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mixcheck.experiments.fake_data import write_imagefolder
from mixcheck.cli import main

ROOT = Path(__file__).resolve().parents[1]


pytestmark = pytest.mark.usefixtures("one_torch_thread")


def test_register_is_cheap_and_lists_the_datasets():
    from mixcheck.experiments import cli as experiments_cli, data as experiments_data

    assert experiments_cli._DATASETS == experiments_data.DATASETS
    code = "import sys, mixcheck.experiments.cli; assert 'torch' not in sys.modules and 'matplotlib' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_sweep_and_report_from_the_command_line(tmp_path, capsys):
    data = write_imagefolder(tmp_path / "tree", n_train=48, n_test=24)
    out = tmp_path / "store"
    argv = ["sweep", "--dataset", "imagefolder", "--data-root", str(data), "--alphas", "0.5", "--seeds", "1",
            "--epochs", "1", "--out", str(out), "--width", "4", "--batch-size", "16", "--clean-subset", "0",
            "--device", "cpu", "--no-progress"]
    assert main(argv) == 0
    res = capsys.readouterr()
    assert "2 runs trained" in res.out and "alpha0.5-seed1: 1/1 epochs" in res.err
    assert main(argv) == 0 and "2 already finished" in capsys.readouterr().out
    assert main(["sweep-report", str(out), "--n-boot", "20", "--format", "svg"]) == 0
    report = capsys.readouterr().out
    assert "α = 0 (ERM)" in report and "Spearman" in report and (out / "report" / "fig3.svg").exists()
    assert json.loads((out / "report" / "trend.json").read_text())["finished_runs"] == 2


def test_command_line_errors(tmp_path, capsys):
    base = ["sweep", "--dataset", "cifar10", "--out", str(tmp_path / "o"), "--device", "cpu"]
    with pytest.raises(SystemExit) as e:
        main([*base, "--data-root", str(tmp_path), "--alphas", "-0.5"])
    assert e.value.code == 2 and "α must be a finite number ≥ 0" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main([*base[:2], "mnist", *base[3:], "--data-root", str(tmp_path), "--alphas", "1"])
    assert "invalid choice: 'mnist'" in capsys.readouterr().err
    assert main([*base, "--data-root", str(tmp_path), "--alphas", "1", "--shard", "2/2"]) == 2
    assert "bad shard spec" in capsys.readouterr().err
    assert main([*base, "--data-root", str(tmp_path / "none"), "--alphas", "1"]) == 2
    err = capsys.readouterr().err
    assert "mixcheck sweep: error:" in err and "--download" in err and "cifar10-jpeg.tar.gz" in err
    assert not (tmp_path / "o").exists()
    assert main(["sweep-report", str(tmp_path / "nothing")]) == 2
    assert "no sweep store" in capsys.readouterr().err


def test_pipeline_benchmark_runs_on_the_cpu(capsys):
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_pipeline", ROOT / "benchmarks" / "bench_pipeline.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    res = bench.main(["--synthetic", "--images", "64", "--batch-size", "32", "--width", "2", "--passes", "1",
                      "--workers", "0", "--device", "cpu"])
    out = capsys.readouterr().out
    assert "ratio (b)/(a)" in out and res["ratio"] > 0 and res["harness_img_s"] > 0


def _bad_sweep_lines(tmp: Path, tree: Path) -> list[tuple[list[str], str]]:
    garbage = tmp / "garbage.tar.gz"
    garbage.write_bytes(bytes(range(256)) * 4)
    good = tmp / "good.tar.gz"
    import tarfile

    with tarfile.open(good, "w:gz") as tf:
        tf.add(tree, arcname="tree")
    truncated = tmp / "truncated.tar.gz"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    afile = tmp / "afile"
    afile.write_text("keep me")
    base = ["sweep", "--dataset", "imagefolder", "--alphas", "1", "--epochs", "1", "--width", "2", "--device", "cpu",
            "--no-progress", "--cache-dir", str(tmp / "cache")]
    d = ["--data-root", str(tree)]
    o = ["--out", str(tmp / "out")]
    return [
        ([*base, "--data-root", str(garbage), *o], "not a readable .tar.gz"),
        ([*base, "--data-root", str(truncated), *o], "truncated"),
        ([*base, *d, "--out", str(afile)], "not a folder"),
        ([*base, *d, *o, "--device", "bogus"], "--device"),
        ([*base, *d, *o, "--checkpoint-every", "0"], "--checkpoint-every"),
        ([*base, *d, *o, "--weight-decay", "-1"], "weight_decay"),
        ([*base, *d, *o, "--batch-size", "1000"], "batch_size 1000 exceeds"),
        ([*base, *d, *o, "--train-subset", "7"], "multiple of the"),
        ([*base, *d, *o, "--lr", "nan"], "lr"),
        ([*base, *d, *o, "--epochs", "0"], "epochs"),
        (["sweep-report", str(afile)], "not a folder"),
        (["sweep-report", str(tmp / "nothing")], "no sweep store"),
        (["sweep-report", str(tree), "--level", "2"], "level"),
    ]


def test_bad_command_lines_exit_2_with_one_line_and_write_nothing(tmp_path, capsys):
    tree = write_imagefolder(tmp_path / "tree", n_train=20, n_test=10)
    tmp = tmp_path / "t"
    tmp.mkdir()
    lines = _bad_sweep_lines(tmp, tree)
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    for argv, needle in lines:
        try:
            rc = main(argv)
        except SystemExit as e:  # argparse's own usage errors
            rc = e.code
        err = capsys.readouterr().err
        assert rc == 2, (argv, err)
        assert "Traceback" not in err and needle in err, (argv, err)
        assert not (tmp / "out").exists(), argv
    after = {p: p.read_bytes() for p in before}
    assert after == before
    cache = tmp / "cache"
    assert not cache.exists() or not [p for p in cache.iterdir() if ".tmp-" in p.name]  # nothing left behind
