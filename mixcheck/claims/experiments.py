"""Moved to :mod:`mixcheck.paper.sec6_experiments`; kept until ``mixcheck.claims`` imports :mod:`mixcheck.paper`."""
from mixcheck.paper.sec6_experiments import fig3, table1  # noqa: F401
from mixcheck.paper.sec6_experiments._common import CPU_PROTOCOL  # noqa: F401
