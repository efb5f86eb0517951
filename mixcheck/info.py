"""The environment a result was computed in (versions, CUDA), for ``mixcheck info`` and reports."""

from __future__ import annotations

import importlib
import platform
import subprocess
from pathlib import Path

__all__ = ["environment", "git_commit"]

_PACKAGES = ("numpy", "scipy", "sympy", "hypothesis", "torch", "torchvision", "matplotlib")


def git_commit(path: str | Path | None = None) -> str | None:
    """The git commit of the checkout holding ``path`` (this package by default), or None."""
    where = Path(path) if path else Path(__file__).resolve().parent
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=where, capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None


def environment() -> dict:
    """Python and package versions, platform, CUDA availability and device name."""
    info: dict = {"python": platform.python_version(), "platform": platform.platform()}
    from . import __version__

    info["mixcheck"] = __version__
    for name in _PACKAGES:
        try:
            info[name] = importlib.import_module(name).__version__
        except Exception as exc:  # noqa: BLE001 — report, never crash, on a broken install
            info[name] = f"unavailable ({type(exc).__name__}: {exc})"
    try:
        import torch

        info["cuda_available"] = bool(torch.cuda.is_available())
        info["cuda_device"] = torch.cuda.get_device_name(0) if info["cuda_available"] else None
    except Exception:  # noqa: BLE001
        info["cuda_available"], info["cuda_device"] = False, None
    info["git_commit"] = git_commit()
    return info
