"""Moved to :mod:`mixcheck.paper.sec4_linear`; kept until ``mixcheck.claims`` imports :mod:`mixcheck.paper`."""
from mixcheck.paper.sec4_linear import eq18, eq19, eq20, fig1, thm2  # noqa: F401
from mixcheck.paper.sec1_intro import linear  # noqa: F401
