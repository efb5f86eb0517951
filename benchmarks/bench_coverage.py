"""Cost and violation rates of the Lemma 1 / Theorem 1 coverage simulations (mixcheck.coverage).

Prints, per class and n: the seconds to simulate its samples (Φ(B), R̂_B(G) exact per sample),
then per bound (eq. (6), (7) as printed and with the confidence or Rademacher term halved) the
violation rate per δ, the exact small-domain scan's seconds and largest P(violation)/δ, and the seconds of all twelve coverage claims in the profile (target for
``ci``: ≤ 10 s on one core, ``OMP_NUM_THREADS=1``).

Usage: ``python benchmarks/bench_coverage.py [--profile ci|dev|thorough] [--seed S]``.
"""

from __future__ import annotations

import argparse
import time

from mixcheck.paper.sec3_rademacher import _coverage as cc
from mixcheck.engine.registry import Context
from mixcheck.coverage import simulate_cell, violation_test
from mixcheck.profiles import PROFILES


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--profile", default="ci", choices=sorted(PROFILES))
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    ctx = Context(PROFILES[args.profile], args.seed, "bench-coverage")
    draws = ctx.mc(cc.base_draws())
    print(f"profile {args.profile}: {draws} samples per (class, n); cell level {cc.CELL_LEVEL:.3g} "
          f"(false alarm {cc.FALSE_ALARM} over {len(cc.CLASSES) * len(cc.SIZES) * len(cc.DELTAS)} cells)")
    specs = {f"{eq} {v}": cc.BOUNDS[eq].scaled(**cc.VARIANTS[v]) for eq in ("eq6", "eq7") for v in cc.VARIANTS}
    for c in cc.CLASSES:
        for n in cc.SIZES:
            t = time.perf_counter()
            sim = simulate_cell(c, n, draws, ctx.shared_rng(f"coverage|{c.name}|{n}"))
            secs = time.perf_counter() - t
            print(f"\n{c.name}, n = {n}: {secs:.3f} s   ℜ_n(G) = {sim['rad_n']:.4f}, R̂_B(G) mean "
                  f"{sim['rad_hat'].mean():.4f} sd {sim['rad_hat'].std():.4f}, Φ(B) mean {sim['phi'].mean():.4f}")
            for label, spec in specs.items():
                rates = []
                for d in cc.DELTAS:
                    r = violation_test(c, sim, spec, n, d, cell_level=cc.CELL_LEVEL)
                    mark = "*" if r.rejected else " "
                    rates.append(f"δ={d:<5g} {r.frequency:7.4f}{mark}")
                print(f"  {label:32s} " + "  ".join(rates))
    print("\n(* = H0 'violation rate ≤ δ' rejected in that cell)")
    t = time.perf_counter()
    scan = cc.exact_scan(ctx)
    print(f"\nexact scan, {scan['cases']} random finite classes ({scan['domain']}): {time.perf_counter() - t:.2f} s")
    for label, best in scan["best"].items():
        print(f"  {label:32s} largest P(violation)/δ = {best['ratio']:.3g}")
    cc._SHARED.clear()
    t = time.perf_counter()
    verdicts = {}
    for st in ("lemma1", "thm1"):
        for spec in cc.claim_specs(st):
            verdicts[spec["id"]] = spec["check"](Context(PROFILES[args.profile], args.seed, spec["id"])).verdict
    total = time.perf_counter() - t
    print(f"\nall {len(verdicts)} coverage claims: {total:.2f} s")
    for cid, v in verdicts.items():
        print(f"  {cid:45s} {v}")


if __name__ == "__main__":
    main()
