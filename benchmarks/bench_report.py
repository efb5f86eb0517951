"""Wall time of the full ``mixcheck report`` (one process and two workers) and of the default
``pytest`` run, each in a fresh process, on this machine.

    python benchmarks/bench_report.py [--repeat 2] [--no-pytest]

Prints, per run, the wall seconds and the report's own timings (claims' summed seconds, the
figures' seconds, the total inside the command). Two processes share the CPUs, so the summed
claim seconds of a two-worker run exceed the one-process run's. Figures vary with machine
load (the same serial claim run took 42–61 s over one session on the 2-core machine); no
target is asserted here.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _report(jobs: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "mixcheck", "report", "--out", tmp, "--jobs", jobs],
                              capture_output=True, text=True, cwd=ROOT)
        wall = time.perf_counter() - t0
        if proc.returncode not in (0, 1):
            raise SystemExit(f"mixcheck report --jobs {jobs} failed:\n{proc.stderr[-2000:]}")
        t = json.loads((Path(tmp) / "report.json").read_text())["timings"]
    return {"wall": wall, "claims_summed": t["claims_total"], "figures": t["figures_total"], "inside": t["total"]}


def _pytest() -> float:
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], capture_output=True,
                          text=True, cwd=ROOT)
    if proc.returncode != 0:
        raise SystemExit(f"pytest failed:\n{proc.stdout[-2000:]}")
    return time.perf_counter() - t0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=2, help="runs of each command")
    ap.add_argument("--no-pytest", action="store_true", help="time the report only")
    args = ap.parse_args(argv)
    for jobs in ("1", "auto"):
        for k in range(args.repeat):
            r = _report(jobs)
            print(f"mixcheck report --jobs {jobs:4s} run {k + 1}: {r['wall']:6.1f} s wall "
                  f"(inside {r['inside']:.1f} s; claims summed {r['claims_summed']:.1f} s, figures {r['figures']:.1f} s)")
    if not args.no_pytest:
        for k in range(args.repeat):
            print(f"pytest (default run)          run {k + 1}: {_pytest():6.1f} s wall")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
