"""Seconds per partner-reading claim (mixcheck.partner_checks*), each in this process, one after another.

    python benchmarks/bench_partners.py [--profile ci|thorough] [--seed N] [--only SUBSTRING]

Prints one line per claim (seconds, verdict, recorded verdict) and the total; the target is a
total of at most 15 s under ``ci`` on one core (run with OMP_NUM_THREADS=1).
"""

from __future__ import annotations

import argparse
import time


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--profile", default="ci", choices=("ci", "dev", "thorough"))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--only", default="", help="run only claims whose id contains this text")
    args = ap.parse_args(argv)

    from mixcheck.paper import _partner_checks as PC
    from mixcheck.paper import _partner_checks_constant, _partner_checks_more, _partner_checks_psi  # noqa: F401 - fill SPECS
    from mixcheck.engine.registry import Context
    from mixcheck.profiles import PROFILES

    total, differ = 0.0, 0
    for spec in PC.SPECS:
        if args.only not in spec.id:
            continue
        ctx = Context(PROFILES[args.profile], args.seed, spec.id)
        t0 = time.perf_counter()
        out = spec.check(ctx)
        dt = time.perf_counter() - t0
        total += dt
        differ += out.verdict != spec.expected
        mark = "" if out.verdict == spec.expected else f"   (recorded {spec.expected})"
        print(f"{dt:7.3f} s  {spec.id:48s} {out.verdict}{mark}", flush=True)
    print(f"{total:7.3f} s  total ({args.profile}, seed {args.seed}); target ≤ 15 s under ci on one core; "
          f"{differ} verdict(s) differ from the recorded ones")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
