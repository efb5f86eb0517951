"""Time of every claim check, per claim group (inventory id), under a profile and seed.

    python benchmarks/bench_claims.py [--profile ci] [--seed 0] [--top 15] [--only ID ...]

Prints the seconds per group (sum of its claims, count, slowest claim), the slowest claims, the
total, and the one-off costs outside the checks (import, building the derivations that grade
the claims). Figures vary with machine load; no target is asserted here.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--profile", default="ci", choices=["ci", "dev", "thorough"])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--top", type=int, default=15, help="how many of the slowest claims to list")
    ap.add_argument("--only", nargs="*", default=None, metavar="ID")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    from mixcheck.claims import inventory_id_of, run_claims

    t_import = time.perf_counter() - t0
    t1 = time.perf_counter()
    results = run_claims(args.only, profile=args.profile, seed=args.seed)
    wall = time.perf_counter() - t1

    groups: dict[str, list] = defaultdict(list)
    for r in results:
        groups[inventory_id_of(r.id)].append(r)
    print(f"profile {args.profile}, seed {args.seed}: {len(results)} claims in {wall:.1f} s "
          f"(import {t_import:.1f} s)")
    print(f"{'group':32s} {'claims':>6s} {'seconds':>8s}  slowest")
    for g, rs in sorted(groups.items(), key=lambda kv: -sum(r.seconds for r in kv[1])):
        slow = max(rs, key=lambda r: r.seconds)
        print(f"{g:32s} {len(rs):6d} {sum(r.seconds for r in rs):8.2f}  {slow.id} ({slow.seconds:.2f} s)")
    print(f"\nslowest {args.top} claims:")
    for r in sorted(results, key=lambda r: -r.seconds)[: args.top]:
        print(f"  {r.seconds:7.2f} s  {r.id}  [{r.verdict}, {r.grade}]")
    by_grade: dict[str, float] = defaultdict(float)
    for r in results:
        by_grade[str(r.grade)] += r.seconds
    print("\nseconds per grade: " + ", ".join(f"{k} {v:.1f}" for k, v in sorted(by_grade.items())))
    print(f"sum of claim seconds {sum(r.seconds for r in results):.1f} s; wall {wall:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
