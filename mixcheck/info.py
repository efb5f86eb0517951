"""The environment a result was computed in (versions, git commit, CUDA), for ``mixcheck info``
and the reports.

Versions come from the installed packages' metadata (:mod:`importlib.metadata`), so nothing
heavy is imported; only ``probe_cuda=True`` imports torch to ask whether CUDA is usable.
"""

from __future__ import annotations

import platform
import subprocess
from importlib import metadata
from pathlib import Path

__all__ = ["environment", "git_commit", "package_versions", "nvidia_driver"]

_PACKAGES = ("numpy", "scipy", "sympy", "hypothesis", "torch", "torchvision", "matplotlib")


def git_commit(path: str | Path | None = None) -> str | None:
    """The git commit of the checkout holding ``path`` (this package by default), or None."""
    where = Path(path) if path else Path(__file__).resolve().parent
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=where, capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None


def package_versions(names=_PACKAGES) -> dict:
    """``{name: version}`` from the installed distributions' metadata; ``"not installed"`` where
    a distribution is missing."""
    out = {}
    for name in names:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def nvidia_driver() -> str | None:
    """The loaded NVIDIA kernel driver's version line (``/proc/driver/nvidia/version``), or None."""
    try:
        first = Path("/proc/driver/nvidia/version").read_text(errors="replace").splitlines()[0]
    except (OSError, IndexError):
        return None
    return " ".join(first.split()) or None


def _probe_cuda() -> tuple[bool, str | None]:
    try:
        import torch

        ok = bool(torch.cuda.is_available())
        return ok, torch.cuda.get_device_name(0) if ok else None
    except Exception:  # noqa: BLE001 — report, never crash, on a broken install
        return False, None


def environment(probe_cuda: bool = True) -> dict:
    """Python and package versions, platform, NVIDIA driver, git commit; with ``probe_cuda``
    also ``torch.cuda.is_available()`` and the device name (imports torch), else those are None."""
    from . import __version__

    info: dict = {"python": platform.python_version(), "platform": platform.platform(), "mixcheck": __version__}
    info.update(package_versions())
    info["nvidia_driver"] = nvidia_driver()
    info["cuda_available"], info["cuda_device"] = _probe_cuda() if probe_cuda else (None, None)
    info["git_commit"] = git_commit()
    return info
