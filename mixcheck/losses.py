"""Mixup training losses (torch).

The reference implementation trains on λ·CE(p, y_a) + (1-λ)·CE(p, y_b); because cross-entropy
is linear in its target, this equals CE against the mixed soft label λ·e_{y_a} + (1-λ)·e_{y_b}
(eq. 1's ỹ). Both forms are provided and tested against each other.
"""

from __future__ import annotations

from typing import Any

import torch
import torch.nn.functional as F

__all__ = ["soft_cross_entropy", "mixup_cross_entropy"]


def soft_cross_entropy(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """Mean over the batch of −Σ_k t_k · log softmax(logits)_k, for soft targets t (n × K)."""
    if logits.ndim != 2:
        raise ValueError(f"logits must be 2-D (n × K), got shape {tuple(logits.shape)}")
    if targets.shape != logits.shape:
        raise ValueError(f"targets must have the shape of logits {tuple(logits.shape)}, got {tuple(targets.shape)}")
    return -(targets * F.log_softmax(logits, dim=-1)).sum(-1).mean()


def mixup_cross_entropy(logits: torch.Tensor, y_a: torch.Tensor, y_b: torch.Tensor, lam: Any) -> torch.Tensor:
    """λ·CE(logits, y_a) + (1-λ)·CE(logits, y_b), the reference's ``mixup_criterion``.

    ``lam`` is a float (one per batch) or a tensor of length n (one per sample; then the
    per-sample losses are weighted before averaging).
    """
    if logits.ndim != 2:
        raise ValueError(f"logits must be 2-D (n × K), got shape {tuple(logits.shape)}")
    if y_a.shape != y_b.shape or y_a.shape != logits.shape[:1]:
        raise ValueError(f"y_a and y_b must both hold {logits.shape[0]} integer labels, "
                         f"got shapes {tuple(y_a.shape)} and {tuple(y_b.shape)}")
    if isinstance(lam, torch.Tensor) and lam.ndim == 1:
        lam = lam.to(logits.device, logits.dtype)
        la = F.cross_entropy(logits, y_a, reduction="none")
        lb = F.cross_entropy(logits, y_b, reduction="none")
        return (lam * la + (1 - lam) * lb).mean()
    lam = float(lam)
    if not 0.0 <= lam <= 1.0:
        raise ValueError(f"lam must lie in [0, 1], got {lam}")
    return lam * F.cross_entropy(logits, y_a) + (1 - lam) * F.cross_entropy(logits, y_b)
