"""An inventory: the statements a claims package checks, declared as data.

An :class:`Inventory` names the statements of one paper (or any document): their ids in
order, a title and a reference for each, the sections a report groups them by, the report's
title, an optional index of numbered references and an optional derivation provider (a
callable ``claim_id -> derivations``; the grade ``proved`` rests on what it returns). A claim
id is ``<entry id>`` or ``<entry id>/<reading or step>``; its prefix is checked against the
claim's own inventory. Several inventories may coexist in one process::

    from mixcheck import Inventory

    MINE = Inventory(
        name="otherpaper",
        title="mixcheck report — Doe, 'A bound on mixed samples'",
        entries=[("otherpaper.bound", "the mixed mean is bounded", "Theorem 1, eq. (3)")],
    )
    MINE.entry("otherpaper.bound").paper_ref   # 'Theorem 1, eq. (3)'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

__all__ = ["Entry", "Section", "IndexRow", "Inventory", "declare", "declared", "inventory_of", "family_of"]

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def family_of(claim_id: str) -> str:
    """The entry id a claim id belongs to (the part before the first ``/``)."""
    return str(claim_id).split("/", 1)[0]


@dataclass(frozen=True)
class Entry:
    """One statement: its id, what it says (a short title) and where the document states it."""

    id: str
    title: str
    paper_ref: str = ""
    section: str | None = None


@dataclass(frozen=True)
class Section:
    """A group of entries as a report shows them: an anchor, a heading, the entry ids in order."""

    anchor: str
    title: str
    ids: tuple[str, ...]


@dataclass(frozen=True)
class IndexRow:
    """A numbered reference of the document (``eq. (17)``, ``Theorem 2``): what it is, the entry
    ids whose claims test it and those that rely on it."""

    label: str
    what: str
    tested_by: tuple[str, ...] = ()
    used_by: tuple[str, ...] = ()
    note: str = ""


def _entry(x: Any) -> Entry:
    if isinstance(x, Entry):
        return x
    if isinstance(x, (tuple, list)) and 1 <= len(x) <= 4:
        return Entry(*[str(v) if v is not None else None for v in x])
    raise TypeError(f"entries must hold Entry objects or (id, title[, paper_ref[, section]]) tuples, got {x!r}")


def _section(x: Any) -> Section:
    if isinstance(x, Section):
        return x
    if isinstance(x, (tuple, list)) and len(x) == 3:
        return Section(str(x[0]), str(x[1]), tuple(x[2]))
    raise TypeError(f"sections must hold Section objects or (anchor, title, ids) tuples, got {x!r}")


def _index_row(x: Any) -> IndexRow:
    if isinstance(x, IndexRow):
        return x
    if isinstance(x, (tuple, list)) and 2 <= len(x) <= 5:
        label, what, *rest = x
        rest = list(rest) + [(), (), ""][len(rest):]
        return IndexRow(str(label), str(what), tuple(rest[0]), tuple(rest[1]), str(rest[2]))
    raise TypeError(f"index must hold IndexRow objects or (label, what, tested_by, used_by, note) tuples, got {x!r}")


@dataclass(frozen=True)
class Inventory:
    """The statements a claims package checks (see the module docstring).

    ``entries``: ordered :class:`Entry` objects or ``(id, title[, paper_ref[, section]])``
    tuples; ids are unique, made of letters, digits, ``.``, ``_``, ``-``. ``sections``: how a
    report groups the entries (default: one section per entry's ``section`` field, else one
    section holding them all). ``derivations``: ``claim_id -> list of derivations`` (objects
    with ``id``, ``proves`` and ``is_proof``), or None for none. ``figures``: the dotted name of
    a module whose ``make_figures(out_dir, *, seed, profile, claim_ids, results_dir, progress,
    draw, results)`` draws the figures of these claims (imported only when a report is made), or
    None for a report without figures.
    """

    name: str
    title: str
    entries: tuple[Entry, ...]
    sections: tuple[Section, ...] = ()
    index: tuple[IndexRow, ...] = ()
    derivations: Callable[[str], list] | None = field(default=None, compare=False, repr=False)
    figures: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.figures is not None and (not isinstance(self.figures, str) or not self.figures.strip()):
            raise TypeError(f"figures must be a dotted module name or None, got {self.figures!r}")
        if not isinstance(self.name, str) or not _ID.match(self.name):
            raise ValueError(f"name must be a non-empty id of letters, digits, '.', '_', '-', got {self.name!r}")
        if not isinstance(self.title, str) or not self.title.strip():
            raise ValueError(f"title must be a non-empty string, got {self.title!r}")
        if isinstance(self.entries, (str, bytes)) or not isinstance(self.entries, Iterable):
            raise TypeError(f"entries must be a sequence of entries, got {type(self.entries).__name__}")
        entries = tuple(_entry(x) for x in self.entries)
        if not entries:
            raise ValueError("entries must name at least one statement")
        seen: set[str] = set()
        for en in entries:
            if not _ID.match(en.id):
                raise ValueError(f"entries: {en.id!r} is not an id (letters, digits, '.', '_', '-'; no '/')")
            if en.id in seen:
                raise ValueError(f"entries: id {en.id!r} declared twice")
            seen.add(en.id)
        sections = tuple(_section(x) for x in self.sections)
        for sec in sections:
            unknown = [i for i in sec.ids if i not in seen]
            if unknown:
                raise ValueError(f"sections: {sec.anchor!r} names ids not in entries: {unknown}")
        index = tuple(_index_row(x) for x in self.index)
        for row in index:
            unknown = [i for i in (*row.tested_by, *row.used_by) if i not in seen]
            if unknown:
                raise ValueError(f"index: {row.label!r} names ids not in entries: {unknown}")
        if self.derivations is not None and not callable(self.derivations):
            raise TypeError(f"derivations must be a callable claim_id -> derivations or None, "
                            f"got {type(self.derivations).__name__}")
        object.__setattr__(self, "entries", entries)
        object.__setattr__(self, "sections", sections or _default_sections(entries))
        object.__setattr__(self, "index", index)

    @property
    def ids(self) -> tuple[str, ...]:
        """The entry ids, in order."""
        return tuple(en.id for en in self.entries)

    def __contains__(self, claim_id: object) -> bool:
        return isinstance(claim_id, str) and family_of(claim_id) in self.ids

    def entry(self, id: str) -> Entry:
        """The entry of ``id`` (an entry id or a claim id under it)."""
        fam = family_of(id)
        for en in self.entries:
            if en.id == fam:
                return en
        raise ValueError(f"{id!r} is not an id of inventory {self.name!r}; its ids: {', '.join(self.ids)}")

    def check_id(self, claim_id: str) -> str:
        """``claim_id`` if its prefix is an entry id of this inventory, else ValueError."""
        if not isinstance(claim_id, str) or not claim_id:
            raise TypeError(f"claim id must be a non-empty string, got {claim_id!r}")
        if claim_id not in self:
            raise ValueError(f"claim id {claim_id!r}: {family_of(claim_id)!r} is not an id of inventory "
                             f"{self.name!r} (its ids: {', '.join(self.ids)})")
        return claim_id

    def order(self, claim_id: str) -> int:
        """The position of the claim's entry in this inventory (entries not here last)."""
        ids = self.ids
        fam = family_of(claim_id)
        return ids.index(fam) if fam in ids else len(ids)

    def derivations_for(self, claim_id: str) -> list:
        """The derivations the provider gives for ``claim_id`` ([] without a provider)."""
        return [] if self.derivations is None else list(self.derivations(claim_id))


def _default_sections(entries: tuple[Entry, ...]) -> tuple[Section, ...]:
    named: dict[str, list[str]] = {}
    for en in entries:
        if en.section:
            named.setdefault(en.section, []).append(en.id)
    if not named:
        return ()
    return tuple(Section("section-" + re.sub(r"[^a-z0-9]+", "-", t.lower()).strip("-"), t, tuple(ids))
                 for t, ids in named.items())


#: Every declared inventory by name, in declaration order.
_DECLARED: dict[str, Inventory] = {}


def declare(inv: Inventory) -> Inventory:
    """Make ``inv`` known to the registry (claims may then name its ids); return it. Declaring
    the same inventory again is a no-op; another one under a taken name or sharing an entry id
    with a declared one is a ValueError."""
    if not isinstance(inv, Inventory):
        raise TypeError(f"inventory must be an Inventory, got {type(inv).__name__}")
    old = _DECLARED.get(inv.name)
    if old is not None:
        if old is inv or old == inv:
            return old
        raise ValueError(f"inventory name {inv.name!r} is already declared with other entries")
    for other in _DECLARED.values():
        shared = sorted(set(inv.ids) & set(other.ids))
        if shared:
            raise ValueError(f"inventory {inv.name!r} shares ids {shared} with inventory {other.name!r}")
    _DECLARED[inv.name] = inv
    return inv


def declared() -> list[Inventory]:
    """The declared inventories, in declaration order."""
    return list(_DECLARED.values())


def inventory_of(claim_id: str) -> Inventory:
    """The declared inventory holding the entry of ``claim_id``, else ValueError."""
    for inv in _DECLARED.values():
        if claim_id in inv:
            return inv
    names = ", ".join(_DECLARED) or "none"
    raise ValueError(f"claim id {claim_id!r}: {family_of(claim_id)!r} is not an id of a declared inventory "
                     f"(declared: {names}); pass inventory= or declare one")
