"""Claim checks for Lemma 1 (eq. 6, 7) and Theorem 1 (eq. 14, 15) on classes where the bound is
close to tight, with their negative controls (see :mod:`mixcheck.coverage`).

For each equation three claims share one simulation (the same samples, fixed by (profile, seed)):
``<stmt>/<eq>-tight-class`` — the bound as printed (m = n) holds; ``…-control-confidence-halved``
and ``…-control-rademacher-halved`` — the bound with that term halved, which the simulation must
refute. A control that is not refuted is recorded ``inconclusive`` with the reason, never tuned.

Theorem 1 is Lemma 1 for the 0-1 loss class (Lemma 2: ℜ(H) = 2ℜ(G), exact for both classes), so
eq. (14) has the right side of eq. (6) and eq. (15) that of eq. (7); their claims read the same
simulation through H.

:func:`register_claims` registers the claims of one statement (``"lemma1"`` or ``"thm1"``).
"""

from __future__ import annotations

import math

import numpy as np

from mixcheck.coverage import AllFunctionsClass, BoundSpec, SingletonClass, design_draws, power, simulate_cell, \
    violation_test

__all__ = ["FALSE_ALARM", "CLASSES", "SIZES", "DELTAS", "BOUNDS", "coverage_simulation", "coverage_rows", "check_bound",
           "with_cell_power",
           "claim_specs", "register_claims"]

FALSE_ALARM = 0.01
POWER_TARGET = 0.8
CLASSES = (SingletonClass(), AllFunctionsClass(domain_factor=4))
SIZES = (25, 100, 400)
DELTAS = (0.01, 0.05, 0.2)
CELL_LEVEL = FALSE_ALARM / (len(CLASSES) * len(SIZES) * len(DELTAS))

BOUNDS = {
    "eq6": BoundSpec("eq6", "expected", 2.0, 1.0, 1.0),
    "eq7": BoundSpec("eq7", "empirical", 2.0, 3.0, 2.0),
    "eq14": BoundSpec("eq14", "expected", 2.0, 1.0, 1.0),   # ℜ_n(H) = 2ℜ_n(G)
    "eq15": BoundSpec("eq15", "empirical", 2.0, 3.0, 2.0),  # R̂_{S_X}(H) = 2R̂_B(G)
}
VARIANTS = {"tight-class": {}, "control-confidence-halved": {"confidence": 0.5},
            "control-rademacher-halved": {"rademacher": 0.5}}

_TEST = ("per cell (class, n, δ): one-sided exact binomial test of H0 'P(violation) ≤ δ' "
         "(scipy.stats.binomtest, alternative='greater') at level false_alarm / cells (Bonferroni)")
_ALTERNATIVE = "violation rate 2δ in a cell (exact binomial power at that cell's draws and level)"

_SHARED: dict = {}


def base_draws() -> int:
    """Draws per (class, n) in profile ci: the smallest count with power ≥ 0.8 against 2δ in every cell."""
    return max(design_draws(d, CELL_LEVEL, 2 * d, POWER_TARGET) for d in DELTAS)


def coverage_simulation(ctx) -> dict:
    """{(class name, n): Φ(B), R̂_B(G), ℜ_n(G)} over ctx.mc(base_draws()) samples; the generator of
    each (class, n) is ``ctx.shared_rng`` of its name, so every claim of this module sees the same
    samples (computed once per process, whichever claim runs first)."""
    key = (ctx.profile.name, ctx.mc_scale, ctx.seed)
    if key not in _SHARED:
        draws = ctx.mc(base_draws())
        _SHARED[key] = {(c.name, n): simulate_cell(c, n, draws, ctx.shared_rng(f"coverage|{c.name}|{n}"))
                        for c in CLASSES for n in SIZES}
    return _SHARED[key]


EXACT_SCAN_CASES = 150
EXACT_SCAN_N_MAX = 12


def exact_scan(ctx) -> dict:
    """The exact small-domain scan (:func:`mixcheck.coverage_exact.scan`) of every bound and control,
    over ctx.mc(EXACT_SCAN_CASES) random finite classes, shared by the claims like the simulation."""
    from mixcheck.coverage_exact import scan

    key = ("exact-scan", ctx.profile.name, ctx.mc_scale, ctx.seed)
    if key not in _SHARED:
        specs = {f"{eq}-{v}": BOUNDS[eq].scaled(**VARIANTS[v]) for eq in ("eq6", "eq7") for v in VARIANTS}
        _SHARED[key] = scan(specs, cases=ctx.mc(EXACT_SCAN_CASES), rng=ctx.shared_rng("coverage|exact-scan"),
                             n_max=EXACT_SCAN_N_MAX)
    return _SHARED[key]


def _scan_of(ctx, eq: str, variant: str) -> dict:
    res = exact_scan(ctx)
    same = {"eq14": "eq6", "eq15": "eq7"}.get(eq, eq)  # Theorem 1 has Lemma 1's right sides (Lemma 2)
    return {"cases": res["cases"], "domain": res["domain"], "largest": res["best"][f"{same}-{variant}"],
            "method": "exact: every count vector of the sample, every joint value of the Rademacher walks"}


def _cells(ctx, spec: BoundSpec):
    sims = coverage_simulation(ctx)
    out = []
    for c in CLASSES:
        for n in SIZES:
            for d in DELTAS:
                out.append((c, n, d, sims[(c.name, n)], violation_test(c, sims[(c.name, n)], spec, n, d,
                                                                        cell_level=CELL_LEVEL)))
    return out


def coverage_rows(ctx, spec: BoundSpec):
    """(cells, one JSON row per cell) of ``spec`` on the shared simulation; a singleton cell whose
    exact violation probability exceeds δ also carries the test's power at that exact rate."""
    cells = _cells(ctx, spec)
    rows = [r.to_dict() for *_, r in cells]
    for (c, n, d, _, r), row in zip(cells, rows):
        if r.exact_violation_probability is not None and r.exact_violation_probability > d:
            row["power_at_exact_rate"] = power(r.draws, d, CELL_LEVEL, r.exact_violation_probability)
    return cells, rows


def _closest(cells, spec: BoundSpec) -> dict:
    """Largest Φ(B) − bound over every simulated sample and cell (> 0: a violation)."""
    from mixcheck.coverage import bound_value

    best = {"margin": -math.inf}
    for c, n, d, sim, _ in cells:
        b = bound_value(spec, n, d, sim["rad_n"] if spec.complexity == "expected" else sim["rad_hat"])
        m = float(np.max(sim["phi"] - b))
        if m > best["margin"]:
            best = {"margin": m, "class": c.name, "n": n, "delta": d}
    return best


def _set(values) -> str:
    return "{" + ", ".join(f"{v:g}" for v in values) + "}"


def check_bound(ctx, eq: str, variant: str):
    """Simulate ``BOUNDS[eq]`` (scaled as ``variant`` says) on every cell and grade the result."""
    from mixcheck.engine.outcomes import holds, inconclusive
    from mixcheck.engine.registry import Outcome, jsonable

    spec = BOUNDS[eq].scaled(**VARIANTS[variant], name=f"{eq}-{variant}")
    cells, rows = coverage_rows(ctx, spec)
    rejected = [r for r in rows if r["rejected"]]
    worst = min(rows, key=lambda r: r["p_value"])
    ev = dict(bound=spec.text(), classes={c.name: c.description for c in CLASSES}, grid=rows, test=_TEST,
              false_alarm=FALSE_ALARM, level=1 - FALSE_ALARM, cell_level=CELL_LEVEL,
              power=min(r["power_at_2delta"] for r in rows), power_alternative=_ALTERNATIVE,
              power_target=POWER_TARGET, estimate=worst["frequency"], ci=worst["ci"],
              worst_cell={k: worst[k] for k in ("cls", "n", "delta", "violations", "draws", "p_value")},
              closest=_closest(cells, spec), examples=sum(r["draws"] for r in rows),
              exact_scan=_scan_of(ctx, eq, variant))
    scan_ratio = ev["exact_scan"]["largest"]["ratio"]
    where = (f"{len(rows)} cells ({', '.join(c.name for c in CLASSES)}; n ∈ {_set(SIZES)}; δ ∈ {_set(DELTAS)}; "
             f"{rows[0]['draws']} samples per (class, n))")
    if rejected:
        top = max(rejected, key=lambda r: r["frequency"] / r["delta"])
        return Outcome("refuted", jsonable(ev),
                       f"{spec.text()}: violation frequency above δ in {len(rejected)} of {where}; largest "
                       f"{top['violations']}/{top['draws']} = {top['frequency']:.3g} at δ = {top['delta']} "
                       f"({top['cls']}, n = {top['n']}, p = {top['p_value']:.2g})")
    if variant == "tight-class" and scan_ratio > 1:
        return inconclusive(
            f"{spec.text()}: no simulated cell rejects, but the exact small-domain scan finds P(violation) = "
            f"{scan_ratio:.3g}·δ", reason="an exact computation exceeds δ where the simulation saw no violation",
            settle="re-verify the scanned class exactly and register it as a counterexample", **ev)
    if variant == "tight-class":
        return holds(f"{spec.text()}: violation frequency consistent with ≤ δ in all {where}; worst "
                     f"{worst['violations']}/{worst['draws']} at δ = {worst['delta']} ({worst['cls']}, "
                     f"n = {worst['n']}); power ≥ {ev['power']:.2f} against 2δ per cell; exact scan of "
                     f"{ev['exact_scan']['cases']} small finite classes: largest P(violation)/δ = {scan_ratio:.3g}",
                     **ev)
    gaps = _empirical_gaps(ctx)
    ev["largest_phi_minus_2rhat"] = gaps
    return inconclusive(
        f"negative control NOT refuted: {spec.text()} shows no violation rate above δ in {where}; closest "
        f"sample Φ(B) − bound = {ev['closest']['margin']:.3g}",
        reason=_control_reason(eq, variant, gaps) + (
            f"; an exact scan of {ev['exact_scan']['cases']} random finite classes ({ev['exact_scan']['domain']}) "
            f"finds at most P(violation) = {scan_ratio:.3g}·δ"),
        settle="a function class on which the control's violation rate exceeds δ (for the halved confidence term "
               "of eq. (7)/(15): Φ(B) − 2R̂_B(G) > 1.5·√(log(2/δ)/2n) with probability > δ)",
        **ev)


def _empirical_gaps(ctx) -> list[dict]:
    """Per (class, n): the largest Φ(B) − 2R̂_B(G) over the simulated samples, and 1.5·√(log(2/δ)/2n)
    at the largest δ of the grid (the smallest halved confidence term of eq. (7))."""
    out = []
    for (name, n), sim in coverage_simulation(ctx).items():
        out.append({"cls": name, "n": n, "largest": float(np.max(sim["phi"] - 2 * sim["rad_hat"])),
                    "halved_confidence_term": 1.5 * math.sqrt(math.log(2 / max(DELTAS)) / (2 * n))})
    return out


def _control_reason(eq: str, variant: str, gaps: list[dict]) -> str:
    if variant != "control-confidence-halved" or eq not in ("eq7", "eq15"):
        return "the control was not refuted on these classes"
    rich = [g for g in gaps if g["cls"] != CLASSES[0].name]
    relation = ("stays below" if all(g["largest"] < g["halved_confidence_term"] for g in rich)
                else "exceeds, on too few samples to refute, ")
    seen = "; ".join(f"n = {g['n']}: {g['largest']:.3g} vs {g['halved_confidence_term']:.3g}" for g in rich)
    return ("on the singleton class R̂_B = 0 and the halved bound is still a Hoeffding bound: "
            "P(Φ > 1.5·√(log(2/δ)/2n)) ≤ (δ/2)^2.25 < δ, so no singleton can refute it; on all {0,1} functions the "
            f"largest Φ(B) − 2R̂_B(G) over every sample {relation} the halved term at the largest δ ({seen}). "
            "Neither class "
            "makes Φ(B) − 2R̂_B(G) fluctuate on the scale of √(log(2/δ)/2n): the factor 3 of eq. (7)/(15) is "
            "loose on both, so this simulation cannot tell 3 from 1.5")


# --------------------------------------------------------------------------- claim metadata

_REFS = {"lemma1": "Section 3, Lemma 1, eq. (6)-(7)", "thm1": "Section 3, Theorem 1, eq. (14)-(15)"}
_STATEMENTS = {
    "eq6": "with probability ≥ 1-δ, for all g ∈ G: E[g(z)] ≤ (1/n)Σg(z_i) + 2ℜ_n(G) + √(log(1/δ)/2m)",
    "eq7": "with probability ≥ 1-δ, for all g ∈ G: E[g(z)] ≤ (1/n)Σg(z_i) + 2ℜ_B(G) + 3√(log(2/δ)/2m)",
    "eq14": "with probability ≥ 1-δ, for all h ∈ H: R(h) − R̂(h) ≤ R̂_n(H) + √(log(1/δ)/2m)",
    "eq15": "with probability ≥ 1-δ, for all h ∈ H: R(h) − R̂(h) ≤ R̂_B(H) + 3√(log(2/δ)/2m)",
}
_EQ_READING = {
    "eq6": "m = n; ℜ_n(G) exact",
    "eq7": "m = n; ℜ_B(G) = the empirical R̂_B(G), exact per sample",
    "eq14": "m = n; R̂_n(H) read as the expected ℜ_n(H) = 2ℜ_n(G) (Lemma 2), 0-1 loss",
    "eq15": "m = n; R̂_B(H) = 2R̂_B(G) empirical, exact per sample (Lemma 2), 0-1 loss",
}
_VARIANT_READING = {
    "tight-class": "the bound as printed",
    "control-confidence-halved": "NEGATIVE CONTROL: the bound with its confidence term halved — a simulation "
                                 "that can see a wrong bound must refute it",
    "control-rademacher-halved": "NEGATIVE CONTROL: the bound with its Rademacher term halved — a simulation "
                                 "that can see a wrong bound must refute it",
}
_CLASSES_READING = ("on two classes where every quantity is exact per sample: a singleton {0,1} class with "
                    "Bernoulli(½) data (confidence term tight) and all {0,1} functions on a uniform domain of "
                    "4n points (complexity term dominant, R̂_B sample-dependent); sup over the class computed "
                    "exactly; n ∈ {25, 100, 400}, δ ∈ {0.01, 0.05, 0.2}")
_EXPECTED = {"tight-class": "holds", "control-confidence-halved": "refuted", "control-rademacher-halved": "refuted",
             ("eq7", "control-confidence-halved"): "inconclusive",
             ("eq15", "control-confidence-halved"): "inconclusive"}
_EQS = {"lemma1": ("eq6", "eq7"), "thm1": ("eq14", "eq15")}


def _checker(eq: str, variant: str):
    def check(ctx):
        return check_bound(ctx, eq, variant)

    check.__name__ = f"check_{eq}_{variant.replace('-', '_')}"
    check.__doc__ = f"Coverage of {eq} ({variant}) on the tight classes of mixcheck.coverage."
    return check


def claim_specs(statement: str) -> list[dict]:
    """Keyword arguments for :func:`mixcheck.engine.registry.claim` plus ``id`` and ``check``, one per claim."""
    if statement not in _EQS:
        raise ValueError(f"statement must be one of {sorted(_EQS)}, got {statement!r}")
    out = []
    for eq in _EQS[statement]:
        for variant in VARIANTS:
            stmt = _STATEMENTS[eq]
            if variant != "tight-class":
                term = "confidence" if "confidence" in variant else "Rademacher"
                stmt = f"{stmt}  — with its {term} term halved (negative control)"
            out.append(dict(id=f"{statement}/{eq}-{variant}", paper_ref=_REFS[statement], statement=stmt,
                            reading=f"{_VARIANT_READING[variant]}; {_EQ_READING[eq]}; {_CLASSES_READING}",
                            method="simulation", expected=_EXPECTED.get((eq, variant), _EXPECTED[variant]),
                            check=_checker(eq, variant)))
    return out


def with_cell_power(outcome):
    """``outcome`` (a per-cell coverage verdict whose evidence has ``grid`` rows with ``trials`` and
    ``delta``, tested at ``false_alarm`` per cell) with the exact power of that test against a
    violation rate of min(1, 2δ) in a cell: the smallest over the cells."""
    from mixcheck.engine.registry import Outcome, jsonable

    ev = dict(outcome.evidence)
    fa = float(ev["false_alarm"])
    per_cell = [power(int(r["trials"]), float(r["delta"]), fa, min(1.0, 2 * float(r["delta"]))) for r in ev["grid"]]
    ev.update(power=min(per_cell), power_per_cell=per_cell,
              power_alternative="violation rate min(1, 2δ) in a cell (exact binomial power at the cell's level)")
    return Outcome(outcome.verdict, jsonable(ev), outcome.summary)


def register_claims(statement: str) -> list:
    """Register the claims of ``statement`` (``"lemma1"`` or ``"thm1"``) in the claim registry."""
    from mixcheck.engine.registry import claim

    fns = []
    for spec in claim_specs(statement):
        spec = dict(spec)
        cid, fn = spec.pop("id"), spec.pop("check")
        fns.append(claim(cid, **spec)(fn))
    return fns
