"""Tiny synthetic datasets written in the official on-disk formats, for tests and smoke runs.

:func:`write_cifar10` writes the python-pickle batches that torchvision's ``CIFAR10`` reads
(``cifar-10-batches-py/data_batch_1..5``, ``test_batch``, ``batches.meta``: dicts with str
keys ``data`` — N×3072 uint8 rows, channel-major — and ``labels``, as the official files load
under ``encoding="latin1"``). Their content is not the official data, so torchvision's md5
check rejects them: :func:`skip_cifar_md5` replaces that check with an existence check, for
tests only. :func:`write_imagefolder` writes the same images as PNG (lossless) in a
``train/<class>/`` + ``test/<class>/`` tree.

Every image is a class-coloured blob on noise, so a small network can learn something in an
epoch or two; pixel (0, 0) of channel 0 holds ``20·label`` so tests can check labels and layout.
"""

from __future__ import annotations

import contextlib
import os
import pickle
from pathlib import Path

import numpy as np

__all__ = ["CIFAR10_CLASSES", "make_images", "write_cifar10", "write_imagefolder", "skip_cifar_md5"]

CIFAR10_CLASSES = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]


def make_images(n: int, *, num_classes: int = 10, size: int = 32, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """(N×size×size×3 uint8 images, N int64 labels), classes balanced."""
    rng = np.random.default_rng(seed)
    labels = np.arange(n) % num_classes
    rng.shuffle(labels)
    img = rng.integers(0, 96, size=(n, size, size, 3), dtype=np.uint8)
    colours = rng.integers(96, 256, size=(num_classes, 3), dtype=np.uint8)
    for i, k in enumerate(labels):
        r0, c0 = rng.integers(0, size // 2, size=2)
        img[i, r0:r0 + size // 2, c0:c0 + size // 2] = colours[k]
        img[i, 0, 0, 0] = 20 * k
    return img, labels.astype(np.int64)


def write_cifar10(root, *, n_train: int = 100, n_test: int = 50, seed: int = 0) -> Path:
    """Write ``root/cifar-10-batches-py`` (five train batches, one test batch, the meta file)."""
    base = Path(root) / "cifar-10-batches-py"
    base.mkdir(parents=True, exist_ok=True)
    x_tr, y_tr = make_images(n_train, seed=seed)
    x_te, y_te = make_images(n_test, seed=seed + 1)

    def rows(x):  # NHWC → N×3072, channel-major (R plane, G plane, B plane), as in the official files
        return np.ascontiguousarray(x.transpose(0, 3, 1, 2).reshape(len(x), -1))

    def dump(name, x, y, label):
        entry = {"batch_label": label, "labels": [int(v) for v in y], "data": rows(x),
                 "filenames": [f"img_{i}.png" for i in range(len(y))]}
        with open(base / name, "wb") as f:
            pickle.dump(entry, f, protocol=2)

    for b, idx in enumerate(np.array_split(np.arange(n_train), 5), start=1):
        dump(f"data_batch_{b}", x_tr[idx], y_tr[idx], f"training batch {b} of 5")
    dump("test_batch", x_te, y_te, "testing batch 1 of 1")
    with open(base / "batches.meta", "wb") as f:
        pickle.dump({"label_names": CIFAR10_CLASSES, "num_cases_per_batch": max(1, n_train // 5), "num_vis": 3072},
                    f, protocol=2)
    return Path(root)


def write_imagefolder(root, *, n_train: int = 100, n_test: int = 50, seed: int = 0) -> Path:
    """Write the same images as :func:`write_cifar10` as PNG files in ``root/{train,test}/<class>/``."""
    from PIL import Image

    root = Path(root)
    for split, (x, y) in (("train", make_images(n_train, seed=seed)), ("test", make_images(n_test, seed=seed + 1))):
        for i, (img, k) in enumerate(zip(x, y)):
            d = root / split / CIFAR10_CLASSES[k]
            d.mkdir(parents=True, exist_ok=True)
            Image.fromarray(img).save(d / f"{i:05d}.png")
    return root


@contextlib.contextmanager
def skip_cifar_md5():
    """Within the block, torchvision's CIFAR reader accepts files whose md5 differs from the official
    one (an existence check instead). For tests with :func:`write_cifar10` data only: everything
    else torchvision's ``CIFAR10`` does (unpickling, layout, the meta file) still runs."""
    import torchvision.datasets.cifar as cifar

    original = cifar.check_integrity
    cifar.check_integrity = lambda fpath, md5=None: os.path.isfile(fpath)
    try:
        yield
    finally:
        cifar.check_integrity = original
