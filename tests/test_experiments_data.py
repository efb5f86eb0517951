"""experiments.data and experiments.model: official on-disk formats read through torchvision's
classes, ImageFolder trees, the batched device augmentation, the shared JPEG CIFAR-10 copy."""

from __future__ import annotations

import tarfile

import numpy as np
import pytest
import torch

from mixcheck.experiments.data import DataError, DeviceLoader, augment_batch, load_dataset, shared_cifar10_archive
from mixcheck.experiments.fake_data import CIFAR10_CLASSES, skip_cifar_md5, write_cifar10, write_imagefolder
from mixcheck.experiments.model import build_model, count_parameters



@pytest.fixture(scope="module")
def tiny_roots(tmp_path_factory):
    base = tmp_path_factory.mktemp("tinydata")
    return write_cifar10(base / "cifar", n_train=60, n_test=30), write_imagefolder(base / "tree", n_train=60, n_test=30)


def test_cifar10_official_format_through_torchvision(tiny_roots):
    # The md5 check is the only part of torchvision's reader bypassed (the files are not the official ones).
    with skip_cifar_md5():
        d = load_dataset("cifar10", tiny_roots[0])
    assert d.train_x.shape == (60, 3, 32, 32) and d.test_x.shape == (30, 3, 32, 32)
    assert d.train_x.dtype == torch.uint8 and d.train_y.dtype == torch.int64
    assert d.classes == CIFAR10_CLASSES and d.num_classes == 10
    # pixel (0, 0) of channel 0 encodes the label: checks NHWC→NCHW and the label order
    assert torch.equal(d.train_x[:, 0, 0, 0].long(), 20 * d.train_y)
    assert torch.equal(d.test_x[:, 0, 0, 0].long(), 20 * d.test_y)
    assert d.mean == (0.4914, 0.4822, 0.4465)  # the reference's constants for CIFAR-10


def test_imagefolder_tree_matches_the_cifar_files(tiny_roots):
    with skip_cifar_md5():
        c = load_dataset("cifar10", tiny_roots[0])
    f = load_dataset("imagefolder", tiny_roots[1])
    assert f.classes == CIFAR10_CLASSES
    for split in ("train", "test"):
        cx, cy = getattr(c, f"{split}_x"), getattr(c, f"{split}_y")
        order = np.argsort(cy.numpy(), kind="stable")  # ImageFolder: by class, then file name (= index)
        assert torch.equal(getattr(f, f"{split}_y"), cy[order])
        assert torch.equal(getattr(f, f"{split}_x"), cx[order])  # PNG is lossless


def test_imagefolder_from_a_tar_gz_is_unpacked_once(tiny_roots, tmp_path):
    archive = tmp_path / "tree.tar.gz"
    with tarfile.open(archive, "w:gz") as tf:
        tf.add(tiny_roots[1], arcname="tree")
    cache = tmp_path / "cache"
    a = load_dataset("imagefolder", archive, cache_dir=cache)
    (unpacked,) = [p for p in cache.iterdir() if p.is_dir()]
    (decoded,) = unpacked.glob("*.decoded-uint8.pt")  # the decoded tensors, kept beside the tree
    b = load_dataset("imagefolder", archive, cache_dir=cache)
    assert torch.equal(a.train_x, b.train_x) and torch.equal(a.test_y, b.test_y)
    assert len(list(cache.iterdir())) == 1
    decoded.write_bytes(b"not a tensor file")  # unreadable: decoded again, same result
    assert torch.equal(load_dataset("imagefolder", archive, cache_dir=cache).train_x, a.train_x)
    assert a.source["archive"] == str(archive.resolve())


def test_data_errors_say_how_to_get_the_data(tiny_roots, tmp_path):
    with pytest.raises(DataError, match="unknown dataset"):
        load_dataset("imagenet", tmp_path)
    with pytest.raises(DataError, match="--download"):
        load_dataset("cifar10", tmp_path / "missing")
    with pytest.raises(DataError, match="cifar-10-batches-py.*--download"):
        load_dataset("cifar10", tmp_path)  # a folder without the files
    # malformed: the tiny files fail torchvision's md5 check without the test bypass
    with pytest.raises(DataError, match="corrupted"):
        load_dataset("cifar10", tiny_roots[0])
    with pytest.raises(DataError, match="train/<class>"):
        load_dataset("imagefolder", tmp_path)
    with pytest.raises(DataError, match="stl10_binary"):
        load_dataset("stl10", tmp_path)
    with pytest.raises(DataError, match="train_32x32.mat"):
        load_dataset("svhn", tmp_path)


def test_augment_batch_is_a_padded_crop_and_flip_per_image():
    g = torch.Generator().manual_seed(1)
    x = torch.randint(0, 256, (40, 3, 8, 8), dtype=torch.uint8, generator=g)
    out = augment_batch(x, padding=2, generator=torch.Generator().manual_seed(5))
    assert out.shape == x.shape and out.dtype == torch.uint8
    xp = torch.nn.functional.pad(x, (2, 2, 2, 2))
    flips = 0
    for i in range(len(x)):
        options = [(dy, dx, fl) for dy in range(5) for dx in range(5) for fl in (False, True)
                   if torch.equal(out[i], (lambda c: c.flip(-1) if fl else c)(xp[i, :, dy:dy + 8, dx:dx + 8]))]
        assert options, f"image {i} is not a crop (+flip) of its padded self"
        flips += all(fl for *_, fl in options)
    assert 5 <= flips <= 35  # both flip states occur
    same = augment_batch(x, padding=2, generator=torch.Generator().manual_seed(5))
    assert torch.equal(out, same)  # seeded
    assert torch.equal(augment_batch(x, padding=0, flip=False), x)


def test_device_loader_normalises_like_torchvision_and_covers_the_epoch():
    import torchvision.transforms.functional as TF
    from PIL import Image

    x = torch.randint(0, 256, (50, 3, 32, 32), dtype=torch.uint8)
    y = torch.arange(50)
    mean, std = (0.4914, 0.4822, 0.4465), (0.2023, 0.1994, 0.2010)
    ev = DeviceLoader(x, y, batch_size=16, mean=mean, std=std, train=False)
    xb, yb = next(ev.epoch())
    ref = TF.normalize(TF.to_tensor(Image.fromarray(x[3].permute(1, 2, 0).numpy())), mean, std)
    assert torch.allclose(xb[3], ref, atol=1e-5) and torch.equal(yb, y[:16])
    tr = DeviceLoader(x, y, batch_size=16, mean=mean, std=std, train=True)
    seen = torch.cat([b for _, b in tr.epoch(torch.Generator().manual_seed(0))])
    assert len(tr) == 4 and sorted(seen.tolist()) == list(range(50))
    assert len(DeviceLoader(x, y, batch_size=16, mean=mean, std=std, train=True, drop_last=True)) == 3


def test_preact_resnet18_matches_the_reference_and_takes_other_sizes():
    net = build_model("preact18", 10)
    assert count_parameters(net) == 11_171_274  # the reference's ResNet18 (PreActBlock, [2,2,2,2], stem BN)
    small = build_model("preact18", 100, width=4)
    assert small(torch.randn(2, 3, 32, 32)).shape == (2, 100)
    assert small(torch.randn(2, 3, 96, 96)).shape == (2, 100)  # STL-10
    tv = build_model("tv-resnet18-cifar", 10)
    assert tv.maxpool.__class__.__name__ == "Identity" and tv.conv1.stride == (1, 1)
    with pytest.raises(ValueError, match="unknown arch"):
        build_model("vgg", 10)


@pytest.mark.integration
def test_reads_a_few_images_of_the_shared_jpeg_cifar10(tmp_path):
    archive = shared_cifar10_archive()
    if archive is None:
        pytest.skip("the shared JPEG CIFAR-10 copy (../shared/datasets/cifar10-jpeg.tar.gz) is absent")
    want = {(split, c): 2 for split in ("train", "test") for c in CIFAR10_CLASSES}
    with tarfile.open(archive, "r|gz") as tf:  # streamed: only a few members are written out
        for m in tf:
            parts = m.name.split("/")
            if m.isfile() and len(parts) == 4 and want.get((parts[1], parts[2]), 0) > 0:
                want[(parts[1], parts[2])] -= 1
                dest = tmp_path / parts[1] / parts[2] / parts[3]
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_bytes(tf.extractfile(m).read())
                if not any(want.values()):
                    break
    d = load_dataset("imagefolder", tmp_path)
    assert d.classes == CIFAR10_CLASSES  # sorted folders = CIFAR-10's label order
    assert d.train_x.shape == (20, 3, 32, 32) and d.test_x.shape == (20, 3, 32, 32)
    assert torch.equal(d.train_y, torch.arange(10).repeat_interleave(2))
    assert 0.2 < d.mean[0] < 0.8 and d.source["format"] == "torchvision.datasets.ImageFolder"
