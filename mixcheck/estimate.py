"""A value with its confidence interval, in the style of scipy.stats result objects."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

__all__ = ["Estimate"]


@dataclass(frozen=True)
class Estimate:
    """An estimated quantity: ``value`` with a ``level`` confidence interval [low, high].

    ``method`` is ``"exact"`` (then ``stderr`` is 0, ``low == high == value`` and ``draws`` is
    the number of terms enumerated) or ``"monte-carlo"`` (``draws`` random draws). ``interval``
    names the construction of [low, high] (e.g. ``"hoeffding"``, ``"empirical-bernstein"``,
    ``"exact"``).
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
        if not (self.low <= self.value <= self.high):
            raise ValueError(f"Estimate needs low ≤ value ≤ high, got {self.low}, {self.value}, {self.high}")
        if not (0.0 < self.level <= 1.0):
            raise ValueError(f"level must lie in (0, 1], got {self.level}")

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
