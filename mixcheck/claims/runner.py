"""Moved to :mod:`mixcheck.engine.runner` (this path is the same module object, private names included)."""
import sys; import mixcheck.engine.runner; sys.modules[__name__] = sys.modules["mixcheck.engine.runner"]  # noqa: E702
