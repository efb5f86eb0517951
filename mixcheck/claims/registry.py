"""Moved to :mod:`mixcheck.engine.registry` (this path is the same module object, private names included)."""
import sys; import mixcheck.engine.registry; sys.modules[__name__] = sys.modules["mixcheck.engine.registry"]  # noqa: E702
