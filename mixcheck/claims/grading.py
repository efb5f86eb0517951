"""Moved to :mod:`mixcheck.engine.grading` (this path is the same module object, private names included)."""
import sys; import mixcheck.engine.grading; sys.modules[__name__] = sys.modules["mixcheck.engine.grading"]  # noqa: E702
