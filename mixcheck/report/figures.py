"""The report's figures: the paper's Fig. 1 and Fig. 2 reproduced, the Section 6 and Theorem 4
quantities, and Table 1 / Fig. 3 beside recorded experiment results.

Every figure is drawn with matplotlib's object API (no pyplot, no global state, the Agg
renderer), saved as PNG and SVG, and described by a JSON-able record: its id, label, title,
caption, the claim ids it illustrates, the files, the numbers plotted and the seed used.
With ``draw=False`` the numbers are computed and nothing is drawn or written. Figures that
need something that is not there (the Rademacher engine, recorded experiment results) are
returned with ``status: "skipped"`` and the reason, never drawn from made-up numbers.

The builders live in :mod:`.figures_complexity` (Fig. 1, Fig. 2), :mod:`.figures_lambda`
(Beta(α, α), Theorem 4) and :mod:`.figures_experiments` (Table 1 / Fig. 3).
"""

from __future__ import annotations

import io
import time
from pathlib import Path
from typing import Callable

from mixcheck.paper.sec4_linear.fig1 import FIG1_SETUP
from mixcheck.paper.sec5_network.fig2 import FIG2_SETUP

from ._figcommon import FigureSpec, FigureUnavailable, _rc, _seed_for
from .figures_complexity import FIG1_CLAIM, FIG2_CLAIM, _build_fig1, _build_fig2
from .figures_experiments import _build_table1
from .figures_lambda import BETA_CLAIM, THM4_CLAIM, _build_beta, _build_thm4, beta_quantities  # noqa: F401
from .writer import write_bytes

__all__ = ["FigureSpec", "FigureUnavailable", "FIGURES", "figure_specs_for", "figure_for_claim", "make_figures",
           "FIG1_SETUP", "FIG2_SETUP", "beta_quantities"]

# Labels: the paper's figure a figure reproduces, else R1, R2, … (the report's own figures),
# so that no report figure carries a number of the paper's.
FIGURES: list[FigureSpec] = [
    FigureSpec("fig1", "linear class, complexity reduction versus n and σ²",
               ("fig1", "thm2", "eq18", "eq19", "eq20", "intro.linear"), _build_fig1, 1, "Fig. 1 (paper) reproduced",
               reads=(FIG1_CLAIM,)),
    FigureSpec("fig2", "networks, complexity reduction versus n and outlier noise",
               ("fig2", "thm3", "eq23", "eq24", "intro.network"), _build_fig2, 2, "Fig. 2 (paper) reproduced",
               reads=(FIG2_CLAIM,)),
    FigureSpec("beta", "Beta(α, α) densities and the Section 6 moments versus α",
               ("sec6",), _build_beta, 3, "R1", reads=(BETA_CLAIM,)),
    FigureSpec("thm4", "Theorem 4's variance factors versus λ and α",
               ("thm4", "eq30", "eq31", "eq32", "eq33", "intro.bias-variance", "intro.geometry"), _build_thm4, 4, "R2",
               reads=(THM4_CLAIM,)),
    FigureSpec("table1", "generalization gap and test accuracy versus α, the paper's and ours",
               ("table1", "fig3"), _build_table1, 5, "Table 1 and Fig. 3 (paper) beside ours", reads=()),
]


def _matches(claim_id: str, prefix: str) -> bool:
    """``claim_id`` is ``prefix`` or lies under it (``prefix/…``, ``prefix.…`` or ``prefix-…``)."""
    return claim_id == prefix or any(claim_id.startswith(prefix + sep) for sep in "/.-")


def figure_specs_for(claim_ids) -> list[FigureSpec]:
    """The figures that illustrate at least one of ``claim_ids`` (all of them for None)."""
    if claim_ids is None:
        return list(FIGURES)
    ids = list(claim_ids)
    return [spec for spec in FIGURES if any(_matches(c, p) for c in ids for p in spec.claims)]


def figure_for_claim(claim_id: str, figures: list[dict]) -> list[dict]:
    """The figure records (as made by :func:`make_figures`) that illustrate ``claim_id``."""
    return [f for f in figures if any(_matches(claim_id, p) for p in f["claims"])]


PNG_DPI = 120  # 1260 px wide for the 10.5-inch figures: sharp on GitHub, cheaper to draw than 150


def _save(fig, out_dir: Path, name: str) -> dict:
    """SVG (embedded in the HTML) and PNG (linked from the Markdown). The constrained layout is
    computed once, for the SVG, and kept for the PNG."""
    files = {}
    for fmt in ("svg", "png"):
        buf = io.BytesIO()
        meta = {"Software": None} if fmt == "png" else {"Date": None, "Creator": None}
        fig.savefig(buf, format=fmt, metadata=meta, dpi=PNG_DPI if fmt == "png" else None)
        if fmt == "svg":
            fig.set_layout_engine("none")  # keep the positions just computed
        write_bytes(out_dir / f"{name}.{fmt}", buf.getvalue())
        files[fmt] = f"figures/{name}.{fmt}"
    return {k: files[k] for k in ("png", "svg")}


def make_figures(out_dir: str | Path, *, seed: int = 0, profile: str = "ci", claim_ids=None,
                 results_dir: str | Path | None = None, only: list[str] | None = None,
                 progress: Callable[[str, int, int], None] | None = None, draw: bool = True,
                 results=None) -> list[dict]:
    """Draw the figures for ``claim_ids`` (all for None) into ``out_dir/figures``; with
    ``draw=False`` take their numbers only (no matplotlib, no file).

    A figure's numbers are computed by the claim it illustrates (its ``evidence["figure_data"]``):
    taken from ``results`` (claim results or their dicts) where that claim is among them, else the
    claim is run now with ``profile`` and ``seed``.

    Returns one record per figure: ``{"id", "label", "title", "caption", "claims", "status",
    "files", "data", "seed", "seconds"}``; ``status`` is ``"ok"`` (drawn), ``"not-drawn"``
    (``draw=False``: numbers and caption, no files) or ``"skipped"`` (then ``"reason"`` says
    why and there are no files).
    """
    out = Path(out_dir) / "figures"
    specs = figure_specs_for(claim_ids)
    if only is not None:
        specs = [s for s in specs if s.id in only]
    records = []
    for i, spec in enumerate(specs):
        if progress is not None:
            progress(spec.id, i, len(specs))
        fseed = _seed_for(seed, spec.id)
        rec = {"id": spec.id, "label": spec.label, "title": spec.title, "claims": list(spec.claims), "seed": fseed}
        t0 = time.perf_counter()
        ctx = {"seed": seed, "profile": profile, "results_dir": results_dir, "results": results}
        try:
            data, caption, draw_figure = spec.build(ctx)
            files = {}
            if draw:
                import matplotlib

                with matplotlib.rc_context(_rc()):
                    files = _save(draw_figure(), out, spec.id)
            rec.update(status="ok" if draw else "not-drawn", caption=caption, files=files, data=data)
        except FigureUnavailable as exc:
            rec.update(status="skipped", reason=str(exc), caption="", files={}, data=exc.data)
        rec["seconds"] = time.perf_counter() - t0
        records.append(rec)
    return records
