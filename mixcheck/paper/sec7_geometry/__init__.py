"""Section 7 — geometry: eqs. (30)-(33), Theorem 4.

intro bullet 5.

Readings of ψ_λ (the paper defines it only through eq. 34, p(x̃; θ) = exp{θ·x̃ + k(x̃) − ψ_λ(θ)}):

(a) ∇ψ_λ := E[x̃] and ∇∇ψ_λ := Var(x̃), by analogy with eq. (30)-(31) — what the proof computes;
(b) eq. (34) literally, with the same θ and the same k: then ψ_λ = ψ (a renamed integration variable);
(c) the law of x̃ = λx + c (c fixed) as an exponential family in its own natural parameter η = θ/λ:
    ψ_λ(η) = ψ(λη) + cη, so ∂²ψ_λ/∂η² = λ²ψ''(θ).

Mixing: the surrogate x̃ = λx + (1-λ)E[x] of the proof (eq. 32-33), or real mixup x̃ = λx + (1-λ)x' with x' an
independent copy; λ fixed or λ ~ Beta(α, α) independent of x.
"""
