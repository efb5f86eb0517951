"""Models for the α sweep.

``preact18`` is the network the mixup reference implementation trains as "ResNet18"
(facebookresearch/mixup-cifar10, ``models/resnet.py``): a 3×3 stem conv + BN + ReLU, then
four stages of two pre-activation basic blocks (64, 128, 256, 512 channels at ``width=64``;
strides 1, 2, 2, 2), 1×1-conv projection shortcuts without BN, global average pooling and a
linear layer. The one change: the reference pools with ``avg_pool2d(out, 4)``, which is the
global average only for 32×32 inputs; here pooling is adaptive, so 96×96 STL-10 (or any size)
gives the same 512-d feature, and 32×32 inputs give exactly the reference computation.

``tv-resnet18`` is torchvision's ImageNet ``resnet18`` as it is (7×7 stride-2 stem and a max
pool: a 32×32 input reaches the last stage at 1×1); ``tv-resnet18-cifar`` is the same network
with the usual small-image stem (3×3 stride-1 conv, no max pool).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

__all__ = ["ARCHS", "PreActBlock", "PreActResNet18", "build_model", "count_parameters"]

ARCHS = ("preact18", "tv-resnet18", "tv-resnet18-cifar")


class PreActBlock(nn.Module):
    """Pre-activation basic block (He et al. 2016, "Identity Mappings"), as in the reference."""

    def __init__(self, in_planes: int, planes: int, stride: int = 1) -> None:
        super().__init__()
        self.bn1 = nn.BatchNorm2d(in_planes)
        self.conv1 = nn.Conv2d(in_planes, planes, 3, stride=stride, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, stride=1, padding=1, bias=False)
        self.shortcut = (nn.Conv2d(in_planes, planes, 1, stride=stride, bias=False)
                         if stride != 1 or in_planes != planes else nn.Identity())

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = F.relu(self.bn1(x))
        shortcut = self.shortcut(out) if not isinstance(self.shortcut, nn.Identity) else x
        out = self.conv1(out)
        out = self.conv2(F.relu(self.bn2(out)))
        return out + shortcut


class PreActResNet18(nn.Module):
    """The reference's ResNet18 (PreActBlock, [2, 2, 2, 2]); ``width`` scales every stage."""

    def __init__(self, num_classes: int = 10, width: int = 64, in_channels: int = 3) -> None:
        super().__init__()
        if width < 1:
            raise ValueError(f"width must be ≥ 1, got {width}")
        self.conv1 = nn.Conv2d(in_channels, width, 3, stride=1, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        layers, in_planes = [], width
        for i, stride in enumerate((1, 2, 2, 2)):
            planes = width * 2**i
            layers.append(nn.Sequential(PreActBlock(in_planes, planes, stride), PreActBlock(planes, planes, 1)))
            in_planes = planes
        self.layer1, self.layer2, self.layer3, self.layer4 = layers
        self.linear = nn.Linear(in_planes, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.layer4(self.layer3(self.layer2(self.layer1(out))))
        out = F.adaptive_avg_pool2d(out, 1).flatten(1)
        return self.linear(out)


def build_model(arch: str, num_classes: int, *, width: int = 64) -> nn.Module:
    """A fresh model; its initialisation is fixed by the torch seed set before the call."""
    if arch == "preact18":
        return PreActResNet18(num_classes, width=width)
    if arch in ("tv-resnet18", "tv-resnet18-cifar"):
        if width != 64:
            raise ValueError(f"{arch} has a fixed width of 64 (torchvision's BasicBlock); got width={width}")
        from torchvision.models import resnet18

        net = resnet18(weights=None, num_classes=num_classes)
        if arch == "tv-resnet18-cifar":
            net.conv1 = nn.Conv2d(3, 64, 3, stride=1, padding=1, bias=False)
            net.maxpool = nn.Identity()
        return net
    raise ValueError(f"unknown arch {arch!r}; choose one of {', '.join(ARCHS)}")


def count_parameters(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())
