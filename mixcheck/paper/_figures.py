"""A claim computes the numbers of the report figure that illustrates it.

``@with_figure(compute)`` under ``@claim(...)`` puts ``compute(profile_name, seed)`` into every
outcome's evidence as ``figure_data``; ``mixcheck.report.figures*`` only draw from it. The
figure's random numbers come from :func:`figure_seed` (the report's seed and the figure's
name), apart from the claim's own search and Monte-Carlo streams, so the verdict does not
depend on the figure and the figure does not depend on the claim's budget. Budgets follow the
profile (:func:`budget`).
"""

from __future__ import annotations

import zlib

from mixcheck.engine.outcomes import with_evidence


def figure_seed(seed: int, name: str) -> int:
    """A figure's seed from the report's seed and the figure's name (stable across runs)."""
    return (int(seed) * 1_000_003 + zlib.crc32(name.encode())) % (2**32)


def budget(table: dict, profile: str, default: int) -> int:
    """The figure budget for ``profile`` (``default`` for a profile the table does not name)."""
    return int(table.get(profile, default))


def with_figure(compute):
    """Decorator for a check: its outcomes carry ``figure_data = compute(profile name, seed)``."""
    if not callable(compute):
        raise TypeError(f"with_figure: compute must be a callable (profile, seed) -> dict, got {compute!r}")

    return with_evidence(lambda ctx: {"figure_data": compute(ctx.profile.name, ctx.seed)}, keep_existing=False)


def t_interval(values, level: float = 0.95) -> tuple[float, float, float]:
    """Mean and Student-t interval of the mean over independent samples
    (``scipy.stats.t.interval``); the mean three times for fewer than two samples."""
    import numpy as np
    from scipy import stats

    v = np.asarray(values, dtype=float)
    m = float(v.mean())
    if v.size < 2:
        return m, m, m
    sem = float(stats.sem(v))
    if sem == 0.0:
        return m, m, m
    low, high = stats.t.interval(level, v.size - 1, loc=m, scale=sem)
    return m, float(low), float(high)


def trend_point(per: list[dict], bounds: tuple[str, ...], **where) -> dict:
    """One point of a trend figure (Fig. 1, Fig. 2) from its samples ``per`` (dicts with a
    ``reduction`` and the ``bounds`` keys): ``where`` (the point's coordinates), the number of
    samples, the mean reduction with its 95% t-interval and each bound's mean.

    >>> trend_point([{"reduction": 1.0, "b": 2.0}, {"reduction": 3.0, "b": 4.0}], ("b",), n=4)["b"]
    3.0
    """
    import numpy as np

    red, lo, hi = t_interval([p["reduction"] for p in per])
    return {**where, "samples": len(per), "reduction": red, "low": lo, "high": hi,
            **{b: float(np.mean([p[b] for p in per])) for b in bounds}}


def clt_interval(values, level: float = 0.99) -> dict:
    """``{"estimate", "low", "high"}``: the mean of ``values`` with its normal (CLT) interval
    (``scipy.stats.norm.interval``, standard error with ddof = 1)."""
    import math

    import numpy as np
    from scipy import stats

    v = np.asarray(values, dtype=float)
    m = float(v.mean())
    se = float(v.std(ddof=1) / math.sqrt(v.size))
    low, high = stats.norm.interval(level, loc=m, scale=se) if se > 0 else (m, m)
    return {"estimate": m, "low": float(low), "high": float(high)}
