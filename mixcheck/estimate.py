"""A value with its confidence interval, in the style of scipy.stats result objects."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

from .validation import check_positive_int, check_real

__all__ = ["Estimate"]


@dataclass(frozen=True)
class Estimate:
    """An estimated quantity: ``value`` with a ``level`` confidence interval [low, high].

    ``method`` is ``"exact"`` (then ``stderr`` is 0, ``low == high == value`` and ``draws`` is
    the number of terms enumerated) or ``"monte-carlo"`` (``draws`` random draws). ``interval``
    names the construction of [low, high] (e.g. ``"hoeffding"``, ``"empirical-bernstein"``,
    ``"exact"``).

    Checked on construction: every number real and finite, ``stderr ≥ 0``,
    ``low ≤ value ≤ high``, ``draws`` an integer ≥ 1, ``method`` one of the two names,
    ``interval`` a non-empty string; ``level`` is 1 for ``"exact"`` and in (0, 1) for
    ``"monte-carlo"``.
    """

    value: float
    stderr: float
    low: float
    high: float
    level: float
    draws: int
    method: Literal["exact", "monte-carlo"]
    interval: str = "exact"

    def __post_init__(self) -> None:
        for name in ("value", "stderr", "low", "high", "level"):
            check_real(getattr(self, name), name)
        check_positive_int(self.draws, "draws", minimum=1)
        if self.method not in ("exact", "monte-carlo"):
            raise ValueError(f"method must be 'exact' or 'monte-carlo', got {self.method!r:.60}")
        if not isinstance(self.interval, str) or not self.interval:
            raise TypeError(f"interval must be a non-empty string naming the construction, got {self.interval!r:.60}")
        if self.stderr < 0:
            raise ValueError(f"stderr must be ≥ 0, got {self.stderr}")
        if not (self.low <= self.value <= self.high):
            raise ValueError(f"Estimate needs low ≤ value ≤ high, got {self.low}, {self.value}, {self.high}")
        if self.method == "exact":
            if self.level != 1.0 or self.stderr != 0.0 or not (self.low == self.value == self.high):
                raise ValueError("an exact Estimate needs level = 1, stderr = 0 and low = value = high, got "
                                 f"level={self.level}, stderr={self.stderr}, [{self.low}, {self.high}] for {self.value}")
        elif not (0.0 < self.level < 1.0):
            raise ValueError(f"level must lie in (0, 1) for a Monte-Carlo estimate, got {self.level}")

    @property
    def confidence_interval(self) -> tuple[float, float]:
        return (self.low, self.high)

    @property
    def half_width(self) -> float:
        return (self.high - self.low) / 2

    def covers(self, x: float) -> bool:
        return self.low <= x <= self.high

    def to_dict(self) -> dict:
        return asdict(self)
