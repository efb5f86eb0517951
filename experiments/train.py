"""One training run of the α sweep: ResNet-18 with mixup, read top to bottom.

The protocol (:class:`Protocol`) is everything that fixes a run's results except α and the
seed. Two presets:

``paper`` — the reference protocol (facebookresearch/mixup-cifar10, ``train.py``): SGD with
momentum 0.9 (not Nesterov), lr 0.1, weight decay 1e-4 on every parameter, batch 128 (the last,
smaller batch kept), 200 epochs, lr ÷10 after epoch 100 and after epoch 150 (epochs 1–100 at
0.1, 101–150 at 0.01, 151–200 at 0.001; the reference's own loop lowers it one epoch later),
fp32, one λ ~ Beta(α, α) per batch, partners by a random permutation of the batch.

``fast`` — a budget schedule; only what speed needs differs from ``paper``: 15 epochs, batch
512 (the last incomplete batch dropped, so shapes are static for ``torch.compile``), lr scaled
linearly with the batch (0.1 × 512/128 = 0.4) on a one-cycle schedule — per step, of T steps in all and
W = round(0.2·T) warm-up steps (3 of the 15 epochs): lr = 0.4·(t+1)/W for step t < W, then
0.4·(T−t)/(T−W), linear down to 0.4/(T−W) at the last step — and bf16 autocast on CUDA. Momentum 0.9, weight decay 1e-4,
one λ per batch, permutation pairing, and the augmentation are as in ``paper``.

``cpu`` — a scaled-down protocol sized for an ordinary 2-core machine (the whole α × 3-seed grid
in about an hour), labelled as such wherever its numbers appear: PreAct ResNet-18 at width 8
(stages of 8, 16, 32, 64 channels; 176,066 parameters instead of 11.2 M), a fixed class-balanced
subset of 10,000 training images (1,000 per class, the same for every run), the full 10,000-image
test set, 10 epochs, batch 128 (the last incomplete batch dropped), lr 0.1 on the one-cycle schedule
of ``fast`` (the paper's lr for batch 128; 20 % warm-up), fp32, evaluated after epochs 5 and 10
(clean train loss on a fixed 5,000 of the 10,000 training images). Momentum, weight decay, pairing and augmentation as ``paper``.

Overriding ``batch_size`` without ``lr`` scales the preset's peak lr linearly with the batch
(Goyal et al. 2017: lr × batch / preset batch); the rule and the numbers are kept in the
protocol's ``lr_scaling``. A run whose loss diverges — a non-finite training loss, or an epoch's
mean mixed-batch loss above ``diverge_factor`` × ln(classes), the loss of a uniform guess — is
stopped and its last record marked ``diverged`` with the reason; it counts as finished, is never
a data point of a trend and is shown as diverged.

The presets evaluate every ``eval_every`` epochs (1 for ``paper`` and ``fast``): the mixed-batch training loss (averaged over the epoch's batches, as
the reference logs it), the clean training loss and accuracy (eval mode, un-augmented training
images: all of them in ``paper``, a fixed subset of 10,000 in ``fast``), the test loss and
accuracy, and the four gap readings (test − clean train, test − mixed train, and their absolute
values).

One seed fixes everything: the initialisation (torch's global seed, set just before the model
is built) and, for each epoch, the data order, the crops and flips (a ``torch.Generator`` on
the device) and the λ draws and permutations (a ``numpy`` Generator, through
:func:`mixcheck.mixup.mixup_batch`), all derived from (seed, epoch). A run resumed from a
checkpoint therefore continues with the same random stream as an uninterrupted run (bit for
bit on the CPU; on a GPU up to cuDNN's non-deterministic kernels).
"""

from __future__ import annotations

import inspect
import io
import math
import time
from dataclasses import asdict, dataclass, field
from typing import Any, Callable

import numpy as np
import torch
import torch.nn.functional as F

from mixcheck.losses import mixup_cross_entropy, soft_cross_entropy
from mixcheck.mixup import mixup_batch, one_hot

from .data import DeviceLoader, ImageData
from .model import build_model
from .store import GAP_READINGS, ResultsStore, atomic_write_bytes

__all__ = ["Protocol", "Runtime", "PRESETS", "make_protocol", "lr_at", "derive_seed", "evaluate", "build_training",
           "train_epoch", "train_run"]

@dataclass(frozen=True)
class Protocol:
    """Everything that fixes a run's results except α and the seed (stored in ``sweep.json``)."""

    preset: str
    epochs: int
    batch_size: int
    lr: float
    schedule: str  # "multistep" (milestones, gamma) or "onecycle" (warmup_fraction)
    momentum: float = 0.9
    nesterov: bool = False
    weight_decay: float = 1e-4
    milestones: tuple[int, ...] = ()
    gamma: float = 0.1
    warmup_fraction: float = 0.0  # onecycle: share of the steps spent warming up
    drop_last: bool = False
    amp: bool = False  # bf16 autocast
    arch: str = "preact18"
    width: int = 64
    crop_padding: int = 4
    flip: bool = True
    pairing: str = "permutation"  # or "expected" (x̃ = λx + (1−λ)·batch mean, the proofs' surrogate)
    per_sample_lambda: bool = False
    eval_every: int = 1
    clean_subset: int = 0  # 0: every training image
    clean_subset_seed: int = 0  # the subset is the same for every run
    train_subset: int = 0  # 0: every training image; else a fixed class-balanced subset of this size
    train_subset_seed: int = 0
    lr_scaling: str = ""  # how lr was derived when the batch size was overridden ("" = preset's own)
    diverge_factor: float = 4.0  # a mean mixed-batch loss above this × ln(classes) counts as diverged

    def to_dict(self) -> dict:
        d = asdict(self)
        d["milestones"] = list(self.milestones)
        return d


PRESETS: dict[str, dict[str, Any]] = {
    "paper": dict(epochs=200, batch_size=128, lr=0.1, schedule="multistep", milestones=(100, 150), gamma=0.1,
                  drop_last=False, amp=False, clean_subset=0),
    "fast": dict(epochs=15, batch_size=512, lr=0.4, schedule="onecycle", warmup_fraction=0.2,
                 drop_last=True, amp=None, clean_subset=10_000),  # amp None: on for CUDA only
    "cpu": dict(epochs=10, batch_size=128, lr=0.1, schedule="onecycle", warmup_fraction=0.2, drop_last=True,
                amp=False, width=8, train_subset=10_000, clean_subset=5_000, eval_every=5),
}

#: Protocol fields a user may override (everything but the preset's name and the derived ``lr_scaling``).
OVERRIDABLE = tuple(f for f in Protocol.__dataclass_fields__ if f not in ("preset", "lr_scaling"))


def make_protocol(preset: str, *, device: torch.device | str = "cpu", **overrides: Any) -> Protocol:
    """The preset's protocol with ``overrides`` (None values ignored) and the device's bf16 choice."""
    if not isinstance(preset, str) or preset not in PRESETS:
        raise ValueError(f"unknown preset {preset!r}; choose one of {', '.join(PRESETS)}")
    unknown = sorted(set(overrides) - set(OVERRIDABLE))
    if unknown:
        raise ValueError(f"unknown protocol field(s) {', '.join(unknown)}; allowed: {', '.join(OVERRIDABLE)}")
    given = {k: v for k, v in overrides.items() if v is not None}
    fields = {"preset": preset, **PRESETS[preset], **given}
    base_batch, base_lr = PRESETS[preset]["batch_size"], PRESETS[preset]["lr"]
    if "batch_size" in given and "lr" not in given and given["batch_size"] != base_batch:
        _check_int("batch_size", given["batch_size"], 1)
        fields["lr"] = base_lr * given["batch_size"] / base_batch
        fields["lr_scaling"] = (f"linear: preset lr {base_lr:g} at batch {base_batch} × {given['batch_size']}/{base_batch} "
                                f"= {fields['lr']:g}")
    if fields.get("amp") is None:
        fields["amp"] = torch.device(device).type == "cuda"
    fields["milestones"] = tuple(fields.get("milestones", ()))
    p = Protocol(**fields)
    _check_protocol(p)
    return p


def _check_int(name: str, value: Any, low: int) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
        raise ValueError(f"{name} must be an integer ≥ {low}, got {value!r}")


def _check_real(name: str, value: Any, low: float, high: float = math.inf, *, low_open: bool = False) -> None:
    ok = isinstance(value, (int, float, np.floating, np.integer)) and not isinstance(value, bool) and math.isfinite(value)
    ok = ok and (value > low if low_open else value >= low) and value <= high
    if not ok:
        lo = "(" if low_open else "["
        raise ValueError(f"{name} must be a finite number in {lo}{low:g}, {high:g}], got {value!r}")


def _check_protocol(p: Protocol) -> None:
    from .model import ARCHS

    for name in ("epochs", "batch_size", "eval_every", "width"):
        _check_int(name, getattr(p, name), 1)
    for name in ("crop_padding", "clean_subset", "clean_subset_seed", "train_subset", "train_subset_seed"):
        _check_int(name, getattr(p, name), 0)
    _check_real("lr", p.lr, 0, low_open=True)
    _check_real("momentum", p.momentum, 0, 1)
    _check_real("weight_decay", p.weight_decay, 0)
    _check_real("gamma", p.gamma, 0, 1, low_open=True)
    _check_real("diverge_factor", p.diverge_factor, 1, low_open=True)
    if p.arch not in ARCHS:
        raise ValueError(f"arch must be one of {', '.join(ARCHS)}, got {p.arch!r}")
    for name in ("nesterov", "drop_last", "amp", "flip", "per_sample_lambda"):
        if not isinstance(getattr(p, name), bool):
            raise ValueError(f"{name} must be True or False, got {getattr(p, name)!r}")
    for m in p.milestones:
        _check_int("milestones", m, 1)
    if p.schedule not in ("multistep", "onecycle"):
        raise ValueError(f"schedule must be 'multistep' or 'onecycle', got {p.schedule!r}")
    if p.pairing not in ("permutation", "expected"):
        raise ValueError(f"pairing must be 'permutation' or 'expected', got {p.pairing!r}")
    if not 0 <= p.warmup_fraction < 1:
        raise ValueError(f"warmup_fraction must lie in [0, 1), got {p.warmup_fraction}")


@dataclass
class Runtime:
    """How a run executes (not part of the protocol: no effect on results beyond rounding)."""

    device: torch.device = field(default_factory=lambda: torch.device("cpu"))
    channels_last: bool | None = None  # None: on for CUDA
    compile: bool = False
    checkpoint_every: int = 5
    eval_batch_size: int = 1000
    progress: bool = True

    def __post_init__(self) -> None:
        self.device = torch.device(self.device)
        if self.channels_last is None:
            self.channels_last = self.device.type == "cuda"
        if self.checkpoint_every < 1:
            raise ValueError(f"checkpoint_every must be ≥ 1, got {self.checkpoint_every}")


def lr_at(p: Protocol, step: int, steps_per_epoch: int) -> float:
    """The learning rate for optimizer step ``step`` (0-based) of the run."""
    if p.schedule == "multistep":
        epoch = step // steps_per_epoch  # 0-based
        return p.lr * p.gamma ** sum(epoch >= m for m in p.milestones)
    total = p.epochs * steps_per_epoch
    warm = round(p.warmup_fraction * total)
    if step < warm:
        return p.lr * (step + 1) / warm
    return p.lr * (total - step) / (total - warm)


def derive_seed(seed: int, *keys: int) -> int:
    """A 63-bit seed for one random stream of a run, from (seed, *keys) via numpy's SeedSequence."""
    return int(np.random.SeedSequence([int(seed), *map(int, keys)]).generate_state(1, dtype=np.uint64)[0] >> 1)


_INIT, _DATA, _MIX = 0, 1, 2  # random-stream ids


@torch.no_grad()
def evaluate(model: torch.nn.Module, loader: DeviceLoader, *, amp: bool) -> tuple[float, float]:
    """Mean cross-entropy and accuracy of ``model`` in eval mode over the loader's images (one sync)."""
    model.eval()
    dev = loader.x.device
    loss_sum = torch.zeros((), dtype=torch.float64, device=dev)
    correct = torch.zeros((), dtype=torch.int64, device=dev)
    for x, y in loader.epoch():
        with torch.autocast(dev.type, dtype=torch.bfloat16, enabled=amp):
            logits = model(x)
        loss_sum += F.cross_entropy(logits.float(), y, reduction="sum")
        correct += (logits.argmax(1) == y).sum()
    n = len(loader.y)
    return float(loss_sum) / n, int(correct) / n


def _clean_subset_index(n: int, size: int, seed: int) -> torch.Tensor | None:
    if size == 0 or size >= n:
        return None
    g = torch.Generator().manual_seed(seed)
    return torch.randperm(n, generator=g)[:size].sort().values


def balanced_subset_index(labels: torch.Tensor, size: int, num_classes: int, seed: int) -> torch.Tensor | None:
    """Indices (sorted) of a fixed class-balanced subset: ``size / num_classes`` images of each class,
    the first of a seeded permutation of that class's images; None for ``size`` 0 (every image).

    Raises ValueError when ``size`` is not a multiple of the classes or a class has too few images.
    """
    if size == 0:
        return None
    if size % num_classes:
        raise ValueError(f"train_subset must be a multiple of the {num_classes} classes, got {size}")
    per_class = size // num_classes
    y = labels.cpu()
    g = torch.Generator().manual_seed(int(seed))
    picks = []
    for k in range(num_classes):
        idx = (y == k).nonzero().flatten()
        if len(idx) < per_class:
            raise ValueError(f"train_subset {size} needs {per_class} images of class {k}, the data has {len(idx)}")
        picks.append(idx[torch.randperm(len(idx), generator=g)[:per_class]])
    return torch.cat(picks).sort().values


def check_fits_data(p: Protocol, n_train: int, labels: torch.Tensor, num_classes: int) -> None:
    """Refuse a protocol the data cannot run (before anything is written)."""
    n = p.train_subset or n_train
    if p.train_subset:
        balanced_subset_index(labels, p.train_subset, num_classes, p.train_subset_seed)
    if p.drop_last and p.batch_size > n:
        raise ValueError(f"batch_size {p.batch_size} exceeds the {n} training images (the last incomplete batch "
                         "is dropped, so no step would run); choose a batch size ≤ the training images")


def _divergence(record: dict, p: Protocol, num_classes: int) -> str | None:
    """Why this epoch's record shows a diverged run, or None."""
    bad = sorted(k for k, v in record.items() if isinstance(v, float) and not math.isfinite(v))
    if bad:
        return f"non-finite {', '.join(bad)}"
    limit = p.diverge_factor * math.log(num_classes)
    if record["train_loss_mixed"] > limit:
        return (f"mean mixed-batch training loss {record['train_loss_mixed']:.4g} above {p.diverge_factor:g} × "
                f"ln({num_classes}) = {limit:.4g}")
    return None


def train_run(p: Protocol, data: ImageData, *, alpha: float, seed: int, store: ResultsStore, run_id: str,
              config_hash: str, rt: Runtime, provenance: dict | None = None,
              on_epoch_end: Callable[[int], None] | None = None) -> dict:
    """Train one (α, seed) run, appending one record per epoch to ``store``; return the last record.

    ``data`` must already be on ``rt.device``. Epochs with a record in the store are not
    recorded again: after a restart the run continues from its last checkpoint, epochs after
    that checkpoint are trained again (same random streams) and only the missing records are
    written. ``on_epoch_end(epoch)`` is called after each epoch's record and checkpoint.
    """
    dev = rt.device
    done = {r["epoch"]: r for r in store.read_run(run_id) if r.get("config_hash") == config_hash}
    if p.epochs in done:
        return done[p.epochs]

    if any(r.get("diverged") for r in done.values()):
        return next(r for r in done.values() if r.get("diverged"))
    check_fits_data(p, len(data.train_y), data.train_y, data.num_classes)

    model, net, optimizer = build_training(p, data.num_classes, seed=seed, rt=rt)
    common = dict(batch_size=p.batch_size, mean=data.mean, std=data.std, channels_last=bool(rt.channels_last))
    train_x, train_y = data.train_x, data.train_y
    tsub = balanced_subset_index(train_y, p.train_subset, data.num_classes, p.train_subset_seed)
    if tsub is not None:
        train_x, train_y = train_x[tsub.to(dev)], train_y[tsub.to(dev)]
    train_loader = DeviceLoader(train_x, train_y, train=True, padding=p.crop_padding, flip=p.flip,
                                drop_last=p.drop_last, **common)
    common["batch_size"] = rt.eval_batch_size
    sub = _clean_subset_index(len(train_y), p.clean_subset, p.clean_subset_seed)
    clean_x, clean_y = (train_x, train_y) if sub is None else (train_x[sub.to(dev)], train_y[sub.to(dev)])
    clean_loader = DeviceLoader(clean_x, clean_y, train=False, **common)
    test_loader = DeviceLoader(data.test_x, data.test_y, train=False, **common)
    steps_per_epoch = len(train_loader)
    if steps_per_epoch == 0:
        raise ValueError(f"batch size {p.batch_size} exceeds the {len(data.train_y)} training images with drop_last")

    # Resume from the last checkpoint, if any.
    start_epoch, wall_before = 0, 0.0
    ckpt_path = store.checkpoint_path(run_id)
    if ckpt_path.exists():
        ckpt = torch.load(ckpt_path, map_location=dev, weights_only=True)
        if ckpt.get("config_hash") != config_hash or ckpt.get("run_id") != run_id:
            raise RuntimeError(f"checkpoint {ckpt_path} belongs to another sweep or run; move it away to restart")
        model.load_state_dict(ckpt["model"])
        optimizer.load_state_dict(ckpt["optimizer"])
        start_epoch, wall_before = int(ckpt["epoch"]), float(ckpt["wall_time_s"])

    record: dict = {}
    t_run = time.perf_counter()
    for epoch in range(start_epoch, p.epochs):
        t0 = time.perf_counter()
        bar = _progress(rt.progress, steps_per_epoch, f"α={alpha:g} seed={seed} epoch {epoch + 1}/{p.epochs}")
        mixed = train_epoch(net, optimizer, train_loader, p, alpha=alpha, seed=seed, epoch=epoch,
                            num_classes=data.num_classes, on_step=bar.update)
        bar.close()
        record = {"run_id": run_id, "alpha": float(alpha), "seed": int(seed), "epoch": epoch + 1,
                  "epochs": p.epochs, "config_hash": config_hash, **mixed}
        if (epoch + 1) % p.eval_every == 0 or epoch + 1 == p.epochs:
            clean_loss, clean_acc = evaluate(net, clean_loader, amp=p.amp)
            test_loss, test_acc = evaluate(net, test_loader, amp=p.amp)
            gap_clean, gap_mixed = test_loss - clean_loss, test_loss - record["train_loss_mixed"]
            record.update(evaluated=True, clean_train_loss=clean_loss, clean_train_acc=clean_acc, test_loss=test_loss,
                          test_acc=test_acc, gap_clean=gap_clean, gap_mixed=gap_mixed,
                          abs_gap_clean=abs(gap_clean), abs_gap_mixed=abs(gap_mixed))
        else:
            record.update(evaluated=False, **{k: None for k in ("clean_train_loss", "clean_train_acc", "test_loss",
                                                                   "test_acc", *GAP_READINGS)})
        if dev.type == "cuda":
            torch.cuda.synchronize(dev)
        now = time.perf_counter()
        wall = wall_before + now - t_run
        nonfinite = any(isinstance(v, float) and not math.isfinite(v) for v in record.values())
        why = _divergence(record, p, data.num_classes)
        record.update(epoch_time_s=now - t0, wall_time_s=wall, nonfinite=nonfinite, diverged=why is not None,
                      time_utc=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), provenance=provenance or {})
        if why is not None:
            record["diverged_reason"] = why
        if epoch + 1 not in done:
            store.append(run_id, record)
        else:
            record = done[epoch + 1]  # written before an interruption: kept as it was
        if record.get("diverged"):  # stopped: never trained further, never a data point of a trend
            break
        if (epoch + 1) % rt.checkpoint_every == 0 and epoch + 1 < p.epochs:
            _save_checkpoint(ckpt_path, model, optimizer, epoch + 1, wall, config_hash, run_id)
        if on_epoch_end is not None:
            on_epoch_end(epoch + 1)
    ckpt_path.unlink(missing_ok=True)
    return record


def build_training(p: Protocol, num_classes: int, *, seed: int, rt: Runtime):
    """(model, the network to call — compiled or not —, SGD optimizer), initialised from ``seed``."""
    torch.manual_seed(derive_seed(seed, _INIT))
    model = build_model(p.arch, num_classes, width=p.width).to(rt.device)
    if rt.channels_last:
        model = model.to(memory_format=torch.channels_last)
    # On CUDA the fused SGD kernel: the same update rule, one kernel launch for all parameters.
    fused = {"fused": True} if rt.device.type == "cuda" and "fused" in inspect.signature(torch.optim.SGD).parameters else {}
    optimizer = torch.optim.SGD(model.parameters(), lr=p.lr, momentum=p.momentum, nesterov=p.nesterov,
                                weight_decay=p.weight_decay, **fused)
    net = torch.compile(model) if rt.compile else model
    return model, net, optimizer


def train_epoch(net, optimizer, loader: DeviceLoader, p: Protocol, *, alpha: float, seed: int, epoch: int,
                num_classes: int, on_step: Callable[[], Any] | None = None) -> dict:
    """One pass of mixup training (epoch 0-based); returns the mixed-batch loss and accuracy means.

    The epoch's data order, crops, flips, λ draws and permutations come from (seed, epoch) only.
    """
    dev = loader.x.device
    steps = len(loader)
    gen = torch.Generator(device=dev).manual_seed(derive_seed(seed, _DATA, epoch))
    rng = np.random.default_rng(derive_seed(seed, _MIX, epoch))
    net.train()
    loss_sum = torch.zeros((), dtype=torch.float64, device=dev)
    acc_sum = torch.zeros((), dtype=torch.float64, device=dev)
    n_seen, lr = 0, float("nan")
    for i, (x, y) in enumerate(loader.epoch(gen)):
        lr = lr_at(p, epoch * steps + i, steps)
        for group in optimizer.param_groups:
            group["lr"] = lr
        loss, acc = _mixup_step(net, x, y, alpha, p, rng, num_classes)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        loss_sum += loss.detach() * len(y)
        acc_sum += acc
        n_seen += len(y)
        if on_step is not None:
            on_step()
    return {"lr_last": lr, "train_loss_mixed": float(loss_sum) / n_seen, "train_acc_mixed": float(acc_sum) / n_seen}


def _mixup_step(net, x, y, alpha: float, p: Protocol, rng: np.random.Generator, num_classes: int):
    """Forward pass and loss on one mixed batch; returns (loss, λ-weighted count of correct predictions)."""
    dev = x.device
    with torch.autocast(dev.type, dtype=torch.bfloat16, enabled=p.amp):
        if p.pairing == "permutation":
            mb = mixup_batch(x, alpha=alpha, per_sample=p.per_sample_lambda, rng=rng, validate=False)
            lam = torch.as_tensor(mb.lam, dtype=torch.float32, device=dev) if p.per_sample_lambda else mb.lam
            logits = net(mb.x).float()
            y_b = y[mb.partners]
            loss = mixup_cross_entropy(logits, y, y_b, lam, validate=False)
            pred = logits.argmax(1)
            correct = (lam * (pred == y) + (1 - lam) * (pred == y_b)).sum()
        else:
            mb = mixup_batch(x, one_hot(y, num_classes, validate=False), alpha=alpha, pairing="expected",
                             per_sample=p.per_sample_lambda, rng=rng, validate=False)
            logits = net(mb.x).float()
            loss = soft_cross_entropy(logits, mb.y, validate=False)
            correct = mb.y.gather(1, logits.argmax(1, keepdim=True)).sum()
    return loss, correct.detach()


def _save_checkpoint(path, model, optimizer, epoch: int, wall: float, config_hash: str, run_id: str) -> None:
    buf = io.BytesIO()
    torch.save({"config_hash": config_hash, "run_id": run_id, "epoch": epoch, "wall_time_s": wall,
                "model": model.state_dict(), "optimizer": optimizer.state_dict()}, buf)
    atomic_write_bytes(path, buf.getvalue())


class _NoBar:
    def update(self, n: int = 1) -> None: ...
    def close(self) -> None: ...


def _progress(enabled: bool, total: int, desc: str):
    if not enabled:
        return _NoBar()
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, leave=False, dynamic_ncols=True, mininterval=1.0)
