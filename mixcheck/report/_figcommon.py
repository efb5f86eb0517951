"""Shared pieces of the report's figures: palette, matplotlib settings, seeds, the figure
spec, and the figure numbers that the claims compute (:func:`claim_figure_data`).

Design for print: line styles and markers, not colour alone, tell the series apart; the
colours are the Okabe–Ito palette (distinguishable with colour-vision deficiencies); every
axis has a label and a unit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from mixcheck.paper._figures import figure_seed as _seed_for  # noqa: F401 — the figures' seeds

OKABE_ITO = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]


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


@dataclass(frozen=True)
class FigureSpec:
    """A figure: id, ``label`` (how the report names it: the paper's figure it reproduces, or
    ``R1``, ``R2``… for the report's own, so the paper's numbers never clash), title, the claim
    ids (or id prefixes) it illustrates, and its builder.

    The builder takes a context dict (seed, profile, results_dir, results) and returns
    ``(data dict, caption, draw)``, ``draw()`` making the matplotlib Figure (called only where
    the figure is drawn: the numbers come without it), or raises :class:`FigureUnavailable`.
    """

    id: str
    title: str
    claims: tuple[str, ...]
    build: Callable[[dict], tuple]
    order: int = 0
    label: str = ""
    extra: dict = field(default_factory=dict)
    #: the claims whose results the builder draws from (their ``figure_data``): a report may
    #: draw the figure as soon as these are in; None: unknown (drawn once all claims are in)
    reads: tuple[str, ...] | None = None


class FigureUnavailable(RuntimeError):
    """Raised by a builder when what the figure needs is not there (the message says what);
    ``data`` may carry what can be shown all the same (e.g. the paper's Table 1)."""

    def __init__(self, message: str, data: dict | None = None):
        super().__init__(message)
        self.data = data or {}


def claim_figure_data(ctx: dict, claim_id: str) -> dict:
    """The ``figure_data`` that claim ``claim_id`` computed (from its profile and seed): taken from
    ``ctx["results"]`` (the report's claim results) when that claim is there, else the claim is run
    now with the report's profile and seed."""
    for r in ctx.get("results") or ():
        d = r.to_dict() if hasattr(r, "to_dict") else r
        if d.get("id") == claim_id and isinstance(d.get("evidence"), dict) and "figure_data" in d["evidence"]:
            return d["evidence"]["figure_data"]
    from mixcheck.claims import run_claims

    (res,) = run_claims([claim_id], profile=ctx["profile"], seed=ctx["seed"])
    data = res.evidence.get("figure_data") if isinstance(res.evidence, dict) else None
    if data is None:
        raise FigureUnavailable(f"the claim {claim_id} gave no figure data (verdict {res.verdict}: {res.summary})")
    return data
