"""``mixcheck sweep`` and ``mixcheck sweep-report``. Registering is cheap: torch, scipy and
matplotlib are imported inside the handlers only."""

from __future__ import annotations

import argparse
import sys

__all__ = ["register"]

_DATASETS = ("cifar10", "cifar100", "svhn", "stl10", "imagefolder")  # = experiments.data.DATASETS


def _alpha(text: str) -> float:
    try:
        a = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"α must be a number, got {text!r}") from None
    if not a >= 0 or a == float("inf"):
        raise argparse.ArgumentTypeError(f"α must be a finite number ≥ 0 (α = 0 is ERM), got {text}")
    return a


def _int_at_least(low: int, what: str):
    """An argparse type: an integer ≥ ``low``, refused with ``what`` named."""
    def parse(text: str) -> int:
        try:
            v = int(text)
        except ValueError:
            v = None
        if v is None or v < low:
            raise argparse.ArgumentTypeError(f"{what} must be an integer ≥ {low}, got {text!r}")
        return v

    return parse


_seed = _int_at_least(0, "a seed")
_positive_int = _int_at_least(1, "the value")


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "sweep", help="train ResNet-18 with mixup over a grid of α and seeds (Table 1 / Fig. 3), resumable",
        description="Train the (α, seed) grid, one record per (run, epoch) in the store --out. Run the same "
                    "command again to resume: finished runs are skipped, a run in progress restarts from its "
                    "last checkpoint. α = 0 (ERM) is always added.")
    p.add_argument("--dataset", required=True, choices=_DATASETS)
    p.add_argument("--data-root", required=True, metavar="PATH",
                   help="folder in the dataset's official format (or for imagefolder: a train/ + test/ tree or a "
                        ".tar.gz of one)")
    p.add_argument("--alphas", type=_alpha, nargs="+", required=True, metavar="A",
                   help="mixup α values (λ ~ Beta(α, α)); 0 is added")
    p.add_argument("--seeds", type=_seed, nargs="+", default=[0], metavar="S")
    p.add_argument("--preset", choices=("paper", "fast", "cpu"), default="fast",
                   help="paper: the reference protocol (200 epochs, batch 128, lr 0.1, steps at 100/150); "
                        "fast: 15 epochs, batch 512, one-cycle lr 0.4, bf16 on CUDA; cpu: a scaled-down protocol "
                        "for a 2-core machine (width 8, 10,000 training images, 10 epochs; see experiments/train.py)")
    p.add_argument("--out", required=True, metavar="DIR", help="results store (created if absent)")
    p.add_argument("--epochs", type=int, help="override the preset's number of epochs")
    p.add_argument("--shard", metavar="i/N", help="run only shard i of N (0-based); default: the Slurm array's "
                                                   "SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT, else all runs")
    p.add_argument("--download", action="store_true", help="let torchvision download the dataset (needs internet)")
    p.add_argument("--cache-dir", metavar="DIR", help="where a .tar.gz data root is unpacked (default "
                                                      "$MIXCHECK_CACHE or ~/.cache/mixcheck)")
    p.add_argument("--device", default="auto", help="auto (CUDA when available), cpu, cuda, cuda:1, …")
    g = p.add_argument_group("protocol overrides (change the sweep's config)")
    g.add_argument("--arch", choices=("preact18", "tv-resnet18", "tv-resnet18-cifar"))
    g.add_argument("--width", type=int, help="base width of preact18 (64 = ResNet-18)")
    g.add_argument("--batch-size", type=int, help="override the batch; the preset's peak lr is scaled linearly "
                                                   "with it unless --lr is given too")
    g.add_argument("--lr", type=float, help="peak learning rate")
    g.add_argument("--weight-decay", type=float)
    g.add_argument("--amp", action=argparse.BooleanOptionalAction, default=None, help="bf16 autocast")
    g.add_argument("--eval-every", type=int, help="evaluate clean-train and test loss every k epochs (and the last)")
    g.add_argument("--clean-subset", type=int, help="training images for the clean train loss (0 = all)")
    g.add_argument("--train-subset", type=int, help="train on a fixed class-balanced subset of this many images (0 = all)")
    g.add_argument("--pairing", choices=("permutation", "expected"))
    g.add_argument("--per-sample-lambda", action=argparse.BooleanOptionalAction, default=None)
    r = p.add_argument_group("execution")
    r.add_argument("--compile", action="store_true", help="torch.compile the model")
    r.add_argument("--channels-last", action=argparse.BooleanOptionalAction, default=None,
                   help="channels_last memory format (default: on for CUDA)")
    r.add_argument("--checkpoint-every", type=_positive_int, help="epochs between checkpoints (default 5)")
    r.add_argument("--no-progress", dest="progress", action="store_false", help="no per-epoch progress bars")
    p.set_defaults(func=_cmd_sweep)

    q = subparsers.add_parser("sweep-report", help="Table 1 / Fig. 3 and the trend across α from a sweep's store",
                              description="Write table1.md, table1.csv, trend.json and fig3.png for a sweep store.")
    q.add_argument("results_dir", metavar="DIR")
    q.add_argument("--out", metavar="DIR", help="report folder (default DIR/report)")
    q.add_argument("--format", dest="fig_format", choices=("png", "svg", "pdf"), default="png")
    q.add_argument("--level", type=float, default=0.95, help="bootstrap interval level")
    q.add_argument("--n-boot", type=int, default=2000)
    q.add_argument("--seed", type=int, default=0, help="bootstrap seed")
    q.set_defaults(func=_cmd_report)


def _fail(cmd: str, exc: BaseException) -> int:
    print(f"mixcheck {cmd}: error: {exc}", file=sys.stderr)
    return 2


def _cmd_sweep(args: argparse.Namespace) -> int:
    from .data import DataError
    from .store import ConfigMismatch
    from .sweep import SweepOptions, run_sweep

    overrides = {k: getattr(args, k) for k in ("arch", "width", "batch_size", "lr", "weight_decay", "amp",
                                               "eval_every", "clean_subset", "train_subset", "pairing",
                                               "per_sample_lambda")}
    opts = SweepOptions(dataset=args.dataset, data_root=args.data_root, out=args.out, alphas=args.alphas,
                        seeds=args.seeds, preset=args.preset, epochs=args.epochs, shard=args.shard,
                        download=args.download, cache_dir=args.cache_dir, device=args.device, compile=args.compile,
                        channels_last=args.channels_last, checkpoint_every=args.checkpoint_every,
                        progress=args.progress, overrides=overrides)
    try:
        res = run_sweep(opts)
    except (DataError, ConfigMismatch, ValueError, OSError) as exc:
        return _fail("sweep", exc)
    print(f"sweep {res['config_hash']}: {len(res['ran'])} runs trained, {len(res['skipped'])} already finished, "
          f"{len(res['busy'])} held by other processes; store {res['store']}")
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from .sweep_report import format_trends, write_report

    try:
        rep = write_report(args.results_dir, args.out, fig_format=args.fig_format, level=args.level,
                           n_boot=args.n_boot, seed=args.seed)
    except (ValueError, OSError) as exc:
        return _fail("sweep-report", exc)
    print(rep["table"])
    print()
    print(format_trends(rep))
    if rep["unfinished"]:
        print(f"\nUnfinished runs (left out): {', '.join(rep['unfinished'])}")
    print(f"\nWritten: {', '.join(rep['files'])}")
    return 0
