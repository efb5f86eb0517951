"""The claim registry: what a claim is, what a check returns, and the inventory of ids.

A :class:`Claim` is one testable reading of one statement of the paper. Its ``check`` is a
callable ``check(ctx) -> Outcome``; :class:`Context` carries the search-effort profile, the
seed and deterministic random generators. :class:`ClaimResult` is what running a claim gives,
with a JSON-serialisable :meth:`ClaimResult.to_dict` (the report's contract).

Ids: every claim id is ``<inventory id>`` or ``<inventory id>/<reading or step>`` where the
inventory ids are those of ``../shared/claims.md`` (hard-coded in :data:`INVENTORY`).
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Callable, Literal

import numpy as np

__all__ = [
    "INVENTORY",
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
    "jsonable",
]

#: The ids of ../shared/claims.md, in the order of that file.
INVENTORY: tuple[str, ...] = (
    "lemma1",
    "lemma2",
    "thm1",
    "eq18",
    "eq19",
    "eq20",
    "thm2",
    "fig1",
    "eq23",
    "eq24",
    "thm3",
    "fig2",
    "sec6.optimal-lambda",
    "sec6.beta-moments",
    "sec6.small-alpha",
    "eq30",
    "eq31",
    "eq32",
    "eq33",
    "thm4",
    "table1",
    "fig3",
    "intro.linear",
    "intro.network",
    "intro.bias-variance-endpoints",
    "intro.bias-variance-optimal",
    "intro.geometry",
)

Verdict = Literal["holds", "refuted", "inconclusive", "not-run"]
VERDICTS: tuple[str, ...] = ("holds", "refuted", "inconclusive", "not-run")
Method = Literal["symbolic", "property-search", "monte-carlo", "simulation", "experiment"]
METHODS: tuple[str, ...] = ("symbolic", "property-search", "monte-carlo", "simulation", "experiment")


def inventory_ids() -> list[str]:
    """The inventory ids of ../shared/claims.md, in order."""
    return list(INVENTORY)


def inventory_id_of(claim_id: str) -> str:
    """The inventory id a claim id belongs to (the part before the first ``/``)."""
    return claim_id.split("/", 1)[0]


@dataclass(frozen=True)
class Outcome:
    """What a check establishes: a verdict, its evidence (JSON-serialisable) and one line."""

    verdict: str
    evidence: dict
    summary: str

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {VERDICTS}, got {self.verdict!r}")


@dataclass(frozen=True)
class Claim:
    """One reading of one statement of the paper, with its check.

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

    def __post_init__(self) -> None:
        inv = inventory_id_of(self.id)
        if inv not in INVENTORY:
            raise ValueError(f"claim id {self.id!r}: {inv!r} is not an inventory id")
        if self.method not in METHODS:
            raise ValueError(f"claim {self.id}: method must be one of {METHODS}, got {self.method!r}")
        if self.expected_verdict not in VERDICTS:
            raise ValueError(f"claim {self.id}: expected_verdict must be one of {VERDICTS}")

    @property
    def inventory_id(self) -> str:
        return inventory_id_of(self.id)


@dataclass(frozen=True)
class ClaimResult:
    """The result of running one claim's check, with the grade of its evidence
    (:data:`mixcheck.claims.grading.GRADES`, or None where nothing was established) and the
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
            "evidence": ev,
            "grade": self.grade,
            "grade_detail": jsonable(self.grade_detail),
            "seconds": round(float(self.seconds), 4),
        }


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


#: Every registered claim, in inventory order once the package is imported.
CLAIMS: list[Claim] = []


def register(c: Claim) -> Claim:
    if any(existing.id == c.id for existing in CLAIMS):
        raise ValueError(f"claim id {c.id!r} registered twice")
    CLAIMS.append(c)
    return c


def claim(id: str, *, paper_ref: str, statement: str, reading: str, method: str, expected: str,
          recompute: Callable[[dict], tuple[float, float]] | None = None):
    """Decorator: register the decorated ``check(ctx) -> Outcome`` as a claim."""

    def deco(fn: Callable[[Context], Outcome]) -> Callable[[Context], Outcome]:
        register(Claim(id=id, paper_ref=paper_ref, statement=statement, reading=reading, method=method,
                       expected_verdict=expected, check=fn, recompute=recompute))
        return fn

    return deco


def sort_claims() -> None:
    """Put CLAIMS in inventory order (stable within an inventory id)."""
    order = {k: i for i, k in enumerate(INVENTORY)}
    CLAIMS.sort(key=lambda c: order[inventory_id_of(c.id)])


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
