"""Section 3 — Rademacher complexity: Lemma 1, Lemma 2, Theorem 1.

Coverage is simulated on a class where everything is exact: thresholds on U[0, 1].

* x ~ U[0, 1], target c = h_{t*} with t* = 0.3, H = {h_t(x) = +1 if x ≥ t else −1 : t ∈ ℝ}, G the
  0-1 loss class of H. R(h_t) = |clip(t, 0, 1) − t*| exactly.
* On n distinct points H realises exactly the n + 1 patterns (−…−+…+), so
  R̂_S(H) = (1/n)E_σ max_k (S_n − 2S_k) = (2/n)E[M_n], M_n = max_{0≤k≤n} S_k the running maximum
  of a simple random walk — the same for every sample of distinct points, hence R_n(H) = R̂_S(H).
  E[M_n] = Σ_{m≥1}[P(S_n ≥ m) + P(S_n ≥ m + 1)] (reflection principle), exactly; cross-checked
  against the engine's exact :func:`mixcheck.rademacher.empirical_rademacher` on the (n+1) × n
  prediction matrix.
* sup_{g∈G}(E[g] − Ê_B[g]) = sup_t (R(h_t) − R̂(h_t)) is attained (as a limit) at t at a sample
  point or at 0, 1, and computed exactly per sample.
"""
