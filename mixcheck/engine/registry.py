"""The claim registry: what a claim is, what a check returns, and the claims registered.

A :class:`Claim` is one testable reading of one statement of an :class:`~.inventory.Inventory`.
Its ``check`` is a callable ``check(ctx) -> Outcome``; :class:`Context` carries the
search-effort profile, the seed and deterministic random generators. :class:`ClaimResult` is
what running a claim gives, with a JSON-serialisable :meth:`ClaimResult.to_dict` (the report's
contract).

Ids: every claim id is ``<entry id>`` or ``<entry id>/<reading or step>``, the entry id one of
the claim's inventory (given with ``inventory=``, else the declared inventory holding it)::

    from mixcheck import Inventory, claim, holds

    INV = Inventory(name="mine", title="my report", entries=[("mine.sum", "1 + 1 = 2")])

    @claim("mine.sum/exact", inventory=INV, paper_ref="eq. (1)", statement="1 + 1 = 2",
           reading="integers", method="symbolic", expected="holds")
    def check_sum(ctx):
        return holds("1 + 1 = 2 exactly")
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Callable, Literal

import numpy as np

from .inventory import Inventory, declare, declared, family_of, inventory_of

__all__ = [
    "VERDICTS",
    "METHODS",
    "Claim",
    "Outcome",
    "ClaimResult",
    "Context",
    "CLAIMS",
    "register",
    "claim",
    "inventory_ids",
    "inventory_id_of",
    "claims_of",
    "sort_claims",
    "jsonable",
]

Verdict = Literal["holds", "refuted", "inconclusive", "not-run"]
VERDICTS: tuple[str, ...] = ("holds", "refuted", "inconclusive", "not-run")
Method = Literal["symbolic", "property-search", "monte-carlo", "simulation", "experiment"]
METHODS: tuple[str, ...] = ("symbolic", "property-search", "monte-carlo", "simulation", "experiment")


def inventory_ids(inventory: Inventory | None = None) -> list[str]:
    """The entry ids of ``inventory``, in order (of every declared inventory for None)."""
    if inventory is not None:
        return list(inventory.ids)
    return [i for inv in declared() for i in inv.ids]


def inventory_id_of(claim_id: str) -> str:
    """The entry id a claim id belongs to (the part before the first ``/``)."""
    return family_of(claim_id)


@dataclass(frozen=True)
class Outcome:
    """What a check establishes: a verdict, its evidence (JSON-serialisable) and one line."""

    verdict: str
    evidence: dict
    summary: str

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {VERDICTS}, got {self.verdict!r}")
        if not isinstance(self.evidence, dict):
            raise TypeError(f"evidence must be a dict, got {type(self.evidence).__name__}")
        if not isinstance(self.summary, str):
            raise TypeError(f"summary must be a string, got {type(self.summary).__name__}")


@dataclass(frozen=True)
class Claim:
    """One reading of one statement of an inventory, with its check.

    ``recompute`` (optional) takes the ``inputs`` of a refuted claim's evidence (after a JSON
    round trip) and returns ``(lhs, rhs)`` recomputed from them alone, so that anybody can
    re-check the counterexample; the claimed relation is ``evidence["relation"]``.
    """

    id: str
    paper_ref: str
    statement: str
    reading: str
    method: str
    expected_verdict: str
    check: Callable[["Context"], Outcome] = field(compare=False, repr=False)
    recompute: Callable[[dict], tuple[float, float]] | None = field(default=None, compare=False, repr=False)
    inventory: Inventory | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id:
            raise TypeError(f"claim id must be a non-empty string, got {self.id!r}")
        if self.inventory is None:
            # a claims package may register its claims while its inventory module is still being
            # imported: the id is then checked when the claim is first resolved (run, listed, sorted)
            if any(self.id in inv for inv in declared()):
                object.__setattr__(self, "inventory", inventory_of(self.id))
        elif not isinstance(self.inventory, Inventory):
            raise TypeError(f"claim {self.id}: inventory must be an Inventory, got {type(self.inventory).__name__}")
        else:
            declare(self.inventory)
        if self.inventory is not None:
            self.inventory.check_id(self.id)
        if not callable(self.check):
            raise TypeError(f"claim {self.id}: check must be a callable check(ctx) -> Outcome")
        if self.recompute is not None and not callable(self.recompute):
            raise TypeError(f"claim {self.id}: recompute must be a callable recompute(inputs) -> (lhs, rhs) or None")
        if self.method not in METHODS:
            raise ValueError(f"claim {self.id}: method must be one of {METHODS}, got {self.method!r}")
        if self.expected_verdict not in VERDICTS:
            raise ValueError(f"claim {self.id}: expected_verdict must be one of {VERDICTS}")

    @property
    def inventory_id(self) -> str:
        return inventory_id_of(self.id)

    def resolve(self) -> Inventory:
        """The claim's inventory (the declared one holding its id where none was given);
        ValueError where no declared inventory holds the id."""
        if self.inventory is None:
            object.__setattr__(self, "inventory", inventory_of(self.id))
        return self.inventory


@dataclass(frozen=True)
class ClaimResult:
    """The result of running one claim's check, with the grade of its evidence
    (:data:`mixcheck.engine.grading.GRADES`, or None where nothing was established) and the
    structured detail the grade rests on."""

    claim: Claim
    verdict: str
    evidence: dict
    summary: str
    seconds: float
    grade: str | None = None
    grade_detail: dict = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.claim.id

    @property
    def expected_verdict(self) -> str:
        return self.claim.expected_verdict

    def to_dict(self) -> dict:
        ev = dict(jsonable(self.evidence))
        ev.setdefault("summary", self.summary)
        return {
            "id": self.claim.id,
            "paper_ref": self.claim.paper_ref,
            "statement": self.claim.statement,
            "reading": self.claim.reading,
            "method": self.claim.method,
            "verdict": self.verdict,
            "expected_verdict": self.claim.expected_verdict,
            "inventory": self.claim.resolve().name,
            "evidence": ev,
            "grade": self.grade,
            "grade_detail": jsonable(self.grade_detail),
            "seconds": round(float(self.seconds), 4),
        }

    @classmethod
    def from_dict(cls, d: dict, claim: Claim) -> "ClaimResult":
        """The result again from its :meth:`to_dict` (a report's record, a line another process
        wrote), joined to its registered ``claim``; the claim's declaration fields come from
        ``claim``, the result's from ``d``::

            r = run_claim(c); ClaimResult.from_dict(r.to_dict(), c).to_dict() == r.to_dict()
        """
        if not isinstance(d, dict):
            raise TypeError(f"d must be a dict from ClaimResult.to_dict, not {type(d).__name__}")
        if not isinstance(claim, Claim):
            raise TypeError(f"claim must be a Claim, not {type(claim).__name__}")
        missing = [k for k in ("id", "verdict", "evidence", "seconds") if k not in d]
        if missing:
            raise ValueError(f"d lacks {', '.join(missing)}: not a dict from ClaimResult.to_dict")
        if d["id"] != claim.id:
            raise ValueError(f"d is the result of {d['id']!r}, not of the claim {claim.id!r}")
        if d["verdict"] not in (*VERDICTS, "error"):  # "error": the check raised (run_claim)
            raise ValueError(f"d's verdict {d['verdict']!r} is not one of {', '.join(VERDICTS)}, error")
        evidence = dict(d["evidence"])
        return cls(claim=claim, verdict=d["verdict"], evidence=evidence, summary=evidence.get("summary", ""),
                   seconds=float(d["seconds"]), grade=d.get("grade"), grade_detail=dict(d.get("grade_detail") or {}))


class Context:
    """What a check may use: the profile (search budget), the seed, deterministic RNGs."""

    def __init__(self, profile, seed: int, claim_id: str) -> None:
        self.profile = profile
        self.seed = int(seed)
        self.claim_id = claim_id
        #: what the check did, one dict per search, grid or enumeration (``kind`` says which);
        #: the claim's grade is derived from it (:mod:`.grading`)
        self.efforts: list[dict] = []
        self._searches = 0

    def record_effort(self, effort: dict) -> None:
        """Record one piece of work the check did (a search, a grid, an exhaustive enumeration)."""
        if effort.get("kind") not in ("search", "grid", "exhaustive"):
            raise ValueError(f"effort kind must be 'search', 'grid' or 'exhaustive', got {effort.get('kind')!r}")
        self.efforts.append(dict(effort))

    def search_seed(self) -> int:
        """The seed of the next property search of this check: fixed by (profile, seed, claim id,
        the search's rank in the check), so ``--seed`` changes the examples and a run is
        reproducible whatever else runs or is loaded."""
        k = self._searches
        self._searches += 1
        return self.seed_for(f"hypothesis-search|{self.profile.name}|{k}")

    @property
    def max_examples(self) -> int:
        return int(self.profile.max_examples)

    @property
    def mc_scale(self) -> float:
        return float(self.profile.mc_scale)

    @property
    def deterministic(self) -> bool:
        return bool(self.profile.derandomize)

    def mc(self, base: int, *, minimum: int = 1) -> int:
        """A Monte-Carlo draw count: ``base`` scaled by the profile's ``mc_scale``."""
        return max(minimum, int(round(base * self.mc_scale)))

    def examples(self, base: int | None = None) -> int:
        """A Hypothesis example budget: the profile's, scaled by ``base / 40`` when given."""
        if base is None:
            return self.max_examples
        return max(1, int(round(base * self.max_examples / 40)))

    def seed_for(self, name: str = "") -> int:
        """A 63-bit seed fixed by (seed, claim id, name): order-independent and reproducible."""
        h = hashlib.sha256(f"{self.seed}|{self.claim_id}|{name}".encode()).digest()
        return int.from_bytes(h[:8], "little") >> 1

    def rng(self, name: str = "") -> np.random.Generator:
        return np.random.default_rng(self.seed_for(name))

    def shared_rng(self, name: str) -> np.random.Generator:
        """A generator fixed by (seed, ``name``) alone — the same for every claim — for a
        simulation that several claims share (each claim's evidence then agrees, alone or not)."""
        h = hashlib.sha256(f"{self.seed}|shared|{name}".encode()).digest()
        return np.random.default_rng(int.from_bytes(h[:8], "little") >> 1)

    def settings(self, **overrides):
        """Hypothesis settings for a search inside a check (profile budget, no database)."""
        from hypothesis import HealthCheck, Phase, settings

        kw = dict(
            max_examples=self.max_examples,
            derandomize=self.deterministic,
            database=None,
            deadline=None,
            print_blob=False,
            report_multiple_bugs=False,
            suppress_health_check=list(HealthCheck),
            phases=(Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink),
        )
        kw.update(overrides)
        return settings(**kw)


#: Every registered claim, of every inventory (in inventory order after :func:`sort_claims`).
CLAIMS: list[Claim] = []


def register(c: Claim) -> Claim:
    """Add ``c`` to :data:`CLAIMS` and return it. Its id must be new, except for an equal claim
    (same id, texts, method, expected verdict and inventory: a module imported again), which
    replaces the old one."""
    if not isinstance(c, Claim):
        raise TypeError(f"register takes a Claim, got {type(c).__name__}")
    for k, existing in enumerate(CLAIMS):
        if existing.id == c.id:
            if existing == c and existing.inventory == c.inventory:  # the same module imported again
                CLAIMS[k] = c
                return c
            raise ValueError(f"claim id {c.id!r} registered twice")
    CLAIMS.append(c)
    return c


def claim(id: str, *, paper_ref: str, statement: str, reading: str, method: str, expected: str,
          recompute: Callable[[dict], tuple[float, float]] | None = None, inventory: Inventory | None = None):
    """Decorator: register the decorated ``check(ctx) -> Outcome`` as a claim of ``inventory``
    (None: the declared inventory holding ``id``). ``recompute(inputs) -> (lhs, rhs)``
    recomputes a refutation's two sides from its JSON inputs alone."""

    def deco(fn: Callable[[Context], Outcome]) -> Callable[[Context], Outcome]:
        register(Claim(id=id, paper_ref=paper_ref, statement=statement, reading=reading, method=method,
                       expected_verdict=expected, check=fn, recompute=recompute, inventory=inventory))
        return fn

    return deco


def claims_of(inventory: Inventory | None) -> list[Claim]:
    """The registered claims of ``inventory`` (all claims for None) in inventory order: by
    inventory (declaration order), then entry order, registry order within an entry."""
    rank = {inv.name: i for i, inv in enumerate(declared())}
    for c in CLAIMS:
        c.resolve()
    chosen = [c for c in CLAIMS if inventory is None or c.inventory is inventory or c.inventory == inventory]
    return sorted(chosen, key=lambda c: (rank.get(c.inventory.name, len(rank)), c.inventory.order(c.id)))


def sort_claims() -> None:
    """Put CLAIMS in inventory order: by inventory (declaration order), then entry order
    (stable within an entry id)."""
    rank = {inv.name: i for i, inv in enumerate(declared())}
    for c in CLAIMS:
        c.resolve()
    CLAIMS.sort(key=lambda c: (rank.get(c.inventory.name, len(rank)), c.inventory.order(c.id)))


def jsonable(obj: Any) -> Any:
    """A JSON-serialisable copy: numpy → Python, Fraction/mpf → float, tuples → lists,
    non-finite floats → strings ("inf", "-inf", "nan")."""
    if isinstance(obj, dict):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [jsonable(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return jsonable(obj.tolist())
    if isinstance(obj, (bool, np.bool_)):
        return bool(obj)
    if isinstance(obj, (int, np.integer)):
        return int(obj)
    if isinstance(obj, (float, np.floating, Fraction)):
        f = float(obj)
        return f if math.isfinite(f) else str(f)
    if obj is None or isinstance(obj, str):
        return obj
    if hasattr(obj, "to_dict") and callable(obj.to_dict):
        return jsonable(obj.to_dict())
    try:  # mpmath.mpf, sympy numbers
        f = float(obj)
    except (TypeError, ValueError):
        return str(obj)
    return f if math.isfinite(f) else str(f)
