"""Helpers that several statements of Section 6 share (beta_moments, optimal_lambda, small_alpha, and the introduction).
"""

from __future__ import annotations


REF6 = "Section 6"


FALSE_ALARM = 1e-3
