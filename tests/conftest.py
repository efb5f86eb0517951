"""Shared test set-up: the Hypothesis profile (``$MIXCHECK_PROFILE``, default ``ci``)."""

from __future__ import annotations

import pytest

from mixcheck.profiles import load_profile

PROFILE = load_profile()


def pytest_report_header(config):
    return f"mixcheck profile: {PROFILE.name} (set MIXCHECK_PROFILE=ci|dev|thorough)"


def pytest_collection_modifyitems(config, items):
    """Tests marked ``gpu`` skip with a reason where CUDA is absent."""
    gpu_items = [it for it in items if "gpu" in it.keywords]
    if not gpu_items:
        return
    import torch

    if not torch.cuda.is_available():
        skip = pytest.mark.skip(reason="needs a CUDA device (torch.cuda.is_available() is False)")
        for it in gpu_items:
            it.add_marker(skip)


@pytest.fixture(scope="module")
def one_torch_thread():
    """Torch on one intra-op thread for the module: tiny models gain nothing from threads, on a
    busy 2-core CPU two threads can be many times slower, and one thread makes CPU results
    bit-reproducible. Use with ``pytestmark = pytest.mark.usefixtures("one_torch_thread")``."""
    import torch

    n = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(n)
