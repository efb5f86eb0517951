"""Moved to :mod:`mixcheck.exact` (this path is the same module object, private names included)."""
import sys; import mixcheck.exact; sys.modules[__name__] = sys.modules["mixcheck.exact"]  # noqa: E702
