"""The ``mixcheck`` command line: ``info``."""

from __future__ import annotations

import json
import subprocess
import sys

from mixcheck.cli import main


def test_info_json(capsys):
    assert main(["info", "--json"]) == 0
    env = json.loads(capsys.readouterr().out)
    for key in ("python", "numpy", "scipy", "sympy", "hypothesis", "torch", "torchvision", "cuda_available"):
        assert key in env
    assert isinstance(env["cuda_available"], bool)


def test_info_console_script_runs():
    out = subprocess.run([sys.executable, "-m", "mixcheck", "info"], capture_output=True, text=True, check=True)
    assert "torchvision" in out.stdout and "cuda_available" in out.stdout


def test_torch_and_torchvision_are_a_matching_pair():
    """A CPU-only torch with a CUDA-built torchvision fails here ('torchvision::nms')."""
    import torch
    import torchvision  # noqa: F401

    assert hasattr(torch.ops.torchvision, "nms")
    boxes = torch.tensor([[0.0, 0.0, 1.0, 1.0], [0.0, 0.0, 1.0, 1.0]])
    assert torchvision.ops.nms(boxes, torch.tensor([1.0, 0.5]), 0.5).tolist() == [0]
