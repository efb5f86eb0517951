"""experiments.sweep_report: the Table 1-shaped table, the trend statistic and its bootstrap
interval, on stores with known numbers; and the paper's values."""

from __future__ import annotations

import json

import numpy as np
import pytest
from scipy.stats import spearmanr

from mixcheck.experiments.paper_values import TABLE1, TABLE1_ALPHAS, paper_gap
from mixcheck.experiments.store import GAP_READINGS, ResultsStore, config_hash
from mixcheck.experiments.sweep import run_id
from mixcheck.experiments.sweep_report import final_records, has_results, trend, trend_statistics, write_report

KEYS = {"rho", "ci_low", "ci_high", "level", "n_seeds", "alphas", "mean_gap_by_alpha"}
CIFAR10_PROTOCOL = {"dataset": "cifar10", "epochs": 2, "classes": [], "image_shape": [3, 32, 32]}


def fake_store(path, gap, alphas=(0.0, *TABLE1_ALPHAS), seeds=(0, 1, 2), protocol=CIFAR10_PROTOCOL):
    """A store whose final records have gap_clean = gap(α, seed), other readings derived from it."""
    store = ResultsStore(path)
    h = store.init(dict(protocol))["config_hash"]
    for s in seeds:
        for a in alphas:
            for epoch in (1, 2):
                g = gap(a, s) * epoch / 2
                store.append(run_id(a, s), {
                    "run_id": run_id(a, s), "alpha": a, "seed": s, "epoch": epoch, "epochs": 2, "config_hash": h,
                    "test_loss": 1.0 + g, "clean_train_loss": 1.0, "train_loss_mixed": 1.5, "test_acc": 0.9 - a / 100,
                    "gap_clean": g, "abs_gap_clean": abs(g), "gap_mixed": g - 0.5, "abs_gap_mixed": abs(g - 0.5)})
    return store


def test_trend_statistics_shape_and_values(tmp_path):
    fake_store(tmp_path, lambda a, s: 0.03 * a + 0.001 * s)
    t = trend_statistics(tmp_path, n_boot=300)
    assert set(t) == set(GAP_READINGS)
    for name, v in t.items():
        assert KEYS <= set(v), name
        assert v["alphas"] == list(TABLE1_ALPHAS) and v["n_seeds"] == 3 and v["level"] == 0.95
    g = t["gap_clean"]
    assert g["rho"] == 1.0 and g["ci_low"] == g["ci_high"] == 1.0  # strictly increasing for every resample
    assert g["mean_gap_by_alpha"][0.4] == pytest.approx(0.03 * 0.4 + 0.001)
    # gap_mixed = gap − 0.5 < 0 here: its absolute value falls with α
    assert t["abs_gap_mixed"]["rho"] == -1.0
    with_erm = trend_statistics(tmp_path, n_boot=50, include_baseline=True)
    assert with_erm["gap_clean"]["alphas"][0] == 0.0 and len(with_erm["gap_clean"]["alphas"]) == 8


def test_bootstrap_interval_is_seeded_and_brackets_noisy_trends():
    rng = np.random.default_rng(0)
    vals = {a: list(0.01 * a + rng.normal(0, 0.05, size=4)) for a in TABLE1_ALPHAS}
    r1, r2 = trend(vals, n_boot=400, seed=3), trend(vals, n_boot=400, seed=3)
    assert r1 == r2
    means = [np.mean(vals[a]) for a in TABLE1_ALPHAS]
    assert r1["rho"] == pytest.approx(spearmanr(TABLE1_ALPHAS, means).statistic)
    assert -1 <= r1["ci_low"] < r1["ci_high"] <= 1
    narrow = trend(vals, n_boot=400, seed=3, level=0.5)
    assert r1["ci_low"] <= narrow["ci_low"] <= narrow["ci_high"] <= r1["ci_high"]
    flat = trend({0.1: [1.0], 0.2: [1.0], 0.4: [1.0]}, n_boot=20)
    assert flat["rho"] is None and flat["ci_low"] is None and flat["n_seeds"] == 1
    with pytest.raises(ValueError, match="level"):
        trend(vals, level=1.5)


def test_only_finished_runs_count(tmp_path):
    store = fake_store(tmp_path, lambda a, s: a, alphas=(0.0, 0.5, 1.0), seeds=(0,))
    h = store.read_config()["config_hash"]
    store.append("alpha2.0-seed0", {"run_id": "alpha2.0-seed0", "alpha": 2.0, "seed": 0, "epoch": 1, "epochs": 2,
                                    "config_hash": h, "gap_clean": 9.0})
    assert [r["alpha"] for r in final_records(tmp_path)] == [0.0, 0.5, 1.0]
    rep = write_report(tmp_path, n_boot=20)
    assert rep["unfinished"] == ["alpha2.0-seed0"]
    doc = json.loads((tmp_path / "report" / "trend.json").read_text())
    assert doc["paper_row"] == "cifar10" and doc["gap_trend"]["gap_clean"]["mean_gap_by_alpha"]["0.5"] == 0.5
    table = (tmp_path / "report" / "table1.md").read_text()
    assert "| paper, Table 1 (cifar10) | — | — | 0.093 |" in table
    assert "\\|test loss − clean train loss\\|" in table  # pipes escaped inside the markdown table


def test_has_results(tmp_path):
    assert not has_results(tmp_path / "absent") and not has_results(tmp_path)
    fake_store(tmp_path / "s", lambda a, s: a, alphas=(0.0,), seeds=(0,))
    assert has_results(tmp_path / "s")


def test_an_imagefolder_copy_of_cifar10_is_compared_with_the_cifar10_row(tmp_path):
    from mixcheck.experiments.fake_data import CIFAR10_CLASSES

    proto = {**CIFAR10_PROTOCOL, "dataset": "imagefolder", "classes": CIFAR10_CLASSES}
    fake_store(tmp_path, lambda a, s: a, alphas=(0.0, 1.0), seeds=(0,), protocol=proto)
    assert write_report(tmp_path, n_boot=10)["table"].count("paper, Table 1 (cifar10)") == 1


def test_paper_values_as_printed():
    assert set(TABLE1) == {"cifar10", "cifar100", "stl10", "svhn"}
    assert all(list(row) == list(TABLE1_ALPHAS) for row in TABLE1.values())
    assert paper_gap("cifar10", 4.0) == 0.130 and paper_gap("stl10", 0.2) == 0.0215
    assert paper_gap("cifar100", 0.0) is None and paper_gap("imagefolder", 1.0) is None
    assert len(config_hash({"a": 1})) == 16
