"""`pytest -m gpu`: the reproduction sweep on a GPU, then its report.

Size and data from environment variables (defaults: the `fast` preset's CIFAR-10 grid —
8 α values × 2 seeds, 15 epochs — on the shared JPEG copy of CIFAR-10):

    MIXCHECK_SWEEP_DATASET    cifar10 | cifar100 | svhn | stl10 | imagefolder
                              (default: imagefolder for the shared archive, else cifar10)
    MIXCHECK_SWEEP_DATA_ROOT  default ../shared/datasets/cifar10-jpeg.tar.gz
    MIXCHECK_SWEEP_PRESET     fast | paper (default fast)
    MIXCHECK_SWEEP_ALPHAS     default "0.1 0.2 0.4 0.8 1.0 2.0 4.0" (0 is always added)
    MIXCHECK_SWEEP_SEEDS      default "0 1"
    MIXCHECK_SWEEP_EPOCHS     default: the preset's
    MIXCHECK_SWEEP_OUT        the results store (default: a temporary folder; set it to
                              experiments/results/cifar10 to keep the results — the sweep resumes)
    MIXCHECK_SWEEP_COMPILE    1 to torch.compile the model

A tiny check: MIXCHECK_SWEEP_ALPHAS=1.0 MIXCHECK_SWEEP_SEEDS=0 MIXCHECK_SWEEP_EPOCHS=2 pytest -m gpu -s
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import pytest

from mixcheck.experiments.paper_values import TABLE1_ALPHAS

pytestmark = pytest.mark.gpu


def _env_list(name: str, default, cast):
    raw = os.environ.get(name)
    return [cast(v) for v in raw.replace(",", " ").split()] if raw else list(default)


def test_reproduction_sweep_on_the_gpu(tmp_path):
    import torch

    from mixcheck.experiments.data import shared_cifar10_archive
    from mixcheck.experiments.store import GAP_READINGS, ResultsStore
    from mixcheck.experiments.sweep import SweepOptions, make_grid, run_id, run_sweep
    from mixcheck.experiments.sweep_report import format_trends, has_results, trend_statistics, write_report

    if not torch.cuda.is_available():
        pytest.skip("needs a CUDA device (torch.cuda.is_available() is False)")
    root = os.environ.get("MIXCHECK_SWEEP_DATA_ROOT") or shared_cifar10_archive()
    if root is None or not Path(root).exists():
        pytest.skip("no data: set MIXCHECK_SWEEP_DATA_ROOT (e.g. a folder holding cifar-10-batches-py) or provide "
                    "../shared/datasets/cifar10-jpeg.tar.gz")
    dataset = os.environ.get("MIXCHECK_SWEEP_DATASET") or (
        "imagefolder" if str(root).endswith((".tar.gz", ".tgz")) or (Path(root) / "train").is_dir() else "cifar10")
    alphas = _env_list("MIXCHECK_SWEEP_ALPHAS", TABLE1_ALPHAS, float)
    seeds = _env_list("MIXCHECK_SWEEP_SEEDS", (0, 1), int)
    epochs = int(os.environ["MIXCHECK_SWEEP_EPOCHS"]) if os.environ.get("MIXCHECK_SWEEP_EPOCHS") else None
    out = Path(os.environ.get("MIXCHECK_SWEEP_OUT") or tmp_path / "store")
    opts = SweepOptions(dataset=dataset, data_root=str(root), out=str(out), alphas=alphas, seeds=seeds,
                        preset=os.environ.get("MIXCHECK_SWEEP_PRESET", "fast"), epochs=epochs, device="cuda",
                        compile=os.environ.get("MIXCHECK_SWEEP_COMPILE", "0") == "1", progress=False)
    res = run_sweep(opts, log=print)

    store = ResultsStore(out)
    cfg = store.read_config()
    n_epochs = cfg["protocol"]["epochs"]
    assert cfg["protocol"]["amp"] is (opts.preset == "fast")  # bf16 autocast on CUDA in the fast preset
    for alpha, seed in make_grid(alphas, seeds):
        recs = store.read_run(run_id(alpha, seed))
        assert [r["epoch"] for r in recs] == list(range(1, n_epochs + 1)), run_id(alpha, seed)
        last = recs[-1]
        assert not last["provenance"]["device"].startswith("cpu")
        for key in ("test_loss", "test_acc", "clean_train_loss", "train_loss_mixed", *GAP_READINGS):
            assert last[key] is not None and math.isfinite(last[key]), (run_id(alpha, seed), key)
    assert has_results(out)
    rep = write_report(out)
    print(rep["table"], format_trends(rep), f"ran {len(res['ran'])}, skipped {len(res['skipped'])}", sep="\n\n")
    trends = trend_statistics(out)
    assert set(trends) == set(GAP_READINGS)
    assert all(t["n_seeds"] == len(set(seeds)) for t in trends.values())
    assert (Path(rep["out_dir"]) / "fig3.png").exists() and rep["unfinished"] == []
