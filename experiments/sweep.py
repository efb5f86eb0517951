"""The α sweep: a grid of (α, seed) runs, sharded, resumable, recorded in a results store.

``run_sweep`` validates everything it can before it touches data or the store (α ≥ 0, seeds,
the shard spec, the preset), loads the data once, writes or checks the store's ``sweep.json``
(a store holding another sweep's protocol is an error, and nothing is written), then trains
this shard's runs in order. A run with a record for its last epoch is finished and skipped;
a run another process holds (its lock) is skipped too; a run in progress resumes from its
checkpoint. α = 0 (plain ERM, the baseline) is always added to the grid.

Shards: ``--shard i/N`` (0 ≤ i < N) takes runs i, i+N, i+2N, … of the grid (seed-major: all α of
seed 0 first). Without ``--shard``, a Slurm job array's ``SLURM_ARRAY_TASK_ID`` and
``SLURM_ARRAY_TASK_COUNT`` (offset by ``SLURM_ARRAY_TASK_MIN``) select it.
"""

from __future__ import annotations

import os
import platform
import socket
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

from mixcheck.validation import check_alpha

__all__ = ["SweepOptions", "parse_shard", "make_grid", "run_id", "shard_runs", "provenance", "run_sweep"]


@dataclass
class SweepOptions:
    dataset: str
    data_root: str | None
    out: str
    alphas: list[float]
    seeds: list[int]
    preset: str = "fast"
    epochs: int | None = None
    shard: str | None = None
    download: bool = False
    cache_dir: str | None = None
    device: str = "auto"
    compile: bool = False
    channels_last: bool | None = None
    checkpoint_every: int | None = None
    progress: bool = True
    overrides: dict[str, Any] = field(default_factory=dict)  # other Protocol fields (batch_size, lr, …)


def parse_shard(spec: str | None, environ: Mapping[str, str] | None = None) -> tuple[int, int]:
    """(i, N) from ``"i/N"``; without a spec, from a Slurm job array's environment, else (0, 1)."""
    env = os.environ if environ is None else environ
    if spec is None:
        if "SLURM_ARRAY_TASK_ID" in env and "SLURM_ARRAY_TASK_COUNT" in env:
            try:
                i = int(env["SLURM_ARRAY_TASK_ID"]) - int(env.get("SLURM_ARRAY_TASK_MIN", "0"))
                n = int(env["SLURM_ARRAY_TASK_COUNT"])
            except ValueError as exc:
                raise ValueError(f"unreadable Slurm array variables: {exc}") from exc
            if not 0 <= i < n:
                raise ValueError(f"Slurm array task {env['SLURM_ARRAY_TASK_ID']} (min {env.get('SLURM_ARRAY_TASK_MIN', '0')}) "
                                 f"is outside 0..{n - 1}: use a contiguous array such as --array=0-{n - 1}")
            return i, n
        return 0, 1
    parts = str(spec).split("/")
    try:
        i, n = (int(v) for v in parts)
    except ValueError:
        raise ValueError(f"bad shard spec {spec!r}: expected i/N with integers 0 ≤ i < N, e.g. 0/4") from None
    if n < 1 or not 0 <= i < n:
        raise ValueError(f"bad shard spec {spec!r}: expected i/N with 0 ≤ i < N, e.g. 0/4")
    return i, n


def make_grid(alphas, seeds) -> list[tuple[float, int]]:
    """The sweep's runs, seed-major: α = 0 added, α sorted and deduplicated; α < 0 is an error."""
    alist = sorted({check_alpha(a, "alpha") for a in alphas} | {0.0})
    slist = []
    for s in seeds:
        if isinstance(s, bool) or int(s) != s or int(s) < 0:
            raise ValueError(f"seeds must be non-negative integers, got {s!r}")
        if int(s) not in slist:
            slist.append(int(s))
    if not slist:
        raise ValueError("at least one seed is needed")
    return [(a, s) for s in slist for a in alist]


def run_id(alpha: float, seed: int) -> str:
    """A run's name in the store, e.g. ``alpha0.2-seed3`` (α as Python's shortest repr)."""
    return f"alpha{float(alpha)!r}-seed{int(seed)}"


def shard_runs(grid: list, shard: tuple[int, int]) -> list:
    i, n = shard
    return grid[i::n]


def provenance(device, data_source: dict) -> dict:
    """Where and with what a record was computed (goes into every record)."""
    import numpy
    import torch
    import torchvision

    import mixcheck
    from mixcheck.info import git_commit

    dev = torch.device(device)
    if dev.type == "cuda":
        name = torch.cuda.get_device_name(dev)
    else:
        name = f"cpu ({platform.processor() or platform.machine()}, {os.cpu_count()} cores)"
    prov = {"git_commit": git_commit(), "mixcheck": mixcheck.__version__, "python": platform.python_version(),
            "torch": torch.__version__, "torchvision": torchvision.__version__, "numpy": numpy.__version__,
            "cuda": torch.version.cuda, "device": name, "host": socket.gethostname(), **data_source}
    for key in ("SLURM_JOB_ID", "SLURM_ARRAY_JOB_ID", "SLURM_ARRAY_TASK_ID"):
        if key in os.environ:
            prov[key.lower()] = os.environ[key]
    return prov


def _pick_device(name: str):
    import torch

    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    try:
        dev = torch.device(name)
    except (RuntimeError, TypeError):
        raise ValueError(f"--device {name!r} is not a device: use auto, cpu, cuda or cuda:N") from None
    if dev.type not in ("cpu", "cuda", "mps"):
        raise ValueError(f"--device {name!r}: the harness runs on cpu, cuda or mps")
    if dev.type == "cuda" and not torch.cuda.is_available():
        raise ValueError(f"--device {name}: CUDA is not available here (torch.cuda.is_available() is False)")
    return dev


def run_sweep(opts: SweepOptions, *, log: Callable[[str], None] | None = None,
              on_epoch_end: Callable[[str, int], None] | None = None) -> dict:
    """Run this shard of the sweep; returns {"store", "config_hash", "ran", "skipped", "busy"}."""
    log = log or (lambda msg: print(msg, file=sys.stderr, flush=True))
    from . import data as data_mod

    # 1. Everything checkable without data or store.
    if opts.dataset not in data_mod.DATASETS:
        raise data_mod.DataError(f"unknown dataset {opts.dataset!r}; choose one of {', '.join(data_mod.DATASETS)}")
    grid = make_grid(opts.alphas, opts.seeds)
    shard = parse_shard(opts.shard)
    import torch

    from .store import ResultsStore
    from .train import Runtime, check_fits_data, make_protocol, train_run

    out = Path(opts.out)
    if out.exists() and not out.is_dir():
        raise ValueError(f"--out {opts.out} exists and is not a folder; a results store is a folder")
    if opts.checkpoint_every is not None and (isinstance(opts.checkpoint_every, bool) or
                                              not isinstance(opts.checkpoint_every, int) or opts.checkpoint_every < 1):
        raise ValueError(f"--checkpoint-every must be an integer ≥ 1, got {opts.checkpoint_every!r}")
    device = _pick_device(opts.device)
    protocol = make_protocol(opts.preset, device=device, epochs=opts.epochs, **opts.overrides)
    rt = Runtime(device=device, channels_last=opts.channels_last, compile=opts.compile, progress=opts.progress,
                 **({"checkpoint_every": opts.checkpoint_every} if opts.checkpoint_every is not None else {}))

    # 2. The data, once.
    t0 = time.perf_counter()
    data = data_mod.load_dataset(opts.dataset, opts.data_root, download=opts.download, cache_dir=opts.cache_dir)
    log(f"data: {opts.dataset} {len(data.train_y)} train + {len(data.test_y)} test images "
        f"{tuple(data.image_shape)}, {data.num_classes} classes, read in {time.perf_counter() - t0:.1f} s")

    check_fits_data(protocol, len(data.train_y), data.train_y, data.num_classes)

    # 3. The store: created, or checked to hold this same protocol.
    store = ResultsStore(opts.out)
    doc = {**protocol.to_dict(), **data.describe()}
    cfg = store.init(doc, extra={"created_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                                 "data_source": data.source})
    h = cfg["config_hash"]
    if store.stale_removed:
        log(f"removed {len(store.stale_removed)} temporary file(s) left by an interrupted process: "
            + ", ".join(p.name for p in store.stale_removed))

    mine = shard_runs(grid, shard)
    log(f"sweep {h} in {store.root}: {len(grid)} runs in the grid, {len(mine)} in shard {shard[0]}/{shard[1]}; "
        f"preset {protocol.preset}, {protocol.epochs} epochs, device {device}, bf16 {protocol.amp}, "
        f"channels_last {rt.channels_last}, compile {rt.compile}")
    if device.type == "cuda":
        torch.backends.cudnn.benchmark = True
    data = data.to(device)
    prov = provenance(device, data.source)

    ran, skipped, busy = [], [], []
    for alpha, seed in mine:
        rid = run_id(alpha, seed)
        if any((r.get("epoch") == protocol.epochs or r.get("diverged")) and r.get("config_hash") == h
               for r in store.read_run(rid)):
            skipped.append(rid)
            continue
        with store.lock(rid) as held:
            if not held:
                log(f"{rid}: another process is running it; skipped")
                busy.append(rid)
                continue
            t_run = time.perf_counter()
            hook = (lambda ep, _rid=rid: on_epoch_end(_rid, ep)) if on_epoch_end else None
            last = train_run(protocol, data, alpha=alpha, seed=seed, store=store, run_id=rid, config_hash=h,
                             rt=rt, provenance=prov, on_epoch_end=hook)
            log(_summary_line(rid, last, time.perf_counter() - t_run))
            ran.append(rid)
    if skipped:
        log(f"{len(skipped)} finished runs skipped: {', '.join(skipped)}")
    return {"store": str(store.root), "config_hash": h, "ran": ran, "skipped": skipped, "busy": busy}


def _summary_line(rid: str, rec: dict, seconds: float) -> str:
    def f(key, fmt="{:.4f}"):
        v = rec.get(key)
        return "n/a" if v is None else fmt.format(v)

    if rec.get("diverged"):
        return f"{rid}: DIVERGED at epoch {rec.get('epoch')}/{rec.get('epochs')} ({rec.get('diverged_reason')}); stopped"
    return (f"{rid}: {rec.get('epoch')}/{rec.get('epochs')} epochs in {seconds:.1f} s | test acc "
            f"{f('test_acc', '{:.2%}')} | test loss {f('test_loss')} | train loss clean {f('clean_train_loss')} "
            f"mixed {f('train_loss_mixed')} | gap test−clean {f('gap_clean')} test−mixed {f('gap_mixed')}")
