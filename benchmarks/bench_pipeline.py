"""Training throughput (images/s): a reference-style input pipeline versus the sweep harness.

Same model (PreAct ResNet-18, ``--width``), same batch size, same mixup step, same images:

(a) reference-style — what facebookresearch/mixup-cifar10 does: PIL images through torchvision
    transforms (RandomCrop(32, padding=4), RandomHorizontalFlip, ToTensor, Normalize) on the CPU,
    a ``DataLoader`` with ``--workers`` processes (pinned memory on CUDA), fp32, contiguous layout;
(b) the harness — :mod:`mixcheck.experiments.train`'s own ``train_epoch``: uint8 images resident on the
    device, crop + flip + normalisation batched on the device, bf16 autocast and channels_last on
    CUDA, ``torch.compile`` with ``--compile``.

Each pipeline runs one untimed warm-up pass (workers start, cuDNN autotunes, compile), then
``--passes`` timed passes over ``--images`` training images. Prints images/s of both and their
ratio (b)/(a), the harness's eval throughput, and what that rate means for the ``fast`` preset's
CIFAR-10 grid (8 α × 2 seeds × 15 epochs). Targets on an H100: ratio ≥ 5, grid ≤ 10 min.

    python benchmarks/bench_pipeline.py --dataset imagefolder --data-root ../shared/datasets/cifar10-jpeg.tar.gz
    python benchmarks/bench_pipeline.py --synthetic            # random images, no data needed
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _sync(dev):
    import torch

    if dev.type == "cuda":
        torch.cuda.synchronize(dev)


def reference_pipeline(x_u8, y, *, model, batch_size, workers, mean, std, alpha, dev, passes):
    """(a): torchvision transforms on the CPU through a DataLoader, fp32 training steps."""
    import numpy as np
    import torch
    import torchvision.transforms as T
    from PIL import Image

    from mixcheck.losses import mixup_cross_entropy

    class PILDataset(torch.utils.data.Dataset):  # what torchvision's CIFAR10 does per item
        def __init__(self, x, y, transform):
            self.x, self.y, self.transform = x.permute(0, 2, 3, 1).numpy(), y.tolist(), transform

        def __len__(self):
            return len(self.y)

        def __getitem__(self, i):
            return self.transform(Image.fromarray(self.x[i])), self.y[i]

    h = x_u8.shape[-1]
    tf = T.Compose([T.RandomCrop(h, padding=4), T.RandomHorizontalFlip(), T.ToTensor(), T.Normalize(mean, std)])
    loader = torch.utils.data.DataLoader(PILDataset(x_u8, y, tf), batch_size=batch_size, shuffle=True,
                                         num_workers=workers, pin_memory=dev.type == "cuda", drop_last=True,
                                         persistent_workers=workers > 0)
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=1e-4)
    rng = np.random.default_rng(0)

    def one_pass():
        model.train()
        n = 0
        for xb, yb in loader:
            xb, yb = xb.to(dev, non_blocking=True), yb.to(dev, non_blocking=True)
            lam = rng.beta(alpha, alpha) if alpha > 0 else 1.0  # the reference's mixup_data
            idx = torch.randperm(len(yb), device=dev)
            out = model(lam * xb + (1 - lam) * xb[idx])
            loss = mixup_cross_entropy(out, yb, yb[idx], lam)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            n += len(yb)
        return n

    one_pass()  # warm-up: worker start, cuDNN autotuning
    _sync(dev)
    t0, n = time.perf_counter(), 0
    for _ in range(passes):
        n += one_pass()
    _sync(dev)
    return n / (time.perf_counter() - t0)


def harness_pipeline(x_u8, y, *, num_classes, protocol, rt, mean, std, alpha, passes):
    """(b): the harness's own epoch function on device-resident data; also its eval throughput."""
    from mixcheck.experiments.data import DeviceLoader
    from mixcheck.experiments.train import build_training, evaluate, train_epoch

    dev = rt.device
    x, yd = x_u8.to(dev), y.to(dev)
    _, net, opt = build_training(protocol, num_classes, seed=0, rt=rt)
    loader = DeviceLoader(x, yd, batch_size=protocol.batch_size, mean=mean, std=std, train=True, drop_last=True,
                          channels_last=bool(rt.channels_last))
    eval_loader = DeviceLoader(x, yd, batch_size=rt.eval_batch_size, mean=mean, std=std, train=False,
                               channels_last=bool(rt.channels_last))
    kw = dict(alpha=alpha, seed=0, num_classes=num_classes)
    train_epoch(net, opt, loader, protocol, epoch=0, **kw)  # warm-up (and compile)
    evaluate(net, eval_loader, amp=protocol.amp)
    _sync(dev)
    t0 = time.perf_counter()
    for e in range(passes):
        train_epoch(net, opt, loader, protocol, epoch=e + 1, **kw)
    _sync(dev)
    train_rate = passes * len(loader) * protocol.batch_size / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    for _ in range(passes):
        evaluate(net, eval_loader, amp=protocol.amp)
    _sync(dev)
    eval_rate = passes * len(yd) / (time.perf_counter() - t0)
    return train_rate, eval_rate


def load_images(args):
    import torch

    if args.synthetic:
        g = torch.Generator().manual_seed(0)
        n = args.images or 10_000
        return (torch.randint(0, 256, (n, 3, 32, 32), dtype=torch.uint8, generator=g),
                torch.randint(0, 10, (n,), generator=g), 10, (0.5, 0.5, 0.5), (0.25, 0.25, 0.25), "synthetic")
    from mixcheck.experiments.data import load_dataset, shared_cifar10_archive

    root = args.data_root or shared_cifar10_archive()
    if root is None:
        sys.exit("no --data-root and no ../shared/datasets/cifar10-jpeg.tar.gz: pass one, or --synthetic")
    data = load_dataset(args.dataset, root, cache_dir=args.cache_dir)
    n = min(args.images or len(data.train_y), len(data.train_y))
    return data.train_x[:n], data.train_y[:n], data.num_classes, data.mean, data.std, f"{args.dataset} {root}"


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dataset", default="imagefolder")
    ap.add_argument("--data-root", help="default: the shared JPEG CIFAR-10 archive (../shared/datasets)")
    ap.add_argument("--cache-dir")
    ap.add_argument("--synthetic", action="store_true", help="random uint8 images instead of a dataset")
    ap.add_argument("--images", type=int, help="training images per pass (default: all, or 10,000 synthetic)")
    ap.add_argument("--passes", type=int, default=2, help="timed passes per pipeline")
    ap.add_argument("--batch-size", type=int, default=512, help="the fast preset's batch size")
    ap.add_argument("--width", type=int, default=64)
    ap.add_argument("--alpha", type=float, default=1.0)
    ap.add_argument("--workers", type=int, default=min(8, os.cpu_count() or 1),
                    help="DataLoader workers of the reference-style pipeline (the reference uses 8)")
    ap.add_argument("--device", default="auto")
    ap.add_argument("--compile", action="store_true", help="torch.compile in the harness")
    ap.add_argument("--skip-reference", action="store_true")
    ap.add_argument("--json", action="store_true", help="also print the figures as one JSON line")
    args = ap.parse_args(argv)

    import torch

    from mixcheck.experiments.model import build_model
    from mixcheck.experiments.train import Runtime, make_protocol

    dev = torch.device(("cuda" if torch.cuda.is_available() else "cpu") if args.device == "auto" else args.device)
    if dev.type == "cuda":
        torch.backends.cudnn.benchmark = True
    x, y, k, mean, std, source = load_images(args)
    protocol = make_protocol("fast", device=dev, batch_size=args.batch_size, width=args.width)
    rt = Runtime(device=dev, compile=args.compile, progress=False)
    name = torch.cuda.get_device_name(dev) if dev.type == "cuda" else f"cpu ({os.cpu_count()} cores)"
    print(f"device {name}; torch {torch.__version__}; data {source}: {len(y)} images {tuple(x.shape[1:])} per pass, "
          f"{args.passes} timed passes; PreAct ResNet-18 width {args.width}, batch {args.batch_size}, α {args.alpha}")

    res = {"device": name, "batch_size": args.batch_size, "width": args.width, "images_per_pass": len(y)}
    train_b, eval_b = harness_pipeline(x, y, num_classes=k, protocol=protocol, rt=rt, mean=mean, std=std,
                                       alpha=args.alpha, passes=args.passes)
    res.update(harness_img_s=train_b, harness_eval_img_s=eval_b)
    print(f"(b) harness (device-resident uint8, batched crop+flip on {dev.type}, bf16 {protocol.amp}, channels_last "
          f"{rt.channels_last}, compile {rt.compile}): {train_b:,.0f} img/s training, {eval_b:,.0f} img/s eval")
    if not args.skip_reference:
        torch.manual_seed(0)
        model = build_model("preact18", k, width=args.width).to(dev)
        train_a = reference_pipeline(x, y, model=model, batch_size=args.batch_size, workers=args.workers, mean=mean,
                                     std=std, alpha=args.alpha, dev=dev, passes=args.passes)
        res.update(reference_img_s=train_a, ratio=train_b / train_a)
        print(f"(a) reference-style (torchvision transforms on CPU, DataLoader {args.workers} workers, fp32): "
              f"{train_a:,.0f} img/s training")
        print(f"ratio (b)/(a): {train_b / train_a:.2f}x")
    # The fast preset's CIFAR-10 grid: 16 runs × 15 epochs × (50,000 training + 20,000 evaluated images).
    grid_s = 16 * 15 * (50_000 / train_b + 20_000 / eval_b)
    res["fast_grid_estimate_s"] = grid_s
    print(f"fast preset CIFAR-10 grid (8 α × 2 seeds × 15 epochs) at these rates: ≈ {grid_s / 60:.1f} min "
          "(one process; start-up, data decoding and checkpoints not included)")
    if args.json:
        print(json.dumps(res))
    return res


if __name__ == "__main__":
    main()
