"""Shared pieces of the report's figures: palette, matplotlib settings, seeds, the figure
spec, and intervals from scipy.stats.

Design for print: line styles and markers, not colour alone, tell the series apart; the
colours are the Okabe–Ito palette (distinguishable with colour-vision deficiencies); every
axis has a label and a unit.
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

OKABE_ITO = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]

# Monte-Carlo sign-vector draws for the complexity estimates, per profile.
_DRAWS = {"ci": 500, "dev": 1000, "thorough": 10000}
# Independent samples B per grid point of Fig. 1 and Fig. 2.
_SAMPLES = {"ci": 12, "dev": 24, "thorough": 64}
_BETA_MC = {"ci": 100_000, "dev": 100_000, "thorough": 1_000_000}


def _rc() -> dict:
    return {
        "font.size": 10,
        "axes.titlesize": 10.5,
        "axes.labelsize": 10,
        "legend.fontsize": 8.5,
        "xtick.labelsize": 9,
        "ytick.labelsize": 9,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "grid.linewidth": 0.6,
        "lines.linewidth": 1.6,
        "lines.markersize": 4.5,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "svg.hashsalt": "mixcheck",
        "svg.fonttype": "path",
        "savefig.dpi": 150,
    }


def _new_figure(width: float = 10.0, height: float = 4.0):
    import matplotlib

    from matplotlib.figure import Figure

    with matplotlib.rc_context(_rc()):
        fig = Figure(figsize=(width, height), layout="constrained")
    return fig


def _seed_for(seed: int, name: str) -> int:
    """A per-figure seed derived from the report's seed and the figure's name (stable)."""
    return (int(seed) * 1_000_003 + zlib.crc32(name.encode())) % (2**32)


@dataclass(frozen=True)
class FigureSpec:
    """A figure: id, ``label`` (how the report names it: the paper's figure it reproduces, or
    ``R1``, ``R2``… for the report's own, so the paper's numbers never clash), title, the claim
    ids (or id prefixes) it illustrates, and its builder.

    The builder takes a context dict (seed, profile, results_dir, draw) and returns
    ``(matplotlib Figure or None, data dict, caption)`` — None when ``ctx["draw"]`` is false
    (the numbers only) — or raises :class:`FigureUnavailable`.
    """

    id: str
    title: str
    claims: tuple[str, ...]
    build: Callable[[dict], tuple]
    order: int = 0
    label: str = ""
    extra: dict = field(default_factory=dict)


class FigureUnavailable(RuntimeError):
    """Raised by a builder when what the figure needs is not there (the message says what);
    ``data`` may carry what can be shown all the same (e.g. the paper's Table 1)."""

    def __init__(self, message: str, data: dict | None = None):
        super().__init__(message)
        self.data = data or {}


def mean_interval(values, level: float = 0.95) -> tuple[float, float, float]:
    """Mean and Student-t interval of the mean over independent samples
    (``scipy.stats.t.interval``); the mean three times for fewer than two samples."""
    from scipy import stats

    v = np.asarray(values, dtype=float)
    m = float(v.mean())
    if v.size < 2:
        return m, m, m
    sem = float(stats.sem(v))
    if sem == 0.0:
        return m, m, m
    low, high = stats.t.interval(level, v.size - 1, loc=m, scale=sem)
    return m, float(low), float(high)


def clt_interval(values, level: float = 0.99) -> dict:
    """``{"estimate", "low", "high"}``: the mean of ``values`` with its normal (CLT) interval
    (``scipy.stats.norm.interval``, standard error with ddof = 1)."""
    from scipy import stats

    v = np.asarray(values, dtype=float)
    m = float(v.mean())
    se = float(v.std(ddof=1) / math.sqrt(v.size))
    low, high = stats.norm.interval(level, loc=m, scale=se) if se > 0 else (m, m)
    return {"estimate": m, "low": float(low), "high": float(high)}
