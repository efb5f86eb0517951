"""Assemble the validation report: claims, figures, environment, settings, seeds, timings.

The report is a plain dict (what ``report.json`` holds)::

    {"title", "inventory", "generated_at", "summary": {"total", "counts", "mismatches", "all_expected"},
     "claims": [ClaimResult.to_dict(), ...], "figures": [figure record, ...],
     "environment": mixcheck.info.environment(probe_cuda=False),
     "settings": {"profile", "seed", "only", "source", "results_dir", "versions"},
     "seeds": {...}, "timings": {...}}

``title`` and ``inventory`` are those of the claims' :class:`~mixcheck.engine.inventory.Inventory`
(given, else the declared one holding the claims, see :func:`.model.inventory_for`).
Apart from ``generated_at``, ``timings`` and each claim's ``seconds``, the same claims, seed
and profile give the same dict (the figures are seeded from the report's seed).
"""

from __future__ import annotations

import dataclasses
import importlib
import datetime as _dt
import math
import time
from pathlib import Path
from typing import Callable, Iterable

import numpy as np

from mixcheck.engine.inventory import Inventory
from mixcheck.engine.runner import run_claims
from mixcheck.engine.validate import validated_result

from .experiments_bridge import results_root
from .html import prepare_formulas, render_html
from .markdown import render_markdown
from .writer import write_json, write_text

from .model import VERDICTS, family, inventory_for, layout, statement_verdicts

__all__ = [
    "VERDICTS",
    "DEFAULT_TITLE",
    "jsonable",
    "claim_dicts",
    "summarize",
    "build_report",
    "run_claims_timed",
    "generate",
    "write_report",
    "family",
    "layout",
    "strip_volatile",
]

#: the title of a report whose claims belong to no declared inventory
DEFAULT_TITLE = "mixcheck validation report"
FORMATS = ("json", "md", "html")


def jsonable(obj):
    """``obj`` with numpy scalars/arrays, tuples, sets, paths and dataclasses turned into JSON
    types; non-finite floats become the strings ``"nan"``, ``"inf"``, ``"-inf"`` (strict JSON)."""
    if isinstance(obj, dict):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [jsonable(v) for v in obj]
    if isinstance(obj, (set, frozenset)):
        return sorted((jsonable(v) for v in obj), key=repr)
    if isinstance(obj, bool) or obj is None or isinstance(obj, str):
        return obj
    if isinstance(obj, np.bool_):
        return bool(obj)
    if isinstance(obj, (int, np.integer)):
        return int(obj)
    if isinstance(obj, (float, np.floating)):
        x = float(obj)
        if math.isfinite(x):
            return x
        return "nan" if math.isnan(x) else ("inf" if x > 0 else "-inf")
    if isinstance(obj, np.ndarray):
        return jsonable(obj.tolist())
    if isinstance(obj, Path):
        return str(obj)
    if hasattr(obj, "to_dict") and callable(obj.to_dict):
        return jsonable(obj.to_dict())
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return jsonable(dataclasses.asdict(obj))
    return str(obj)


def claim_dicts(results: Iterable) -> list[dict]:
    """Claim results (ClaimResult objects or their dicts) as JSON-able dicts, in order."""
    return [jsonable(r.to_dict() if hasattr(r, "to_dict") else r) for r in results]


def summarize(claims: list[dict]) -> dict:
    """Counts per verdict, and the claims whose verdict differs from the expected one."""
    counts = {v: 0 for v in VERDICTS}
    for c in claims:
        v = c.get("verdict", "not-run")
        counts[v] = counts.get(v, 0) + 1  # "error" (a check that raised) is counted too
    mismatches = [c["id"] for c in claims if c.get("verdict") != c.get("expected_verdict")]
    return {"total": len(claims), "counts": counts, "mismatches": mismatches, "all_expected": not mismatches}


def _versions(env: dict) -> dict:
    keys = ("python", "mixcheck", "numpy", "scipy", "sympy", "hypothesis", "torch", "torchvision", "matplotlib")
    return {k: env.get(k) for k in keys if k in env}


def build_report(claims: Iterable, *, profile: str, seed: int | None, only: list[str] | None = None,
                 figures: list[dict] | None = None, source: str = "mixcheck report",
                 results_dir: str | None = None, claim_seconds: dict | None = None,
                 total_seconds: float | None = None, environment: dict | None = None,
                 inventory: Inventory | None = None, title: str | None = None,
                 inventory_name: str | None = None) -> dict:
    """The report dict from claim results and figure records (see the module docstring);
    ``title`` and ``inventory_name`` override those of the inventory (a report collected from
    processes that declared an inventory this one has not imported)."""
    if inventory is not None and not isinstance(inventory, Inventory):
        raise TypeError(f"inventory must be an Inventory or None, got {type(inventory).__name__}")
    if environment is None:
        from mixcheck.info import environment as _environment

        # versions from package metadata; CUDA is not probed (that imports torch: `mixcheck info --cuda`)
        environment = _environment(probe_cuda=False)
    cl = claim_dicts(claims)
    figures = [dict(f) for f in (figures or [])]
    fig_seconds = {f["id"]: f.pop("seconds", None) for f in figures}
    claim_seconds = dict(claim_seconds or {c["id"]: c.get("seconds") for c in cl})
    claims_total = sum(v for v in claim_seconds.values() if isinstance(v, (int, float)))
    timings = {
        "claims": claim_seconds,
        "claims_total": claims_total,
        "figures": fig_seconds,
        "figures_total": sum(v for v in fig_seconds.values() if isinstance(v, (int, float))),
        "total": total_seconds,
    }
    inv = inventory or inventory_for([c.get("id", "") for c in cl], inventory_name)
    report = {
        "title": title or (inv.title if inv is not None else DEFAULT_TITLE),
        "inventory": inventory_name or (inv.name if inv is not None else None),
        "generated_at": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "summary": summarize(cl),
        "statements": statement_verdicts(cl),
        "claims": cl,
        "figures": figures,
        "environment": environment,
        "settings": {
            "profile": profile,
            "seed": seed,
            "only": list(only) if only else None,
            "source": source,
            "results_dir": str(results_dir) if results_dir else None,
            "versions": _versions(environment),
        },
        "seeds": {"claims": seed, "figures": {f["id"]: f.get("seed") for f in figures}},
        "timings": timings,
    }
    return jsonable(report)


def strip_volatile(report: dict) -> dict:
    """The report without what may differ between two identical runs: the time it was made,
    the timings and each claim's ``seconds``."""
    out = {k: v for k, v in report.items() if k not in ("generated_at", "timings")}
    out["claims"] = [{k: v for k, v in c.items() if k != "seconds"} for c in report.get("claims", [])]
    return out


def run_claims_timed(ids=None, *, profile: str, seed: int,
                     progress: Callable[[str, int, int], None] | None = None,
                     inventory: Inventory | None = None, jobs: int = 1,
                     claims_module: str | None = None, keep_workers: bool = False,
                     on_results: Callable[[list[dict]], None] | None = None) -> tuple[list[dict], dict]:
    """Run the claims (of ``inventory`` where given) through :func:`mixcheck.engine.runner.run_claims`,
    in ``jobs`` worker processes where ``claims_module`` names the module that registers them
    (:mod:`mixcheck.report.parallel`; the same results); return (claim dicts, seconds by id)."""
    if jobs > 1 and claims_module is not None:
        from .parallel import run_claim_dicts

        results = run_claim_dicts(ids, profile=profile, seed=seed, jobs=jobs, claims_module=claims_module,
                                  inventory=inventory, progress=progress, keep_workers=keep_workers,
                                  on_results=on_results)
    else:
        results = run_claims(ids, profile=profile, seed=seed, progress=progress, inventory=inventory)
    claims = [validated_result(d)[0] for d in claim_dicts(results)]  # as the pytest plugin checks them
    return claims, {c["id"]: c.get("seconds") for c in claims}


def generate(out_dir: str | Path, *, profile: str, seed: int, only: list[str] | None = None,
             formats: Iterable[str] = FORMATS, results_dir: str | Path | None = None,
             progress: Callable[[str, int, int], None] | None = None,
             figure_progress: Callable[[str, int, int], None] | None = None,
             inventory: Inventory | None = None, jobs: int = 1, claims_module: str | None = None) -> dict:
    """Run the claims (those of ``inventory`` where given), draw their figures, write the report
    files; return the report dict (its title and sections those of the inventory).
    With ``formats`` only ``("json",)`` the figures' numbers are computed and nothing is drawn.

    ``progress(claim_id, i, total)`` is called before each claim, ``figure_progress(figure_id,
    i, total)`` before each figure. ``jobs`` worker processes run the claims where
    ``claims_module`` names the module that registers them (:func:`run_claims_timed`); they draw
    each figure as soon as the claims it reads are in (:class:`.parallel.FigureQueue`)."""
    t0 = time.perf_counter()
    parallel = jobs > 1 and claims_module is not None
    formats = list(formats)
    draw = bool({"md", "html"} & set(formats))
    queue = None
    try:
        if parallel:
            from mixcheck.engine.runner import select_claims

            from .model import load_claims, module_inventory

            inventory_run = inventory or module_inventory(load_claims(claims_module))
            ids = [c.id for c in select_claims(only or None, inventory=inventory_run)]
            plan = _figure_plan(out_dir, ids, profile=profile, seed=seed, results_dir=results_dir, draw=draw,
                                inventory=inventory_run)
            queue = _figure_queue(plan, jobs=jobs, claims_module=claims_module)
        else:
            inventory_run = inventory

        def on_results(chunk: list[dict]) -> None:
            if queue is not None:
                queue.claims_in(chunk)   # first: the workers may take a figure while this process works
            if "html" in formats:
                prepare_formulas(chunk)

        claims, seconds = run_claims_timed(only or None, profile=profile, seed=seed, progress=progress,
                                           inventory=inventory_run, jobs=jobs, claims_module=claims_module,
                                           keep_workers=parallel, on_results=on_results)
        if progress is not None and hasattr(progress, "close"):
            progress.close()
        if queue is not None:
            queue.claims_in(claims)   # the checked results, for the figures not handed out yet
            figures = [rec for recs in queue.collect(figure_progress) for rec in recs]
        else:
            figures = figures_of(out_dir, claims, profile=profile, seed=seed, results_dir=results_dir,
                                 progress=figure_progress, draw=draw, inventory=inventory)
    finally:
        if parallel:
            from .parallel import stop_workers

            stop_workers()
    report = build_report(claims, profile=profile, seed=seed, only=only, figures=figures,
                          source="mixcheck report", results_dir=results_dir, claim_seconds=seconds,
                          total_seconds=time.perf_counter() - t0, inventory=inventory)
    write_report(report, out_dir, formats)
    return report


def _figure_plan(out_dir, ids: list[str], *, profile: str, seed: int, results_dir, draw: bool,
                 inventory: Inventory | None = None, inventory_name: str | None = None):
    """(figures module name, the module, its figure specs or None, the ``make_figures`` keyword
    arguments) for the claims ``ids``; None for an inventory that declares no figures."""
    inv = inventory or inventory_for(ids, inventory_name)
    if inv is None or inv.figures is None:
        return None
    module = importlib.import_module(inv.figures)
    specs = module.figure_specs_for(ids) if hasattr(module, "figure_specs_for") else None
    kwargs = dict(out_dir=out_dir, seed=seed, profile=profile, claim_ids=ids, results_dir=results_dir, draw=draw)
    return inv.figures, module, specs, kwargs


def _figure_queue(plan, *, jobs: int, claims_module: str):
    """A :class:`.parallel.FigureQueue` drawing one figure per call in the report's ``jobs``
    workers, or None where they are drawn here (one figure, nothing drawn, or no list of figures)."""
    if plan is None:
        return None
    name, _module, specs, kwargs = plan
    if not (specs and len(specs) > 1 and kwargs["draw"]):
        return None
    from .parallel import FigureQueue

    return FigureQueue(name, [dict(kwargs, only=[spec.id]) for spec in specs],
                       [getattr(spec, "reads", None) for spec in specs], jobs=jobs, claims_module=claims_module)


def figures_of(out_dir, claims: list[dict], *, profile: str, seed: int, results_dir=None, progress=None,
               draw: bool = True, inventory: Inventory | None = None, inventory_name: str | None = None) -> list[dict]:
    """The figures of the claims' inventory (its ``figures`` module, imported only now), drawn
    here from the claims' own figure data; none for an inventory that declares no figures
    (:func:`generate` with workers draws them there instead)."""
    plan = _figure_plan(out_dir, [c["id"] for c in claims], profile=profile, seed=seed, results_dir=results_dir,
                        draw=draw, inventory=inventory, inventory_name=inventory_name)
    if plan is None:
        return []
    return plan[1].make_figures(progress=progress, results=claims, **plan[3])


def default_results_dir() -> str | None:
    """The folder of recorded α-sweeps (``experiments/results``, one store per dataset): the one
    the Table 1 / Fig. 3 claims read."""
    return results_root()


def write_report(report: dict, out_dir: str | Path, formats: Iterable[str] = FORMATS) -> list[Path]:
    """Write ``report.json``, ``report.md`` and/or ``report.html`` into ``out_dir`` (atomically)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    formats = list(formats)
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(f"formats must be among {FORMATS}, got {unknown}")
    written = []
    if "json" in formats:
        written.append(write_json(out / "report.json", report))
    if "md" in formats:
        written.append(write_text(out / "report.md", render_markdown(report)))
    if "html" in formats:
        written.append(write_text(out / "report.html", render_html(report, base_dir=out)))
    return written
