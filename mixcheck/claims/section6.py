"""Moved to :mod:`mixcheck.paper.sec6_lambda`; kept until ``mixcheck.claims`` imports :mod:`mixcheck.paper`."""
from mixcheck.paper.sec6_lambda import beta_moments, optimal_lambda, small_alpha  # noqa: F401
from mixcheck.paper.sec1_intro import bias_variance_endpoints, bias_variance_optimal  # noqa: F401
