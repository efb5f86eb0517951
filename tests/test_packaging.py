"""What gets installed: one top-level package, ``mixcheck``.

The repository's ``proofs/`` and ``experiments/`` folders install as ``mixcheck.proofs`` and
``mixcheck.experiments`` (pyproject's ``package-dir``), so an install adds no top-level ``proofs``
or ``experiments`` that could collide with another distribution's.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAPPED = {"mixcheck.proofs": "proofs", "mixcheck.experiments": "experiments"}


def _setuptools_table() -> dict:
    tomllib = pytest.importorskip("tomllib", reason="tomllib is in the standard library from Python 3.11")
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def _packages_on_disk() -> set[str]:
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "mixcheck").rglob("__init__.py")}
    for name, folder in MAPPED.items():
        found |= {".".join((name, *p.parent.relative_to(ROOT / folder).parts))
                  for p in (ROOT / folder).rglob("__init__.py")}
    return {p for p in found if "__pycache__" not in p}


def test_every_package_folder_is_listed_and_nothing_else():
    table = _setuptools_table()
    assert set(table["packages"]) == _packages_on_disk()
    assert table["package-dir"] == MAPPED
    assert all(p == "mixcheck" or p.startswith("mixcheck.") for p in table["packages"])


def test_no_top_level_proofs_or_experiments_outside_the_checkout(tmp_path):
    """From a folder outside the checkout only the ``mixcheck.*`` names import."""
    code = ("import importlib.util as u, json; "
            "print(json.dumps([u.find_spec(m) is not None for m in "
            "('proofs', 'experiments', 'mixcheck.proofs', 'mixcheck.experiments')]))")
    r = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert r.stdout.strip() == "[false, false, true, true]", r.stdout + r.stderr
