"""Seconds to build and check every derivation of ``proofs/`` (issue 3; target ≤ 20 s on the
2-core machine).

Each repeat runs in a fresh Python process (the derivations are cached per process, so a
second build in the same process would measure the cache). Reported: the import of SymPy and
the machinery, then the build+check time of each topic module in registry order (a later
module reuses what an earlier one cached, e.g. the Beta moments in the mixup module), and the
total. Timings are the best and the median of R runs (default 3).

Usage: ``python benchmarks/bench_proofs.py [--repeats R]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_CHILD = r"""
import json, time
t0 = time.perf_counter()
import importlib
import sympy, mpmath, numpy  # noqa: F401
import mixcheck.derivation  # noqa: F401
import proofs
t_import = time.perf_counter() - t0
out = {"import": t_import, "modules": {}}
t1 = time.perf_counter()
for name in proofs.MODULES:
    t = time.perf_counter()
    mod = importlib.import_module("proofs." + name)
    ds = mod.derivations()
    out["modules"][name] = time.perf_counter() - t
ders = proofs.all_derivations()
out["build"] = time.perf_counter() - t1
out["derivations"] = len(ders)
out["steps"] = sum(len(d.steps) for d in ders)
out["ok"] = all(d.ok for d in ders)
print(json.dumps(out))
"""


def run_once() -> dict:
    r = subprocess.run([sys.executable, "-c", _CHILD], cwd=ROOT, capture_output=True, text=True, check=True,
                       env={**os.environ, "PYTHONHASHSEED": "0"})
    return json.loads(r.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    runs = [run_once() for _ in range(args.repeats)]
    first = runs[0]
    print(f"{first['derivations']} derivations, {first['steps']} steps, all OK: {all(r['ok'] for r in runs)}; "
          f"{os.cpu_count()} CPU(s), best / median of {len(runs)} fresh processes")

    def row(label: str, values: list[float]) -> None:
        print(f"  {label:<24} {min(values):7.2f} s  {statistics.median(values):7.2f} s")

    row("import", [r["import"] for r in runs])
    for name in first["modules"]:
        row(name, [r["modules"][name] for r in runs])
    row("build + check, total", [r["build"] for r in runs])
    best = min(r["build"] for r in runs)
    print(f"build + check all derivations: {best:.2f} s (target ≤ 20 s) — {'met' if best <= 20 else 'NOT met'}")


if __name__ == "__main__":
    main()
