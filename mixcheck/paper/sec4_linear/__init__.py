"""Section 4 — linear classifiers: eqs. (18)-(20), Theorem 2, Fig. 1.

Throughout, ``H_ℓ = {x ↦ w·x : ‖w‖₂ ≤ Λ}`` (eq. 16) and ``R̂(X) = (Λ/n)E_σ‖Σσ_i x_i‖₂``
(the sup of ``w·v`` over the Λ-ball is ``Λ‖v‖₂`` by Cauchy-Schwarz, attained at
``w = Λv/‖v‖``). Mixed samples:

* surrogate (the proofs' reading of ``x̃_i = E_{x_j}[λx_i + (1-λ)x_j]``, E over the sample):
  ``x̃_i = λx_i + (1-λ)x̄``;
* real mixup: ``λx_i + (1-λ)x_{π(i)}`` with π a uniformly random permutation of the sample
  (the reference implementation), ``R̂*`` = the expectation over π of ``R̂`` of the mixed sample.
"""
