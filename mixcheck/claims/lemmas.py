"""Moved to :mod:`mixcheck.paper.sec3_rademacher`; kept until ``mixcheck.claims`` imports :mod:`mixcheck.paper`."""
from mixcheck.paper.sec3_rademacher import lemma1, lemma2, thm1  # noqa: F401
from mixcheck.paper.sec3_rademacher._common import sup_deviation  # noqa: F401
from mixcheck.paper.sec3_rademacher._common import threshold_patterns  # noqa: F401
from mixcheck.paper.sec3_rademacher._common import threshold_rademacher  # noqa: F401
