"""Section 5 — neural networks: eqs. (23)-(24), Theorem 3, Fig. 2.

``H_{L,W}``: ReLU networks x ↦ vᵀ relu(W_L … relu(W_1 x)) with ‖v‖₂ = 1 and ∏‖W_i‖_F ≤ W (eq. 21).

* "max R̂" (Theorem 3) is read as the bound values: max R̂_B = c·max_i‖x_i‖ (eq. 23) and
  max R̂*_B = c·max_i(λ‖x_i‖ + (1-λ)‖x̄‖) (eq. 24, last line), c = 2^{L+½}W/√n; then
  J = max R̂_B − max R̂*_B = c(1-λ)(max_i‖x_i‖ − ‖x̄‖) exactly.
* For L = 1 the complexity itself is computable: R̂(H_{1,W}) = (W/n)E_σ max_{‖u‖=1}|Σσ_i relu(u·x_i)|
  (:func:`mixcheck.counterexample.single_neuron_rademacher`, exact for d ≤ 2); for L ≥ 2 it is at
  least that (a single neuron followed by 1×1 identity layers lies in H_{L,W}).
"""
