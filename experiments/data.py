"""Data for the α sweep: decoded once into uint8 tensors, augmented in batches on the device.

Datasets are read through torchvision's own classes from ``--data-root`` in their official
on-disk formats — ``CIFAR10`` (``ROOT/cifar-10-batches-py``), ``CIFAR100``
(``ROOT/cifar-100-python``), ``SVHN`` (``ROOT/train_32x32.mat``, ``ROOT/test_32x32.mat``),
``STL10`` (``ROOT/stl10_binary``; the labelled train/test splits) — or through ``ImageFolder``
from a tree ``ROOT/train/<class>/…``, ``ROOT/test/<class>/…`` (the unpacked
``../shared/datasets/cifar10-jpeg.tar.gz``; a ``.tar.gz`` given as the root is unpacked once
into a cache folder, and its decoded tensors are kept there too, so later runs skip both steps).
Nothing is downloaded unless ``download=True``.

Every image is decoded once into an ``N×C×H×W`` uint8 tensor. :class:`DeviceLoader` keeps the
tensors on the training device (the whole set: CIFAR-10 is 180 MB) and produces batches with
the reference augmentation — a random crop of the image zero-padded by 4 px on each side
(torchvision ``RandomCrop(32, padding=4)``) and a horizontal flip with probability ½ — done
for the whole batch at once by one gather, then normalised: no per-image Python, no host
round trip. All draws come from a ``torch.Generator`` on the device, seeded per epoch.
"""

from __future__ import annotations

import io
import os
import tarfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterator

import numpy as np
import torch

__all__ = [
    "DATASETS",
    "CIFAR10_MEAN",
    "CIFAR10_STD",
    "DataError",
    "ImageData",
    "shared_cifar10_archive",
    "load_dataset",
    "unpack_archive",
    "augment_batch",
    "DeviceLoader",
]

DATASETS = ("cifar10", "cifar100", "svhn", "stl10", "imagefolder")

# The reference's normalisation constants (facebookresearch/mixup-cifar10, train.py); other
# datasets are normalised with the per-channel mean and sd of their own training images.
CIFAR10_MEAN = (0.4914, 0.4822, 0.4465)
CIFAR10_STD = (0.2023, 0.1994, 0.2010)

_HOW_TO_GET = {
    "cifar10": "ROOT/cifar-10-batches-py/ (data_batch_1..5, test_batch, batches.meta), the official "
               "python version. Get it with `--download` on a machine with internet access (torchvision's "
               "CIFAR10(ROOT, download=True)), or use the JPEG copy on this project's machines: "
               "--dataset imagefolder --data-root ../shared/datasets/cifar10-jpeg.tar.gz",
    "cifar100": "ROOT/cifar-100-python/ (train, test, meta), the official python version. Get it with "
                "`--download` on a machine with internet access (torchvision's CIFAR100(ROOT, download=True))",
    "svhn": "ROOT/train_32x32.mat and ROOT/test_32x32.mat (the official cropped-digits format 2). Get them "
            "with `--download` on a machine with internet access (torchvision's SVHN(ROOT, split=..., download=True))",
    "stl10": "ROOT/stl10_binary/ (train_X.bin, train_y.bin, test_X.bin, test_y.bin, ...), the official binary "
             "version. Get it with `--download` on a machine with internet access (torchvision's "
             "STL10(ROOT, download=True))",
    "imagefolder": "ROOT/train/<class>/<image> and ROOT/test/<class>/<image> with the same class folders, or a "
                   ".tar.gz holding such a tree (e.g. ../shared/datasets/cifar10-jpeg.tar.gz)",
}


class DataError(ValueError):
    """Missing, malformed or unknown data; the message says what was expected and how to get it."""


@dataclass
class ImageData:
    """A labelled train/test pair as uint8 ``N×C×H×W`` tensors and int64 labels."""

    name: str
    train_x: torch.Tensor
    train_y: torch.Tensor
    test_x: torch.Tensor
    test_y: torch.Tensor
    classes: list[str]
    mean: tuple[float, ...]
    std: tuple[float, ...]
    source: dict = field(default_factory=dict)

    @property
    def num_classes(self) -> int:
        return len(self.classes)

    @property
    def image_shape(self) -> tuple[int, int, int]:
        return tuple(self.train_x.shape[1:])

    def to(self, device: torch.device | str) -> "ImageData":
        d = torch.device(device)
        return replace(self, train_x=self.train_x.to(d), train_y=self.train_y.to(d),
                       test_x=self.test_x.to(d), test_y=self.test_y.to(d))

    def describe(self) -> dict:
        """The facts about the data that fix a sweep's protocol (sizes, shape, classes, normalisation)."""
        return {"dataset": self.name, "n_train": len(self.train_y), "n_test": len(self.test_y),
                "image_shape": list(self.image_shape), "num_classes": self.num_classes,
                "classes": list(self.classes), "mean": [round(m, 6) for m in self.mean],
                "std": [round(s, 6) for s in self.std]}


# ----------------------------------------------------------------------------- loading

def shared_cifar10_archive() -> Path | None:
    """The project's JPEG copy of CIFAR-10 (``../shared/datasets/cifar10-jpeg.tar.gz`` beside the
    checkout, or ``shared/datasets/…`` inside it), or None where neither exists."""
    repo = Path(__file__).resolve().parents[1]
    for base in (repo.parent / "shared", repo / "shared"):
        path = base / "datasets" / "cifar10-jpeg.tar.gz"
        if path.is_file():
            return path
    return None


def load_dataset(name: str, root: str | os.PathLike, *, download: bool = False,
                 cache_dir: str | os.PathLike | None = None, workers: int | None = None) -> ImageData:
    """Read a dataset once into uint8 tensors (CPU). Raises :class:`DataError` with a how-to."""
    if name not in DATASETS:
        raise DataError(f"unknown dataset {name!r}; choose one of {', '.join(DATASETS)}")
    if root is None or str(root) == "":
        raise DataError(f"--data-root is required for {name}; expected {_HOW_TO_GET[name]}")
    root = Path(root).expanduser()
    if name == "imagefolder":
        return _load_imagefolder(root, cache_dir=cache_dir, workers=workers)
    if not download and not root.is_dir():
        raise DataError(f"data root {str(root)!r} for {name} is not a folder; expected {_HOW_TO_GET[name]}")
    try:
        train, test = _read_torchvision(name, root, download)
    except DataError:
        raise
    except Exception as exc:  # torchvision: RuntimeError("Dataset not found or corrupted"), OSError, pickle …
        raise DataError(f"could not read {name} from {str(root)!r} ({type(exc).__name__}: {exc}); "
                        f"expected {_HOW_TO_GET[name]}") from exc
    (train_x, train_y, classes), (test_x, test_y, _) = train, test
    mean, std = (CIFAR10_MEAN, CIFAR10_STD) if name == "cifar10" else _channel_stats(train_x)
    return ImageData(name, train_x, train_y, test_x, test_y, classes, mean, std,
                     source={"format": f"torchvision.datasets.{_TV_CLASS[name]}", "data_root": str(root.resolve())})


_TV_CLASS = {"cifar10": "CIFAR10", "cifar100": "CIFAR100", "svhn": "SVHN", "stl10": "STL10"}


def _read_torchvision(name: str, root: Path, download: bool):
    import torchvision.datasets as tvd

    cls = getattr(tvd, _TV_CLASS[name])
    out = []
    for train in (True, False):
        if name in ("cifar10", "cifar100"):
            ds = cls(str(root), train=train, download=download)
            x = torch.from_numpy(np.ascontiguousarray(ds.data)).permute(0, 3, 1, 2)  # NHWC → NCHW
            y, classes = ds.targets, list(ds.classes)
        else:  # SVHN and STL10 store NCHW already
            ds = cls(str(root), split="train" if train else "test", download=download)
            x, y = torch.from_numpy(np.ascontiguousarray(ds.data)), ds.labels
            classes = list(getattr(ds, "classes", None) or [str(k) for k in range(10)])
        y = torch.as_tensor(np.asarray(y), dtype=torch.int64)
        _check_arrays(name, root, x, y, len(classes))
        out.append((x.contiguous(), y, classes))
    return out


def _check_arrays(name: str, root: Path, x: torch.Tensor, y: torch.Tensor, k: int) -> None:
    if x.dtype != torch.uint8 or x.ndim != 4 or x.shape[1] != 3 or len(x) != len(y) or len(x) == 0:
        raise DataError(f"{name} under {str(root)!r} is malformed: images {tuple(x.shape)} {x.dtype}, "
                        f"{len(y)} labels; expected {_HOW_TO_GET[name]}")
    if int(y.min()) < 0 or int(y.max()) >= k:
        raise DataError(f"{name} under {str(root)!r} has labels outside [0, {k - 1}]")


def _channel_stats(x: torch.Tensor) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Per-channel mean and sd of uint8 images, on the [0, 1] scale (float64 accumulation)."""
    c = x.shape[1]
    counts = torch.zeros(c, dtype=torch.float64)
    s1, s2 = torch.zeros(c, dtype=torch.float64), torch.zeros(c, dtype=torch.float64)
    for chunk in x.split(4096):
        v = chunk.to(torch.float64).div_(255).transpose(0, 1).reshape(c, -1)
        s1 += v.sum(1)
        s2 += (v * v).sum(1)
        counts += v.shape[1]
    mean = s1 / counts
    sd = (s2 / counts - mean**2).clamp_min(1e-12).sqrt()
    return tuple(float(m) for m in mean), tuple(float(s) for s in sd)


def unpack_archive(archive: str | os.PathLike, cache_dir: str | os.PathLike | None = None) -> Path:
    """Unpack a ``.tar.gz`` once into ``cache_dir`` and return the folder holding train/ and test/.

    The default cache is ``$MIXCHECK_CACHE`` or ``~/.cache/mixcheck``. Unpacking goes to a
    temporary folder that is renamed when complete, so an interrupted unpack is redone.
    """
    import shutil
    import zlib

    from mixcheck.atomic import temporary_path

    from .store import remove_stale_temporaries

    archive = Path(archive).expanduser().resolve()
    try:
        st = archive.stat()
    except OSError as exc:
        raise DataError(f"cannot read the archive {str(archive)!r}: {exc.strerror or exc}") from None
    base = Path(cache_dir or os.environ.get("MIXCHECK_CACHE") or Path.home() / ".cache" / "mixcheck").expanduser()
    if base.exists() and not base.is_dir():
        raise DataError(f"the cache folder {str(base)!r} exists and is not a folder (--cache-dir / $MIXCHECK_CACHE)")
    stem = archive.name.split(".tar")[0].split(".tgz")[0]
    dest = base / f"{stem}-{st.st_size}-{int(st.st_mtime)}"
    if not dest.is_dir():
        base.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(base)  # unpacks that died half-way
        tmp = temporary_path(dest)
        try:
            with tarfile.open(archive, "r:*") as tf:
                try:
                    tf.extractall(tmp, filter="data")
                except TypeError:  # Python < 3.10.12 has no extraction filters
                    tf.extractall(tmp)  # noqa: S202 — the archive is the user's own data
        except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
            shutil.rmtree(tmp, ignore_errors=True)
            kind = "truncated" if isinstance(exc, EOFError) else "not a readable .tar.gz"
            raise DataError(f"the archive {str(archive)!r} is {kind} ({type(exc).__name__}: {exc}); expected "
                            f"{_HOW_TO_GET['imagefolder']}") from None
        try:
            os.replace(tmp, dest)
        except OSError:  # another process finished first
            import shutil

            shutil.rmtree(tmp, ignore_errors=True)
    return _find_split_root(dest)


def _find_split_root(path: Path) -> Path:
    """``path`` itself or its single sub-folder, whichever holds train/ and test/."""
    if (path / "train").is_dir():
        return path
    subs = [p for p in path.iterdir() if p.is_dir() and not p.name.startswith(".")]
    if len(subs) == 1 and (subs[0] / "train").is_dir():
        return subs[0]
    return path


def _load_imagefolder(root: Path, *, cache_dir=None, workers: int | None = None) -> ImageData:
    from torchvision.datasets import ImageFolder

    archive = None
    if root.is_file() and (root.name.endswith((".tar.gz", ".tgz", ".tar"))):
        archive, root = root, unpack_archive(root, cache_dir)
    elif root.is_dir():
        root = _find_split_root(root)
    if not ((root / "train").is_dir() and (root / "test").is_dir()):
        raise DataError(f"no ImageFolder tree at {str(root)!r}: expected {_HOW_TO_GET['imagefolder']}")
    splits = []
    for split in ("train", "test"):
        try:
            ds = ImageFolder(str(root / split))
        except (FileNotFoundError, RuntimeError) as exc:
            raise DataError(f"could not read {str(root / split)!r} as an ImageFolder ({exc}); "
                            f"expected {_HOW_TO_GET['imagefolder']}") from exc
        splits.append(ds)
    if splits[0].classes != splits[1].classes:
        raise DataError(f"train/ and test/ under {str(root)!r} hold different class folders: "
                        f"{splits[0].classes} vs {splits[1].classes}")
    decoded = root.parent / f"{root.name}.decoded-uint8.pt" if archive is not None else None
    tensors = _read_decoded(decoded, splits)
    if tensors is None:
        tensors = [t for ds in splits for t in _decode_all(ds, workers)]
        if decoded is not None:  # an unpacked archive does not change: keep its decoded tensors beside it
            from mixcheck.atomic import write_bytes as atomic_write_bytes

            buf = io.BytesIO()
            torch.save(tensors, buf)
            atomic_write_bytes(decoded, buf.getvalue())
    train_x, train_y, test_x, test_y = tensors
    if train_x.shape[1:] != test_x.shape[1:]:
        raise DataError(f"train and test images differ in size: {tuple(train_x.shape[1:])} vs {tuple(test_x.shape[1:])}")
    mean, std = _channel_stats(train_x)
    src = {"format": "torchvision.datasets.ImageFolder", "data_root": str(root.resolve())}
    if archive is not None:
        src["archive"] = str(archive.resolve())
    return ImageData("imagefolder", train_x, train_y, test_x, test_y, list(splits[0].classes), mean, std, source=src)


def _read_decoded(path: Path | None, splits) -> list[torch.Tensor] | None:
    """The tensors saved by an earlier decode of the same unpacked archive, if they fit its file lists."""
    if path is None or not path.is_file():
        return None
    try:
        tensors = torch.load(path, weights_only=True)
    except Exception:  # noqa: BLE001 — unreadable: decode again
        return None
    ok = (len(tensors) == 4 and len(tensors[0]) == len(splits[0].samples) and len(tensors[2]) == len(splits[1].samples)
          and tensors[1].tolist() == splits[0].targets and tensors[3].tolist() == splits[1].targets)
    return tensors if ok else None


def _decode_all(ds, workers: int | None) -> tuple[torch.Tensor, torch.Tensor]:
    """Decode every image of an ImageFolder once (threads: PIL releases the GIL while decoding)."""
    paths = [p for p, _ in ds.samples]
    y = torch.as_tensor([t for _, t in ds.samples], dtype=torch.int64)

    def decode(p: str) -> np.ndarray:
        return np.asarray(ds.loader(p), dtype=np.uint8)  # default loader: PIL, converted to RGB

    workers = workers or min(32, (os.cpu_count() or 1) + 4)
    with ThreadPoolExecutor(workers) as pool:
        arrays = list(pool.map(decode, paths, chunksize=256))
    shapes = {a.shape for a in arrays}
    if len(shapes) != 1:
        raise DataError(f"images under {str(Path(ds.root))!r} differ in size ({sorted(shapes)[:4]} …); "
                        "the harness needs one image size (resize them first)")
    x = torch.from_numpy(np.stack(arrays)).permute(0, 3, 1, 2).contiguous()
    return x, y


# ----------------------------------------------------------------------------- augmentation

def augment_batch(x: torch.Tensor, *, padding: int = 4, flip: bool = True,
                  generator: torch.Generator | None = None) -> torch.Tensor:
    """Random crop of the zero-padded images + random horizontal flip, for a whole uint8 batch.

    Equivalent, image by image, to torchvision's ``RandomCrop(H, padding)`` (fill 0) followed by
    ``RandomHorizontalFlip()``: each image gets its own offsets (dy, dx) ∈ [0, 2·padding]² and
    flip bit. The flip is folded into the gather's column index, so the batch is read once.
    """
    n, c, h, w = x.shape
    dev = x.device
    xp = torch.nn.functional.pad(x, (padding,) * 4) if padding else x
    span = 2 * padding + 1
    dy = torch.randint(0, span, (n, 1), device=dev, generator=generator)
    dx = torch.randint(0, span, (n, 1), device=dev, generator=generator)
    rows = dy + torch.arange(h, device=dev)  # n × h
    cols = dx + torch.arange(w, device=dev)  # n × w
    if flip:
        flipped = torch.rand(n, 1, device=dev, generator=generator) < 0.5
        cols = torch.where(flipped, cols.flip(1), cols)
    idx_n = torch.arange(n, device=dev).view(n, 1, 1, 1)
    idx_c = torch.arange(c, device=dev).view(1, c, 1, 1)
    return xp[idx_n, idx_c, rows.view(n, 1, h, 1), cols.view(n, 1, 1, w)]


class DeviceLoader:
    """Batches of normalised float images from uint8 tensors that live on the device.

    ``epoch(generator)`` yields ``(x, y)`` for one pass: shuffled, augmented (crop + flip) and
    normalised when ``train`` is true; in order and only normalised otherwise. ``x`` is float32
    in ``channels_last`` layout when asked (convolutions under autocast read it as bf16).
    """

    def __init__(self, x: torch.Tensor, y: torch.Tensor, *, batch_size: int, mean, std, train: bool,
                 padding: int = 4, flip: bool = True, drop_last: bool = False, channels_last: bool = False) -> None:
        if x.dtype != torch.uint8:
            raise TypeError(f"DeviceLoader needs uint8 images, got {x.dtype}")
        self.x, self.y = x, y
        self.batch_size, self.train, self.drop_last = int(batch_size), train, drop_last
        self.padding, self.flip = padding, flip
        c = x.shape[1]
        std_t = torch.as_tensor(std, dtype=torch.float32, device=x.device).view(1, c, 1, 1)
        mean_t = torch.as_tensor(mean, dtype=torch.float32, device=x.device).view(1, c, 1, 1)
        self._scale = 1.0 / (255.0 * std_t)  # (x/255 − mean)/std = x·scale + shift
        self._shift = -mean_t / std_t
        self.memory_format = torch.channels_last if channels_last else torch.contiguous_format

    def __len__(self) -> int:
        n, b = len(self.y), self.batch_size
        return n // b if self.drop_last else -(-n // b)

    def normalise(self, xb: torch.Tensor) -> torch.Tensor:
        out = torch.addcmul(self._shift, xb.float(), self._scale)
        return out.contiguous(memory_format=self.memory_format)

    def epoch(self, generator: torch.Generator | None = None) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
        n = len(self.y)
        order = torch.randperm(n, device=self.x.device, generator=generator) if self.train else None
        for b in range(len(self)):
            sl = slice(b * self.batch_size, min(n, (b + 1) * self.batch_size))
            if order is None:
                xb, yb = self.x[sl], self.y[sl]
            else:
                idx = order[sl]
                xb, yb = self.x[idx], self.y[idx]
                xb = augment_batch(xb, padding=self.padding, flip=self.flip, generator=generator)
            yield self.normalise(xb), yb
