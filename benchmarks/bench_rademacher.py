"""Speed and memory of the Rademacher engine, as ratios to a bare product.

(a) Monte Carlo, n = 10⁴ points, d = 10³ features, m = 10³ sign vectors:
    ``linear_rademacher(X, draws=m)`` against a bare numpy (m × n)·(n × d) product of the same
    shape measured in the same run (target ≤ 2×), and against ``torch.matmul`` on the GPU
    when CUDA is present (skipped with a message otherwise). Also the peak of Python-heap
    temporaries during the call (tracemalloc sees numpy's buffers), which chunking keeps
    near ``MEMORY_BUDGET`` (256 MiB) whatever m.
(b) Exact enumeration at n = 20, d = 32 (target ≤ 3 s on the 2-core machine).

Usage: ``python benchmarks/bench_rademacher.py [--quick] [--repeats R]``.
Timings are the best of R runs (default 3).
"""

from __future__ import annotations

import argparse
import os
import time
import tracemalloc

import numpy as np

from mixcheck import rademacher as rad


def best_of(fn, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def best_of_pair(fa, fb, repeats: int) -> tuple[float, float]:
    """Best times of two functions measured alternately, so both see the same machine load."""
    ta = tb = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        fa()
        ta = min(ta, time.perf_counter() - t)
        t = time.perf_counter()
        fb()
        tb = min(tb, time.perf_counter() - t)
    return ta, tb


def peak_bytes(fn) -> int:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def bench_mc_numpy(n: int, d: int, m: int, repeats: int) -> None:
    rng = np.random.default_rng(0)
    X = rng.standard_normal((n, d))
    S = rng.choice([-1.0, 1.0], size=(m, n))
    t_bare, t_ours = best_of_pair(lambda: S @ X, lambda: rad.linear_rademacher(X, draws=m, seed=1), repeats)
    print(f"(a) Monte Carlo, numpy float64, n={n}, d={d}, m={m}, {os.cpu_count()} cpus:")
    print(f"    bare S @ X            {t_bare:8.3f} s")
    print(f"    linear_rademacher     {t_ours:8.3f} s   ratio {t_ours / t_bare:5.2f}x  (target ≤ 2x)")
    del S
    for mm in (m, 10 * m):
        peak = peak_bytes(lambda: rad.linear_rademacher(X, draws=mm, seed=1))
        print(f"    peak temporaries at m={mm:>6}: {peak / 2**20:7.1f} MiB  (budget {rad.MEMORY_BUDGET / 2**20:.0f} MiB)")


def bench_mc_torch(device: str, n: int, d: int, m: int, repeats: int) -> None:
    """(a'') torch float32 on the CPU, or (a') on the GPU: linear_rademacher against a bare
    torch.matmul of the same shape on the same device (on the GPU, after a warm-up, with the
    device synchronised, and the peak of device temporaries at 10·m)."""
    tag = "(a')" if device == "cuda" else "(a'')"
    try:
        import torch
    except ImportError:
        print(f"{tag} torch {device}: skipped — torch is not installed")
        return
    if device == "cuda" and not torch.cuda.is_available():
        print(f"{tag} GPU: skipped — no CUDA device (torch.cuda.is_available() is False)")
        return
    dev = torch.device(device)
    g = torch.Generator(device=dev).manual_seed(0)
    X = torch.randn(n, d, device=dev, generator=g)
    S = (torch.randint(0, 2, (m, n), device=dev, generator=g) * 2 - 1).float()
    gpu = dev.type == "cuda"

    def bare():
        torch.matmul(S, X)
        if gpu:
            torch.cuda.synchronize()

    def ours():
        rad.linear_rademacher(X, draws=m, seed=1)  # returns host floats: synchronises

    if gpu:
        bare(), ours()  # warm-up (CUDA context, cuBLAS handles, kernels)
    t_bare, t_ours = best_of_pair(bare, ours, max(repeats, 10) if gpu else repeats)
    where = torch.cuda.get_device_name(dev) if gpu else f"the CPU ({torch.get_num_threads()} threads)"
    scale, unit = (1e3, "ms") if gpu else (1.0, "s")
    print(f"{tag} Monte Carlo, torch float32 on {where}, n={n}, d={d}, m={m}:")
    print(f"    bare torch.matmul     {t_bare * scale:8.3f} {unit}")
    print(f"    linear_rademacher     {t_ours * scale:8.3f} {unit}   ratio {t_ours / t_bare:5.2f}x"
          + ("  (target ≤ 2x)" if gpu else ""))
    if gpu:
        torch.cuda.reset_peak_memory_stats(dev)
        base = torch.cuda.memory_allocated(dev)
        rad.linear_rademacher(X, draws=10 * m, seed=1)
        peak = torch.cuda.max_memory_allocated(dev) - base
        print(f"    peak device temporaries at m={10 * m}: {peak / 2**20:.1f} MiB")


def bench_exact(n: int, d: int, repeats: int) -> None:
    X = np.random.default_rng(0).standard_normal((n, d))
    cold = best_of(lambda: rad.linear_rademacher(X), 1)
    t = best_of(lambda: rad.linear_rademacher(X), repeats)
    print(f"(b) exact enumeration, numpy, n={n}, d={d}: {t:6.3f} s (first call {cold:.3f} s)  (target ≤ 3 s)")
    P = np.random.default_rng(1).choice([-1.0, 1.0], size=(16, n))
    t = best_of(lambda: rad.empirical_rademacher(P), repeats)
    print(f"    finite class, 16 hypotheses, n={n}: {t:6.3f} s")
    try:
        import torch
    except ImportError:
        return
    t = best_of(lambda: rad.linear_rademacher(torch.as_tensor(X)), repeats)
    print(f"    same on torch (cpu): {t:6.3f} s")
    if torch.cuda.is_available():
        Xc = torch.as_tensor(X, device="cuda")
        rad.linear_rademacher(Xc)
        t = best_of(lambda: rad.linear_rademacher(Xc), repeats)
        print(f"    same on torch (cuda): {t:6.3f} s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smaller sizes (a smoke run)")
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    n, d, m = (2000, 200, 200) if args.quick else (10_000, 1_000, 1_000)
    bench_mc_numpy(n, d, m, args.repeats)
    bench_mc_torch("cpu", n, d, m, args.repeats)
    bench_mc_torch("cuda", n, d, m, args.repeats)
    bench_exact(14 if args.quick else 20, 32, args.repeats)


if __name__ == "__main__":
    main()
