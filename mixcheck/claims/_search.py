"""Moved to :mod:`mixcheck.engine.search` (this path is the same module object, private names included)."""
import sys; import mixcheck.engine.search; sys.modules[__name__] = sys.modules["mixcheck.engine.search"]  # noqa: E702
