"""Moved to :mod:`mixcheck.paper.sec5_network`; kept until ``mixcheck.claims`` imports :mod:`mixcheck.paper`."""
from mixcheck.paper.sec5_network import eq23, eq24, fig2, thm3  # noqa: F401
from mixcheck.paper.sec1_intro import network  # noqa: F401
