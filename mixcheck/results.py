"""Where recorded α-sweep results are read from (Table 1 / Fig. 3 claims, the report).

The results root holds one sweep store per folder (``<root>/<name>/sweep.json``, written by
``mixcheck sweep --out``). It is, first found:

1. the ``results`` argument (``mixcheck report --results DIR``);
2. the environment variable ``MIXCHECK_RESULTS``;
3. ``experiments/results`` of the checkout holding the working directory (the working
   directory or its nearest parent with such a folder, not above the checkout's top).

Never a folder inside the installed package: a regular install has no results of its own.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["ENV_VAR", "results_root"]

ENV_VAR = "MIXCHECK_RESULTS"


def results_root(results: str | os.PathLike | None = None) -> Path | None:
    """The results root (see the module docstring), or None where there is none.

    >>> results_root("/tmp").as_posix()
    '/tmp'
    """
    if results is not None:
        if not isinstance(results, (str, os.PathLike)) or str(results) == "":
            raise TypeError(f"results must be a path, got {results!r}")
        path = Path(results).expanduser()
        if path.exists() and not path.is_dir():
            raise ValueError(f"results {str(path)!r} is not a folder")
        return path
    env = os.environ.get(ENV_VAR)
    if env:
        return results_root(env)
    here = Path.cwd()
    for d in (here, *here.parents):
        cand = d / "experiments" / "results"
        if cand.is_dir():
            return cand
        if (d / ".git").exists():
            break
    return None
