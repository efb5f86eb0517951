"""Moved to :mod:`mixcheck.engine.outcomes` (this path is the same module object, private names included)."""
import sys; import mixcheck.engine.outcomes; sys.modules[__name__] = sys.modules["mixcheck.engine.outcomes"]  # noqa: E702
