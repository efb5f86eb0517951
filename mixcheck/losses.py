"""Mixup training losses (torch).

The reference implementation trains on λ·CE(p, y_a) + (1-λ)·CE(p, y_b); because cross-entropy
is linear in its target, this equals CE against the mixed soft label λ·e_{y_a} + (1-λ)·e_{y_b}
(eq. 1's ỹ). Both forms are provided and tested against each other.

Arguments are checked (``validate=False`` skips the checks that synchronise with a GPU,
for training loops): logits a floating (n × K) tensor with n ≥ 1, K ≥ 1; labels integer in
[0, K); λ in [0, 1] (a scalar, or one per sample); soft targets finite and non-negative.
Non-finite logits are not an argument error: they give a non-finite loss, which is how a
diverged run shows.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
import torch.nn.functional as F

from .validation import check_bool, check_labels, check_lambda, check_tensor

__all__ = ["soft_cross_entropy", "mixup_cross_entropy"]


def _check_logits(logits: Any) -> None:
    if not isinstance(logits, torch.Tensor):
        raise TypeError(f"logits must be a torch.Tensor, got {type(logits).__name__}")
    if logits.ndim != 2:
        raise ValueError(f"logits must be 2-D (n × K), got shape {tuple(logits.shape)}")
    if logits.shape[0] == 0 or logits.shape[1] == 0:
        raise ValueError(f"logits must not be empty, got shape {tuple(logits.shape)}")
    if not logits.is_floating_point():
        raise TypeError(f"logits must have a floating dtype, got {logits.dtype}")


def soft_cross_entropy(logits: torch.Tensor, targets: torch.Tensor, *, validate: bool = True) -> torch.Tensor:
    """Mean over the batch of −Σ_k t_k · log softmax(logits)_k, for soft targets t (n × K)."""
    check_bool(validate, "validate")
    _check_logits(logits)
    if not isinstance(targets, torch.Tensor):
        raise TypeError(f"targets must be a torch.Tensor, got {type(targets).__name__}")
    if targets.shape != logits.shape:
        raise ValueError(f"targets must have the shape of logits {tuple(logits.shape)}, got {tuple(targets.shape)}")
    if validate:
        check_tensor(targets, "targets", floating=True)
        if bool((targets < 0).any()):
            raise ValueError("targets must be non-negative (soft labels: probability rows)")
    return -(targets * F.log_softmax(logits, dim=-1)).sum(-1).mean()


def mixup_cross_entropy(logits: torch.Tensor, y_a: torch.Tensor, y_b: torch.Tensor, lam: Any, *,
                        validate: bool = True) -> torch.Tensor:
    """λ·CE(logits, y_a) + (1-λ)·CE(logits, y_b), the reference's ``mixup_criterion``.

    ``lam`` is a float (one per batch) or a tensor of length n (one per sample; then the
    per-sample losses are weighted before averaging).
    """
    check_bool(validate, "validate")
    _check_logits(logits)
    for name, y in (("y_a", y_a), ("y_b", y_b)):
        if not isinstance(y, torch.Tensor):
            raise TypeError(f"{name} must be a torch.Tensor of integer labels, got {type(y).__name__}")
    if y_a.shape != y_b.shape or y_a.shape != logits.shape[:1]:
        raise ValueError(f"y_a and y_b must both hold {logits.shape[0]} integer labels, "
                         f"got shapes {tuple(y_a.shape)} and {tuple(y_b.shape)}")
    if validate:
        check_labels(y_a, logits.shape[1], "y_a")
        check_labels(y_b, logits.shape[1], "y_b")
    if isinstance(lam, np.ndarray) and lam.ndim == 1:
        lam = torch.as_tensor(lam)
    if isinstance(lam, torch.Tensor) and lam.ndim == 1:
        if validate:
            check_lambda(lam, "lam")
        elif not lam.is_floating_point():
            raise TypeError(f"lam must have a floating dtype, got {lam.dtype}")
        if lam.shape[0] != logits.shape[0]:
            raise ValueError(f"lam must be a scalar or hold one λ per sample ({logits.shape[0]}), "
                             f"got length {lam.shape[0]}")
        lam = lam.to(logits.device, logits.dtype)
        la = F.cross_entropy(logits, y_a, reduction="none")
        lb = F.cross_entropy(logits, y_b, reduction="none")
        return (lam * la + (1 - lam) * lb).mean()
    if hasattr(lam, "ndim") and lam.ndim > 1:
        raise ValueError(f"lam must be a scalar or 1-D (one λ per sample), got shape {tuple(lam.shape)}")
    lam = float(check_lambda(lam, "lam"))
    return lam * F.cross_entropy(logits, y_a) + (1 - lam) * F.cross_entropy(logits, y_b)
