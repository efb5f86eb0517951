"""The paper's claims live one module per inventory id (mixcheck.paper), and each claim attaches
the derivations that prove it."""

from __future__ import annotations

import importlib
import inspect
import re

import pytest

import mixcheck.paper as paper
from mixcheck.claims import CLAIMS, inventory_id_of, inventory_ids


def _table() -> dict[str, str]:
    """inventory id -> module, from the table in mixcheck.paper's docstring."""
    rows = re.findall(r"^``([^`]+)``\s+``(mixcheck\.paper\.[\w.]+)``$", paper.__doc__, flags=re.M)
    return dict(rows)


def test_the_table_names_one_module_per_inventory_id_in_order():
    table = _table()
    assert list(table) == inventory_ids()
    assert len(set(table.values())) == len(table)


@pytest.mark.parametrize("inv", inventory_ids())
def test_each_statement_module_holds_exactly_its_claims(inv):
    """A claim's check is written in its statement's module, or — made by a factory that several
    statements share — in a kit of its section (``<section>._*``) or of the paper
    (``mixcheck.paper._*``) that the statement's module imports by name, so that the way from the
    statement's file to the check is one import."""
    module = _table()[inv]
    section = module.rsplit(".", 1)[0]
    source = inspect.getsource(importlib.import_module(module))
    mine = [c for c in CLAIMS if inventory_id_of(c.id) == inv]
    assert mine, f"{inv} has no claim"
    for c in mine:
        where = c.check.__module__
        kit = where.startswith((section + "._", "mixcheck.paper._"))
        assert where == module or (kit and (where in source or where.rsplit(".", 1)[1] in source)), \
            f"{c.id} is checked in {where}, which {module} neither is nor imports"
    others = {c.check.__module__ for c in CLAIMS if inventory_id_of(c.id) != inv}
    assert module not in others, f"{module} also checks claims of other statements"


@pytest.mark.parametrize("inv", inventory_ids())
def test_each_statement_module_cites_its_id_and_the_paper(inv):
    import importlib

    mod = importlib.import_module(_table()[inv])
    first = mod.__doc__.splitlines()[0]
    assert first.startswith(f"``{inv}`` — "), first
    assert re.search(r"eq\. \(|Lemma|Theorem|Fig\.|Table|Section", first), first


def test_equation_19_is_found_from_its_number():
    assert _table()["eq19"] == "mixcheck.paper.sec4_linear.eq19"
    assert "eq. (19)" in paper.sec4_linear.eq19.__doc__.splitlines()[0]


@pytest.mark.derivations
def test_each_proving_derivation_is_attached_by_the_claim_it_proves():
    from mixcheck import proofs

    by_id = {c.id: c for c in CLAIMS}
    proved = {}
    for did in proofs.ids():
        for cid in proofs.get(did).proves:
            proved.setdefault(cid, set()).add(did)
    assert proved, "no derivation names a claim in its proves"
    for cid, dids in proved.items():
        attached = set(getattr(by_id[cid].check, "derivation_ids", ()))
        assert dids <= attached, f"{cid} proved by {sorted(dids)} but attaches {sorted(attached)}"
