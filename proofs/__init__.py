"""SymPy derivations of the closed forms the paper relies on; run ``python -m proofs``."""
