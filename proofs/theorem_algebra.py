"""The algebra inside the proofs of Theorems 2 and 3: eqs. (18), (19), (20), (24) and the chain
after (24), step by step.

General n and d are out of reach for SymPy's vector algebra here, so the sample is a symbolic
sample of **n = 3 points in d = 2** (x_i = (x_i1, x_i2), all entries real symbols), stated in
every derivation's assumptions; identities proved for it are polynomial identities in the
entries, and the tests check the same closed forms numerically for Hypothesis-drawn n and d.
Inequalities that hold are proved by a certificate (a non-negative expression that equals the
slack) where one is at hand, otherwise checked by a numeric search over a fixed grid of
rational samples and λ ∈ [0, 1] (recorded as such). Steps of the paper that are not identities
are recorded as failing, with the residual and an exact witness sample.
"""

from __future__ import annotations

import random
from itertools import product

import sympy as sp

from mixcheck.derivation import Derivation

from ._table import table_registry

__all__ = ["N", "D", "X", "lam", "DERIVATIONS", "derivation", "derivations"]

N, D = 3, 2
R = sp.Rational
lam = sp.Symbol("lambda", real=True)
Lam = sp.Symbol("Lambda", positive=True)
t = sp.Symbol("t", nonnegative=True)          # λ = 1/(1+t) covers λ ∈ (0, 1]
xs = sp.symbols(f"x1:{N + 1}_1:{D + 1}", real=True)
X = [sp.Matrix(xs[i * D:(i + 1) * D]) for i in range(N)]
XBAR = sum(X, sp.zeros(D, 1)) / N

SAMPLE = f"a symbolic sample x_1, …, x_n in ℝ^d with n = {N}, d = {D} fixed (entries real symbols)"
LAM01 = "λ ∈ [0, 1] (identities: any real λ)"
EMP = "E_{x_j} is the average over the sample (the empirical partner; x̄ the sample mean)"


def sq(v: sp.Matrix) -> sp.Expr:
    """‖v‖² as a sum of squares (kept unexpanded, so SymPy's assumptions see it is ≥ 0)."""
    return sum(c**2 for c in v)


def norm(v: sp.Matrix) -> sp.Expr:
    return sp.sqrt(sq(v))


A = sum(sq(x) for x in X)           # Σ‖x_i‖²
B = N * sq(XBAR)                    # n‖x̄‖² = Σ‖E x_j‖²


def _sample_values(rows: list[tuple[int, ...]]) -> dict:
    return {s: sp.Integer(val) for s, val in zip(xs, [c for r in rows for c in r])}


# witnesses: exact samples (n = 3, d = 2) where the failing steps are refuted
W_MEAN = {**_sample_values([(1, 0), (1, 0), (1, 0)]), lam: R(1, 2)}           # x̄ ≠ 0
W_EQ20 = {**_sample_values([(1, 0), (3, 0), (2, 0)]), lam: R(9, 10)}          # λ near 1
W_NORMS = _sample_values([(1, 0), (-1, 0), (0, 1)])                           # equal norms


def _grid(count: int = 24, seed: int = 0, extra: dict | None = None) -> list[dict]:
    """Rational samples (entries in [-3, 3] on a grid of 1/4) with λ on a grid of [0, 1]."""
    rng = random.Random(seed)
    pts = []
    for c in range(count):
        p = {s: R(rng.randint(-12, 12), 4) for s in xs}
        p[lam] = R(c % 11, 10)
        if extra:
            p.update({k: v(rng) for k, v in extra.items()})
        pts.append(p)
    return pts


# --------------------------------------------------------------------------------------


def _eq18() -> Derivation:
    d = Derivation("thm2.eq18", "Eq. (18): the Rademacher complexity of the L2-ball linear class",
                   summary="sup_{‖w‖≤Λ} w·v = Λ‖v‖ (not Λ‖v‖² as printed); E_σ‖Σσ_i x_i‖² = Σ‖x_i‖²; "
                           "Jensen E‖v‖ ≤ (E‖v‖²)^{1/2}.",
                   assumptions=[SAMPLE, "Λ > 0", "σ uniform on {−1, +1}^n"], source="proof of Theorem 2, eq. (18)")
    sig = sp.symbols(f"sigma1:{N + 1}", real=True)
    v = sum((s * x for s, x in zip(sig, X)), sp.zeros(D, 1))
    w = sp.Matrix(sp.symbols(f"w1:{D + 1}", real=True))
    wstar = Lam * v / norm(v)
    d.step("maximiser attains Λ‖v‖", (wstar.T * v)[0], Lam * norm(v), note="w* = Λv/‖v‖ (v ≠ 0)")
    d.step("maximiser is feasible", sq(wstar), Lam**2)
    lagrange = (w[0] * v[1] - w[1] * v[0]) ** 2
    d.step("Cauchy–Schwarz (Lagrange identity, d = 2)", sq(w) * sq(v) - ((w.T * v)[0]) ** 2, lagrange, simplify=("ring",))
    d.step("(w·v)² ≤ ‖w‖²‖v‖²", ((w.T * v)[0]) ** 2, sq(w) * sq(v), relation="<=", certificate=lagrange,
           simplify=("ring",), note="so w·v ≤ ‖w‖‖v‖ ≤ Λ‖v‖: the supremum is Λ‖v‖")
    wit = {**W_MEAN, **{s: 1 for s in sig}, Lam: 1}
    d.step("paper: sup = Λ‖Σσ_i x_i‖₂² (as printed)", Lam * norm(v), Lam * sq(v), witness=wit,
           expected_to_fail=True, expected_residual=Lam * (norm(v) - sq(v)), simplify=("expand",),
           reason="typo in eq. (18): the supremum is Λ‖Σσ_i x_i‖₂, not its square (the next line uses the norm)")
    patterns = list(product((-1, 1), repeat=N))
    vs = [v.subs(dict(zip(sig, p))) for p in patterns]
    e_sq = sum(sq(u) for u in vs) / len(patterns)
    d.step("E_σ‖Σσ_i x_i‖² = Σ‖x_i‖²", e_sq, A, simplify=("ring",),
           note="the average over all 2^n sign patterns; E[σ_iσ_j] = 0 for i ≠ j")
    e_norm = sum(sp.sqrt(sq(u)) for u in vs) / len(patterns)
    cert = sum((sp.sqrt(sq(u)) - e_norm) ** 2 for u in vs) / len(patterns)
    d.step("Jensen: (E‖v‖)² ≤ E‖v‖²", e_norm**2, e_sq, relation="<=", certificate=cert, simplify=("expand",),
           note="the slack is the variance of ‖v‖ over the sign patterns, a sum of squares")
    return d.conclude(Lam * sp.sqrt(A) / N, list(xs) + [Lam])


def _eq19() -> Derivation:
    d = Derivation("thm2.eq19-expansion", "Eq. (19): Σ_i‖λx_i + (1-λ)x̄‖² = λ²Σ‖x_i‖² + (1-λ²)n‖x̄‖²",
                   summary="The paper drops the cross term 2λ(1-λ)n‖x̄‖²: its '≤' step is not an identity, and "
                           "for λ ∈ [0, 1] the inequality holds the other way round.",
                   assumptions=[SAMPLE, LAM01, EMP], source="proof of Theorem 2, eq. (19)")
    mix = [lam * x + (1 - lam) * XBAR for x in X]
    emp = sum((lam * X[0] + (1 - lam) * xj for xj in X), sp.zeros(D, 1)) / N
    d.step("x̃_1 = E_j[λx_1 + (1-λ)x_j] = λx_1 + (1-λ)x̄", emp, mix[0], simplify=("ring",),
           note="the same for every i; with a population partner x̄ becomes E[x]")
    lhs = sum(sq(m) for m in mix)
    cross = 2 * lam * (1 - lam) * sum((XBAR.T * x)[0] for x in X)
    d.step("expansion", lhs, lam**2 * A + cross + (1 - lam) ** 2 * B, simplify=("ring",),
           note="‖λa + (1-λ)b‖² = λ²‖a‖² + 2λ(1-λ)a·b + (1-λ)²‖b‖², summed over i")
    d.step("cross term", cross, 2 * lam * (1 - lam) * B, simplify=("ring",), note="Σ_i x_i = n x̄")
    closed = lam**2 * A + (1 - lam**2) * B
    d.step("closed form", lhs, closed, simplify=("ring",))
    paper = sum(sq(lam * x) + sq((1 - lam) * XBAR) for x in X)
    d.step("paper: Σ‖λx_i + (1-λ)x̄‖² = Σ(‖λx_i‖² + ‖(1-λ)x̄‖²) (as an equality)", lhs, paper,
           witness=W_MEAN, expected_to_fail=True, expected_residual=2 * lam * (1 - lam) * B, simplify=("ring",),
           reason="eq. (19) drops the cross term 2λ(1-λ)n‖x̄‖², non-zero unless λ ∈ {0, 1} or x̄ = 0")
    d.step("paper: (Σ‖λx_i + (1-λ)x̄‖²)^{1/2} ≤ (Σ(‖λx_i‖² + ‖(1-λ)x̄‖²))^{1/2} (as printed)",
           sp.sqrt(lhs), sp.sqrt(paper), relation="<=", witness=W_MEAN, expected_to_fail=True, simplify=("ring",),
           reason="for λ ∈ (0, 1) and x̄ ≠ 0 the dropped cross term is positive, so the inequality is reversed")
    lt = 1 / (1 + t)
    d.step("reversed inequality holds (λ = 1/(1+t), t ≥ 0)", paper.subs(lam, lt), lhs.subs(lam, lt),
           relation="<=", certificate=(2 * t / (1 + t) ** 2 * B), simplify=("ring",),
           assumptions=["λ = 1/(1+t) with t ≥ 0, i.e. λ ∈ (0, 1]; λ = 0 by continuity"])
    d.step("paper: = λ²Σ‖x_i‖² + (1-λ)²Σ‖E x_j‖²", paper, lam**2 * A + (1 - lam) ** 2 * B, simplify=("ring",))
    return d.conclude(closed, [lam] + list(xs),
                      general=lam**2 * sp.Symbol("S") + (1 - lam**2) * sp.Symbol("n") * sp.Symbol("m2"))


def _eq20() -> Derivation:
    d = Derivation("thm2.eq20", "Eq. (20): the first line needs a radicand comparison that fails",
                   summary="With A = Σ‖x_i‖², B = n‖x̄‖²: the paper bounds √A − √(λ²A + (1-λ)²B) by "
                           "|1-λ|√(A − B). The radicand comparison behind it fails by 2λ(1-λ)A, and the "
                           "inequality itself fails near λ = 1. With the correct expansion of (19) the "
                           "difference is at most √(1-λ²)·√(A − B). (That R̂ − R̂* is bounded by the "
                           "difference of two upper bounds is a separate logical step, not algebra.)",
                   assumptions=[SAMPLE, LAM01, EMP], source="proof of Theorem 2, eq. (20)")
    r19 = lam**2 * A + (1 - lam) ** 2 * B
    d.step("A − (paper's (19) radicand)", A - r19, (1 - lam**2) * A - (1 - lam) ** 2 * B, simplify=("ring",))
    d.step("radicand comparison: A − (λ²A + (1-λ)²B) ≤ (1-λ)²(A − B)", A - r19, (1 - lam) ** 2 * (A - B),
           relation="<=", witness=W_EQ20, expected_to_fail=True, expected_residual=2 * lam * (1 - lam) * A,
           simplify=("ring",),
           reason="needed for √A − √(λ²A+(1-λ)²B) ≤ |1-λ|√(A−B) via √a − √b ≤ √(a−b); it is off by 2λ(1-λ)Σ‖x_i‖²")
    d.step("paper: √A − √(λ²A + (1-λ)²B) ≤ |1-λ|·√(A − B) (first line of (20))",
           sp.sqrt(A) - sp.sqrt(r19), sp.Abs(1 - lam) * sp.sqrt(A - B), relation="<=", witness=W_EQ20,
           expected_to_fail=True, simplify=("expand",),
           reason="false in general: squaring shows it holds iff λ = 1 or λ·n‖x̄‖² ≤ √(A−B)(√A − √(A−B)), "
                  "so it fails for λ near 1 whenever x̄ ≠ 0 (witness: x = (1,0), (3,0), (2,0), λ = 9/10)")
    r19c = lam**2 * A + (1 - lam**2) * B
    d.step("A − (correct (19) radicand) = (1-λ²)(A − B)", A - r19c, (1 - lam**2) * (A - B), simplify=("ring",))
    p, q = sp.symbols("p q", nonnegative=True)
    d.step("lemma: p + q ≤ (√p + √q)²", p + q, (sp.sqrt(p) + sp.sqrt(q)) ** 2, relation="<=",
           certificate=2 * sp.sqrt(p) * sp.sqrt(q), simplify=("expand",),
           note="so √(p+q) ≤ √p + √q, i.e. √a − √b ≤ √(a − b) for a ≥ b ≥ 0")
    d.step("corrected: √A − √(λ²A + (1-λ²)B) ≤ √(1-λ²)·√(A − B)", sp.sqrt(A) - sp.sqrt(r19c),
           sp.sqrt(1 - lam**2) * sp.sqrt(A - B), relation="<=", points=_grid(), simplify=("expand",),
           note="the lemma with a = A, b = λ²A + (1-λ²)B (the previous two steps); also searched numerically")
    d.step("√(1-λ²) ≥ |1-λ| on [0, 1]: (1-λ²) − (1-λ)² = 2λ(1-λ)", (1 - lam**2) - (1 - lam) ** 2,
           2 * lam * (1 - lam), simplify=("ring",), note="the corrected constant is the larger one")
    d.step("second line of (20): (1/n)√(A − B) = (1/√n)·√(A/n − ‖x̄‖²)", sp.sqrt(A - B) / N,
           sp.sqrt(A / N - sq(XBAR)) / sp.sqrt(N), simplify=("expand", "simplify"))
    closed = sp.sqrt(1 - lam**2) * sp.sqrt(A - B)
    return d.conclude(closed, [lam] + list(xs))


def _s2_readings() -> Derivation:
    d = Derivation("thm2.s2-readings", "Eq. (20)/(17): which 's²(‖x‖₂)' makes (1/n)Σ‖x_i‖² = s² + ‖x̄‖²?",
                   summary="Only the total variance (1/n)Σ‖x_i − x̄‖² does. The variance of the norms ‖x_i‖ "
                           "(the wording of Theorem 2) and the unbiased (n−1) variance do not.",
                   assumptions=[SAMPLE], source="proof of Theorem 2, eq. (20); Theorem 2, eq. (17)")
    s1 = A / N
    m2 = sq(XBAR)
    tv = sum(sq(x - XBAR) for x in X) / N
    r = [norm(x) for x in X]
    mean_norm = sum(r) / N
    vn = sum(ri**2 for ri in r) / N - mean_norm**2
    d.step("total variance: (1/n)Σ‖x_i‖² − ‖x̄‖² = (1/n)Σ‖x_i − x̄‖²", s1 - m2, tv, simplify=("ring",))
    d.step("s² = total variance: (1/n)Σ‖x_i‖² = s² + ‖x̄‖²", s1, tv + m2, simplify=("ring",))
    d.step("s² = variance of the norms ‖x_i‖: (1/n)Σ‖x_i‖² = s² + ‖x̄‖²", s1, vn + m2, witness=W_NORMS,
           expected_to_fail=True, expected_residual=mean_norm**2 - m2, simplify=("expand",),
           reason="(1/n)Σ‖x_i‖² = Var(‖x‖) + (mean norm)², and (mean norm)² ≠ ‖x̄‖² in general "
                  "(witness: three unit vectors, Var(‖x‖) = 0 but the total variance is 8/9)")
    d.step("s² = unbiased sample variance (n−1): (1/n)Σ‖x_i‖² = s² + ‖x̄‖²", s1, tv * N / (N - 1) + m2,
           witness=W_NORMS, expected_to_fail=True, expected_residual=-tv / (N - 1), simplify=("ring",),
           reason="the n−1 normalisation overshoots the population identity by (1/(n−1))·total variance")
    d.step("variance of the norms ≤ total variance", vn, tv, relation="<=", points=_grid(), simplify=("expand",),
           note="equivalent to ‖x̄‖ ≤ (1/n)Σ‖x_i‖ (triangle inequality); numeric search")
    return d.conclude(tv, list(xs), total_variance=tv, norm_variance=vn)


def _thm3() -> Derivation:
    d = Derivation("thm3.chain", "Theorem 3: eq. (24) and the chain after it",
                   summary="max_i‖x_i‖ − max_i(λ‖x_i‖ + (1-λ)‖x̄‖) = (1-λ)(max_i‖x_i‖ − ‖x̄‖) is an identity "
                           "(λ ≥ 0); the triangle step with |·| and the final '= max_i‖ε_i‖' need ‖x̄‖ = ‖μ‖.",
                   assumptions=[SAMPLE, LAM01, EMP, "x_i = μ + ε_i (Theorem 3's model)"],
                   source="proof of Theorem 3, eqs. (23)-(24) and the chain after (24)")
    lnn = sp.Symbol("lambda", nonnegative=True)
    r1, m = sp.symbols("r1 m", nonnegative=True)
    s2, s3 = sp.symbols("s2 s3", nonnegative=True)
    rs = [r1, r1 - s2, r1 - s3]
    d.step("(24): ‖λx_i + (1-λ)x̄‖² ≤ (λ‖x_i‖ + (1-λ)‖x̄‖)² — slack", (lam * norm(X[0]) + (1 - lam) * norm(XBAR)) ** 2
           - sq(lam * X[0] + (1 - lam) * XBAR), 2 * lam * (1 - lam) * (norm(X[0]) * norm(XBAR) - (X[0].T * XBAR)[0]),
           simplify=("expand",), note="and ‖a‖‖b‖ ≥ a·b (Cauchy–Schwarz), so the triangle step of (24) holds for λ ∈ [0, 1]")
    d.step("(24): ‖λx_1 + (1-λ)x̄‖ ≤ λ‖x_1‖ + (1-λ)‖x̄‖", norm(lam * X[0] + (1 - lam) * XBAR),
           lam * norm(X[0]) + (1 - lam) * norm(XBAR), relation="<=", points=_grid(), simplify=("expand",),
           note="numeric search (the previous step gives the proof)")
    lhs = sp.Max(*rs) - sp.Max(*[lnn * ri + (1 - lnn) * m for ri in rs])
    d.step("max_i r_i − max_i(λr_i + (1-λ)m) = (1-λ)(max_i r_i − m)", lhs, (1 - lnn) * (sp.Max(*rs) - m),
           assumptions=["r_i = ‖x_i‖, m = ‖x̄‖; WLOG r_1 = max (max is symmetric): r_i = r_1 − s_i, s_i ≥ 0",
                        "λ ≥ 0"], simplify=("expand",))
    rr = sp.symbols("r1:4", nonnegative=True)
    grid = [{rr[0]: R(a), rr[1]: R(b), rr[2]: R(c), m: R(e, 2), lam: R(f, 10)}
            for a, b, c, e, f in product((0, 2, 5), (1, 3), (0, 4), (0, 3, 9), (0, 5, 10))]
    d.step("J ≤ (1-λ)·max_i|‖x_i‖ − ‖x̄‖|", (1 - lam) * (sp.Max(*rr) - m),
           (1 - lam) * sp.Max(*[sp.Abs(ri - m) for ri in rr]), relation="<=", points=grid,
           note="max_i r_i − m ≤ max_i|r_i − m| and 1-λ ≥ 0; numeric search")
    mu_ = sp.Matrix(sp.symbols(f"mu1:{D + 1}", real=True))
    eps = [sp.Matrix(sp.symbols(f"e{i}_1:{D + 1}", real=True)) for i in range(1, N + 1)]
    xbar = mu_ + sum(eps, sp.zeros(D, 1)) / N
    lhs3 = sp.Max(*[sp.Abs(norm(mu_ + e) - norm(xbar)) for e in eps])
    rhs3 = sp.Max(*[sp.Abs(norm(mu_) + norm(e) - norm(xbar)) for e in eps])
    wit = {mu_[0]: 1, mu_[1]: 0, **{e[1]: 0 for e in eps}, eps[0][0]: -1, eps[1][0]: 4, eps[2][0]: 4}
    d.step("paper: max_i|‖μ+ε_i‖ − ‖x̄‖| ≤ max_i|‖μ‖ + ‖ε_i‖ − ‖x̄‖| (as printed)", lhs3, rhs3, relation="<=",
           witness=wit, expected_to_fail=True, simplify=("expand",),
           reason="|·| is not monotone: ‖μ+ε_i‖ ≤ ‖μ‖+‖ε_i‖ does not bound |‖μ+ε_i‖ − ‖x̄‖| "
                  "(witness μ = (1,0), ε = (−1,0), (4,0), (4,0): 10/3 > 5/3)")
    d.step("paper: max_i|‖μ‖ + ‖ε_i‖ − ‖x̄‖| = max_i‖ε_i‖ (as printed)", rhs3, sp.Max(*[norm(e) for e in eps]),
           witness=wit, expected_to_fail=True, simplify=("expand",),
           reason="needs ‖x̄‖ = ‖μ‖, which the sample does not give (the 'n sufficiently large' reading)")
    rhs3_mu = rhs3.subs(norm(xbar), norm(mu_))
    d.step("with ‖x̄‖ = ‖μ‖: max_i|‖μ‖ + ‖ε_i‖ − ‖x̄‖| = max_i‖ε_i‖", rhs3_mu, sp.Max(*[norm(e) for e in eps]),
           assumptions=["‖x̄‖ = ‖μ‖"], simplify=("expand",))
    d.step("with ‖x̄‖ = ‖μ‖: |‖μ+ε_1‖ − ‖μ‖| ≤ ‖ε_1‖", sp.Abs(norm(mu_ + eps[0]) - norm(mu_)), norm(eps[0]),
           relation="<=", assumptions=["‖x̄‖ = ‖μ‖"],
           points=[{s: R(k, 3) for s, k in zip(list(mu_) + list(eps[0]), vals)}
                   for vals in product((-2, 0, 5), (1, -4), (3, 0), (-1, 7))],
           note="the reverse triangle inequality; numeric search")
    return d.conclude((1 - lam) * (sp.Max(*rr) - m), [lam, *rr, m])


#: each derivation's builder, by id (each built once per process, only when asked)
DERIVATIONS = {
    "thm2.eq18": _eq18,
    "thm2.eq19-expansion": _eq19,
    "thm2.eq20": _eq20,
    "thm2.s2-readings": _s2_readings,
    "thm3.chain": _thm3,
}

derivation, derivations = table_registry(DERIVATIONS)
