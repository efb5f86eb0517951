"""Moved to :mod:`mixcheck.paper.sec7_geometry`; kept until ``mixcheck.claims`` imports :mod:`mixcheck.paper`."""
from mixcheck.paper.sec7_geometry import eq30, eq31, eq32, eq33, thm4  # noqa: F401
from mixcheck.paper.sec1_intro import geometry  # noqa: F401
