"""Seconds to build and check every derivation of ``proofs/`` (target ≤ 20 s on the 2-core
machine), how many are proofs, and the cost of building what one claim needs.

Each repeat runs in a fresh Python process (the derivations are cached per process, so a
second build in the same process would measure the cache). Reported: the import of SymPy and
the machinery, then the build+check time of each topic module in registry order (a later
module reuses what an earlier one cached, e.g. the Beta moments in the mixup module), and the
total; then how many derivations are proofs (``is_proof``) and which claims they prove; and,
in another fresh process, ``proofs.get`` of one Theorem 2 proof alone (what a claim needing
only it pays). Timings are the best and the median of R runs (default 3).

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
from mixcheck import proofs
t_import = time.perf_counter() - t0
out = {"import": t_import, "modules": {}}
t1 = time.perf_counter()
for name in proofs.MODULES:
    t = time.perf_counter()
    ds = [proofs.get(i) for i in proofs._module_ids(name)]
    out["modules"][name] = time.perf_counter() - t
ders = proofs.all_derivations()
out["build"] = time.perf_counter() - t1
out["derivations"] = len(ders)
out["steps"] = sum(len(d.steps) for d in ders)
out["ok"] = all(d.ok for d in ders)
out["proofs"] = sum(d.is_proof for d in ders)
out["proves"] = sorted({c for d in ders if d.is_proof for c in d.proves})
out["grades"] = {}
for d in ders:
    for g, k in d.grades().items():
        out["grades"][g] = out["grades"].get(g, 0) + k
print(json.dumps(out))
"""

_ONE = r"""
import json, time
t0 = time.perf_counter()
from mixcheck import proofs
d = proofs.get("lin.thm2-total-variance")
print(json.dumps({"one": time.perf_counter() - t0, "is_proof": d.is_proof}))
"""


def run_once(code: str = _CHILD) -> dict:
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
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
    print(f"proofs (is_proof): {first['proofs']} of {first['derivations']} derivations; steps by grade: "
          + ", ".join(f"{g} {k}" for g, k in sorted(first["grades"].items())))
    print(f"claims proved ({len(first['proves'])}): {', '.join(first['proves'])}")
    one = [run_once(_ONE) for _ in range(args.repeats)]
    row("get(one Theorem 2 proof), fresh process", [r["one"] for r in one])


if __name__ == "__main__":
    main()
