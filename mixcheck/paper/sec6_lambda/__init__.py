"""Section 6 — the choice of λ and α.

Closed forms come from the SymPy derivations of ``proofs/`` (:mod:`mixcheck.proofs.beta_moments`,
:mod:`mixcheck.proofs.mixup_variance`); complexities from :mod:`mixcheck.counterexample` (exact) and
:mod:`mixcheck.rademacher`.
"""
