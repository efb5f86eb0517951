"""`mixcheck sweep` and `mixcheck sweep-report` from the command line; the pipeline benchmark's
CPU smoke run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from experiments.fake_data import write_imagefolder
from mixcheck.cli import main

ROOT = Path(__file__).resolve().parents[1]


pytestmark = pytest.mark.usefixtures("one_torch_thread")


def test_register_is_cheap_and_lists_the_datasets():
    import experiments.cli
    import experiments.data

    assert experiments.cli._DATASETS == experiments.data.DATASETS
    code = "import sys, experiments.cli; assert 'torch' not in sys.modules and 'matplotlib' not in sys.modules"
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
