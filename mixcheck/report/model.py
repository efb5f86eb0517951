"""The report's view model: what the renderers (:mod:`.html`, :mod:`.markdown`) read from a
report dict, apart from the dict itself — the verdicts, a claim's family (entry id), the
inventory a report belongs to, its sections and index, and where each figure is shown.

The inventory of a report is the declared :class:`~mixcheck.engine.inventory.Inventory` named
by ``report["inventory"]``; a report of claims no declared inventory holds first loads the
default claims package (:data:`DEFAULT_CLAIMS`) and looks again; a report whose inventory is
still unknown is shown in one section, without an index.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import re
import sys

from mixcheck.engine.inventory import Inventory, declared, family_of

__all__ = ["VERDICTS", "DEFAULT_CLAIMS", "family", "claim_matches", "inventory_named", "inventory_for",
           "load_claims", "module_inventory", "nav_sections", "nav_index", "report_sections", "report_index", "index_anchor", "layout",
           "statement_verdicts", "report_statements"]

VERDICTS = ("holds", "refuted", "inconclusive", "not-run")

#: the claims package ``mixcheck report`` checks when no ``--claims`` is given
DEFAULT_CLAIMS = "mixcheck.claims"


def family(claim_id: str) -> str:
    """The inventory id a claim belongs to: ``thm2/as-printed`` → ``thm2``."""
    return family_of(claim_id)


def claim_matches(claim_id: str, prefix: str) -> bool:
    """``claim_id`` is ``prefix`` or lies under it (``prefix/…``, ``prefix.…`` or ``prefix-…``)."""
    return claim_id == prefix or any(claim_id.startswith(prefix + sep) for sep in "/.-")


def load_claims(module: str = DEFAULT_CLAIMS):
    """Import the claims module ``module`` — a dotted name importable from the working directory
    or a path to a ``.py`` file — which declares an inventory and registers its claims; return
    the module. A module that cannot be found is a ValueError naming it."""
    if not isinstance(module, str) or not module.strip():
        raise ValueError(f"claims must name a module (dotted name or a .py path), got {module!r}")
    if module.endswith(".py") or os.sep in module:
        return _load_path(module)
    if os.getcwd() not in sys.path and "" not in sys.path:
        sys.path.insert(0, os.getcwd())  # as ``python -m`` does: a module of the checkout is found
    try:
        return importlib.import_module(module)  # the module is the user's choice: a name, not an arrow
    except ModuleNotFoundError as exc:
        if exc.name and (module == exc.name or module.startswith(exc.name + ".")):
            raise ValueError(f"claims module {module!r} not found (a dotted module name importable from "
                             "the working directory, or a path to a .py file)") from None
        raise


def _load_path(path: str):
    full = os.path.abspath(path)
    if not os.path.isfile(full) or not full.endswith(".py"):
        raise ValueError(f"claims path {path!r} is not a .py file")
    name = "mixcheck_claims_" + re.sub(r"[^A-Za-z0-9_]", "_", os.path.splitext(os.path.relpath(full))[0])
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, full)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    try:
        spec.loader.exec_module(mod)
    except BaseException:
        del sys.modules[name]
        raise
    return mod


def module_inventory(mod) -> Inventory:
    """The inventory a claims module declares: its one module-level :class:`Inventory`."""
    found = list({id(v): v for v in vars(mod).values() if isinstance(v, Inventory)}.values())
    if len(found) != 1:
        names = ", ".join(inv.name for inv in found) or "none"
        raise ValueError(f"claims module {mod.__name__!r} must hold exactly one Inventory at module level, "
                         f"found {names}")
    return found[0]


def inventory_named(name: str | None) -> Inventory | None:
    """The declared inventory called ``name``, or None."""
    return next((inv for inv in declared() if inv.name == name), None)


def inventory_for(claim_ids, name: str | None = None) -> Inventory | None:
    """The inventory named ``name`` if declared, else the declared one holding the first of
    ``claim_ids`` (after loading :data:`DEFAULT_CLAIMS` when none does), else None."""
    ids = [str(c) for c in claim_ids]
    for attempt in (0, 1):
        if name is not None and inventory_named(name) is not None:
            return inventory_named(name)
        hit = next((inv for c in ids for inv in declared() if c in inv), None)
        if hit is not None and name is None:
            return hit
        if attempt == 0:
            load_claims(DEFAULT_CLAIMS)
    return None


def _report_inventory(report: dict) -> Inventory | None:
    return inventory_for([c.get("id", "") for c in report.get("claims", [])], report.get("inventory"))


def index_anchor(label: str) -> str:
    """``eq. (17)`` → ``ref-eq-17``, ``Theorem 2`` → ``ref-theorem-2``."""
    return "ref-" + re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


def nav_sections(families, inventory: Inventory | None) -> list[dict]:
    """The inventory's sections holding any of ``families`` (entry ids present in a report), in
    its order: ``[{"anchor", "title", "families": [...]}]``; families of no listed section come
    last under "Other claims" (all of them, under "Claims", without sections)."""
    present = list(dict.fromkeys(families))
    out, placed = [], set()
    for sec in (inventory.sections if inventory is not None else ()):
        here = [f for f in sec.ids if f in present]
        placed.update(here)
        if here:
            out.append({"anchor": sec.anchor, "title": sec.title, "families": here})
    rest = [f for f in present if f not in placed]
    if rest:
        out.append({"anchor": "section-other", "title": "Other claims" if out else "Claims", "families": rest})
    return out


def nav_index(families, inventory: Inventory | None) -> list[dict]:
    """Every index row of the inventory, with the tested-by and relied-on-by entry ids split
    into those present in the report and those absent."""
    present = set(families)
    rows = []
    for row in (inventory.index if inventory is not None else ()):
        rows.append({"label": row.label, "anchor": index_anchor(row.label), "what": row.what,
                     "tested_by": [f for f in row.tested_by if f in present],
                     "tested_elsewhere": [f for f in row.tested_by if f not in present],
                     "used_by": [f for f in row.used_by if f in present], "note": row.note})
    return rows


def report_sections(report: dict, families) -> list[dict]:
    """:func:`nav_sections` for a report dict (its own inventory)."""
    return nav_sections(families, _report_inventory(report))


def report_index(report: dict, families) -> list[dict]:
    """:func:`nav_index` for a report dict (its own inventory)."""
    return nav_index(families, _report_inventory(report))


def report_statements(report: dict) -> list[dict]:
    """The report's combined verdict per statement (``report["statements"]``; computed from its
    claims for a report written before it carried them)."""
    return report.get("statements") or statement_verdicts(report["claims"])


def layout(report: dict) -> list[dict]:
    """Claim sections grouped by inventory id, with the figures placed.

    Each figure is shown in full once: in the section of its first listed claim family present
    in the report (``fig1`` for Fig. 1), else in the first section it illustrates; the other
    sections it illustrates link to it. Returns ``[{"family", "claims", "figures", "links"}]``;
    figures that no section shows come last in a section with family ``None``.
    """
    sections: dict[str, dict] = {}
    for c in report.get("claims", []):
        fam = family(c["id"])
        sections.setdefault(fam, {"family": fam, "claims": [], "figures": [], "links": []})["claims"].append(c)
    leftover = []
    for number, fig in enumerate(report.get("figures", []), start=1):
        fig = {**fig, "number": number}
        related = [s for s in sections.values()
                   if any(claim_matches(c["id"], p) for c in s["claims"] for p in fig["claims"])]
        if not related:
            leftover.append(fig)
            continue
        primary = None
        for p in fig["claims"]:
            primary = next((s for s in related if s["family"] == p or claim_matches(s["family"], p)), None)
            if primary:
                break
        primary = primary or related[0]
        primary["figures"].append(fig)
        for s in related:
            if s is not primary:
                s["links"].append({**fig, "shown_in": primary["family"]})
    out = list(sections.values())
    if leftover:
        out.append({"family": None, "claims": [], "figures": leftover, "links": []})
    return out


def statement_verdicts(claims: list[dict]) -> list[dict]:
    """One combined verdict per statement (entry id), in the claims' order: the common verdict
    where every reading of the statement agrees, else ``"mixed"``; with the readings behind
    each verdict and a one-line summary, e.g. ``"refuted as printed (as-printed); holds
    (corrected, jensen-bound)"``. A reading is the part of the claim id after the entry id.

    >>> statement_verdicts([{"id": "eq1/a", "verdict": "holds", "paper_ref": "eq. (1)"},
    ...                     {"id": "eq1/b", "verdict": "holds", "paper_ref": "eq. (1)"}])[0]["verdict"]
    'holds'
    """
    out: dict[str, dict] = {}
    for c in claims:
        fam = family(c["id"])
        row = out.setdefault(fam, {"id": fam, "paper_ref": c.get("paper_ref", ""), "readings": {}})
        reading = c["id"].split("/", 1)[1] if "/" in c["id"] else c["id"]
        row["readings"].setdefault(c.get("verdict", "not-run"), []).append(reading)
    for row in out.values():
        by = row["readings"]
        row["verdict"] = next(iter(by)) if len(by) == 1 else "mixed"
        row["counts"] = {v: len(r) for v, r in by.items()}
        row["line"] = "; ".join(f"{v} ({', '.join(r)})" for v, r in by.items())
    return list(out.values())
