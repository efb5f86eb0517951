"""The ``mixcheck`` command line: no arguments, ``info``, usage errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from mixcheck.cli import main


def _run(*args, **kw):
    return subprocess.run([sys.executable, "-m", "mixcheck", *args], capture_output=True, text=True, **kw)


def test_no_arguments_prints_a_short_usage_with_the_subcommands():
    out = _run()
    assert out.returncode == 2  # a usage error, as argparse has it for a missing required argument
    assert out.stdout == ""
    lines = out.stderr.splitlines()
    assert lines[0] == "usage: mixcheck COMMAND [options]"
    for cmd in ("report", "info", "sweep", "sweep-report"):
        assert any(line.split()[:1] == [cmd] for line in lines), out.stderr
    assert len(lines) < 20 and "``" not in out.stderr and ":mod:" not in out.stderr


def test_help_exits_0_and_an_unknown_command_is_one_line():
    assert _run("--help").returncode == 0
    out = _run("bogus")
    assert out.returncode == 2 and out.stderr.count("\n") == 1 and "bogus" in out.stderr
    assert "Traceback" not in out.stderr


def test_info_json(capsys):
    assert main(["info", "--json"]) == 0
    env = json.loads(capsys.readouterr().out)
    for key in ("python", "numpy", "scipy", "sympy", "hypothesis", "torch", "torchvision", "matplotlib", "git_commit"):
        assert key in env
    assert env["cuda_available"] is None  # not probed without --cuda


def test_info_versions_match_the_imported_packages():
    import numpy
    import scipy

    from mixcheck.info import package_versions

    versions = package_versions(("numpy", "scipy", "no-such-distribution-xyz"))
    assert versions == {"numpy": numpy.__version__, "scipy": scipy.__version__,
                        "no-such-distribution-xyz": "not installed"}


def test_info_imports_no_heavy_library():
    """`mixcheck info` reads metadata; importing torch, SymPy or matplotlib costs seconds."""
    code = ("import sys; from mixcheck.cli import main; main(['info']); "
            "print(sorted(m for m in ('torch', 'sympy', 'matplotlib', 'scipy', 'numpy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stdout
    assert "torchvision" in out.stdout and "cuda_available" in out.stdout


@pytest.mark.integration
def test_info_cuda_probe():
    out = _run("info", "--json", "--cuda", check=True)
    env = json.loads(out.stdout)
    assert isinstance(env["cuda_available"], bool)


@pytest.mark.parametrize("args", [["info", "--bogus"], ["report"], ["report", "--out"], ["report", "--format", "pdf", "--out", "x"]])
def test_usage_errors_are_one_line_exit_2(args, tmp_path):
    out = _run(*args, cwd=tmp_path)
    assert out.returncode == 2, out
    assert out.stderr.count("\n") == 1 and "error:" in out.stderr and "Traceback" not in out.stderr
    assert list(tmp_path.iterdir()) == []


def test_torch_and_torchvision_are_a_matching_pair():
    """A CPU-only torch with a CUDA-built torchvision fails here ('torchvision::nms')."""
    import torch
    import torchvision  # noqa: F401

    assert hasattr(torch.ops.torchvision, "nms")
    boxes = torch.tensor([[0.0, 0.0, 1.0, 1.0], [0.0, 0.0, 1.0, 1.0]])
    assert torchvision.ops.nms(boxes, torch.tensor([1.0, 0.5]), 0.5).tolist() == [0]
