"""Table 1 / Fig. 3 of the paper beside our recorded α-sweeps (read through
:mod:`.experiments_bridge`; never invented: without results the figure is skipped and the
paper's numbers are shown as a table)."""

from __future__ import annotations

from ._figcommon import (
    MARKERS,
    OKABE_ITO,
    FigureUnavailable,
    _new_figure,
)


# ---------------------------------------------------------------------------------------
# Table 1 / Fig. 3: experiment results beside the paper's numbers
# ---------------------------------------------------------------------------------------


def _display_path(path) -> str:
    """``path`` relative to the working directory when it lies under it (shorter, and the same on
    every checkout), else as given."""
    import os

    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


def _fmt_cell(ser: dict | None, a: float, scale: float = 1.0) -> str:
    if not ser or a not in ser.get("alphas", []):
        return "—"
    i = ser["alphas"].index(a)
    sd = ser["sd"][i]
    return f"{scale * ser['mean'][i]:.3f}" + ("" if sd is None else f" ± {scale * sd:.3f}")


_GAP_STYLES = {"gap_clean": ("-", "o"), "gap_mixed": ("-.", "s")}


def _caveats(paper: dict, sweeps: dict) -> list[str]:
    """The caveats (lists of strings) that the bridge returns with the paper's table and with each
    recorded sweep, the sweep's dataset named; shown beside the numbers."""
    out = [str(c) for c in (paper or {}).get("caveats") or []]
    for ds, ours in sweeps.items():
        out += [f"{ds}: {c}" for c in (ours or {}).get("caveats") or []]
    return list(dict.fromkeys(out))


def _build_table1(ctx: dict):
    from . import experiments_bridge as bridge

    root = ctx.get("results_dir")
    paper = bridge.paper_table1()
    if paper is None:
        raise FigureUnavailable("the paper's Table 1 values (experiments.paper_values) are not installed")
    sweeps = bridge.recorded_sweeps(root)
    if not sweeps:
        table = {"columns": ["dataset"] + [f"α = {a:g}" for a in paper["alphas"]],
                 "rows": [[f"paper, Table 1: {ds}"] + [f"{v:g}" for v in vals] for ds, vals in paper["gaps"].items()]}
        table["rows"].append(["ours"] + ["not recorded"] * len(paper["alphas"]))
        where = f"under {_display_path(root)}/<dataset>" if root else "(the experiments package is not installed)"
        raise FigureUnavailable(f"no recorded α-sweep results {where}; `mixcheck sweep --out DIR` records them",
                                data={"paper": paper, "table": table, "caveats": _caveats(paper, {})})
    # accuracies recorded as fractions are shown in %
    acc_scale = {ds: 100.0 if max(o["accuracy"]["mean"]) <= 1.0 else 1.0
                 for ds, o in sweeps.items() if (o.get("accuracy") or {}).get("alphas")}
    trend_txt = []
    for ds, ours in sweeps.items():
        for name, t in ours.get("trends", {}).items():
            if name in _GAP_STYLES and t.get("rho") is not None and t.get("ci_low") is not None:
                trend_txt.append(f"{ds} {name}: ρ = {t['rho']:.2f} [{t['ci_low']:.2f}, {t['ci_high']:.2f}]")
        t = ours.get("accuracy_trend") or {}
        if t.get("rho") is not None and t.get("ci_low") is not None:
            trend_txt.append(f"{ds} test accuracy: ρ = {t['rho']:.2f} [{t['ci_low']:.2f}, {t['ci_high']:.2f}]")
    runs = "; ".join(
        f"{ds}: {o['runs']} finished runs, preset {o.get('protocol', {}).get('preset', '?')}, "
        f"{o.get('protocol', {}).get('epochs', '?')} epochs" for ds, o in sweeps.items())
    caption = (
        f"Table 1 and Fig. 3 beside our recorded α-sweeps ({runs}). Dashed with open markers: the paper's "
        "Table 1 row; solid and dash-dot: our gap with the train loss measured on clean training images and on "
        "the mixed batches (the paper does not say which it used), mean ± sd over seeds; dotted: our α = 0 "
        "baseline. The paper prints no numbers for Fig. 3 (its claim: higher test performance for small α). "
        + (f"Trend across α (Spearman ρ, 95% bootstrap interval over seeds): {'; '.join(trend_txt)}." if trend_txt else "")
    )
    table = {"columns": ["dataset", "α", "paper, Table 1"] + [f"ours: {n}" for n in _GAP_STYLES] + ["ours: test accuracy (%)"],
             "rows": []}
    for ds, ours in sweeps.items():
        row = ours.get("paper_row")
        alphas = sorted(set(paper["alphas"] if row else []) | {a for n in _GAP_STYLES for a in ours["gaps"].get(n, {}).get("alphas", [])})
        for a in alphas:
            p = paper["gaps"][row][paper["alphas"].index(a)] if row and a in paper["alphas"] else None
            table["rows"].append([ds, f"{a:g}" + (" (no mixup)" if a == 0 else ""), "—" if p is None else f"{p:g}"]
                                 + [_fmt_cell(ours["gaps"].get(n), a) for n in _GAP_STYLES]
                                 + [_fmt_cell(ours.get("accuracy"), a, acc_scale.get(ds, 1.0))])
    data = {"paper": paper, "ours": sweeps, "table": table, "results_root": str(root),
            "caveats": _caveats(paper, sweeps)}

    def draw():
        from matplotlib.lines import Line2D

        fig = _new_figure(10.5, 4.6)
        axes = fig.subplots(1, 2)
        ax = axes[0]
        for k, (ds, ours) in enumerate(sweeps.items()):
            col = OKABE_ITO[k % len(OKABE_ITO)]
            row = ours.get("paper_row")
            if row in paper["gaps"]:
                ax.plot(paper["alphas"], paper["gaps"][row], color=col, linestyle="--", marker=MARKERS[k],
                        markerfacecolor="white", linewidth=1.2, label=f"{ds}: paper, Table 1")
            for name, (ls, mk) in _GAP_STYLES.items():
                ser = ours["gaps"].get(name)
                if not ser or not ser["alphas"]:
                    continue
                pos = [i for i, a in enumerate(ser["alphas"]) if a > 0]
                ax.errorbar([ser["alphas"][i] for i in pos], [ser["mean"][i] for i in pos],
                            yerr=[ser["sd"][i] or 0.0 for i in pos], color=col, linestyle=ls, marker=mk, capsize=2,
                            label=f"{ds}: ours, {ours['readings'].get(name, name)}")
                if 0.0 in ser["alphas"]:
                    ax.axhline(ser["mean"][ser["alphas"].index(0.0)], color=col, linestyle=":", linewidth=1.0)
        ax.set_xscale("log")
        ax.set_xlabel("Beta parameter α (dimensionless, log scale)")
        ax.set_ylabel("generalization gap\n(cross-entropy, nats per example)")
        ax.set_title("(a) Table 1: train–test loss gap versus α")
        handles, _ = ax.get_legend_handles_labels()
        handles.append(Line2D([], [], color="0.3", linestyle=":", label="ours at α = 0 (no mixup)"))
        ax.legend(handles=handles, loc="upper left", frameon=True, fontsize=7)
        ax = axes[1]
        for k, (ds, ours) in enumerate(sweeps.items()):
            acc = ours.get("accuracy") or {}
            if not acc.get("alphas"):
                continue
            col = OKABE_ITO[k % len(OKABE_ITO)]
            scale = acc_scale[ds]
            pos = [i for i, a in enumerate(acc["alphas"]) if a > 0]
            ax.errorbar([acc["alphas"][i] for i in pos], [scale * acc["mean"][i] for i in pos],
                        yerr=[scale * (acc["sd"][i] or 0.0) for i in pos], color=col, marker="D", capsize=2,
                        label=f"{ds}: ours, mean ± sd")
            if 0.0 in acc["alphas"]:
                ax.axhline(scale * acc["mean"][acc["alphas"].index(0.0)], color=col, linestyle=":", linewidth=1.0,
                           label=f"{ds}: ours at α = 0 (no mixup)")
        if acc_scale:
            ax.set_xscale("log")
            ax.legend(loc="lower left", frameon=True, fontsize=7.5)
        else:
            ax.text(0.5, 0.5, "no test accuracy recorded", ha="center", va="center", transform=ax.transAxes)
        ax.set_xlabel("Beta parameter α (dimensionless, log scale)")
        ax.set_ylabel("test accuracy (%)")
        ax.set_title("(b) Fig. 3: test accuracy versus α")
        return fig

    return data, caption, draw
