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


class ClaimRuns:
    """Each (claim id, profile, seed) checked at most once per test session, its result shared
    by the tests that read it (the per-claim test, the domain and determinism tests).

    Sound because a verdict and its evidence depend only on (profile, seed, claim id) — which
    ``test_determinism`` checks in fresh processes, outside this cache."""

    def __init__(self) -> None:
        self._done: dict = {}

    def result(self, c, *, profile=None, seed: int = 0):
        from mixcheck.engine.runner import run_claim
        from mixcheck.profiles import active_profile

        name = active_profile(profile).name
        key = (c.id, name, int(seed))
        if key not in self._done:
            self._done[key] = run_claim(c, profile=name, seed=seed)
        return self._done[key]

    def as_dict(self, c, *, profile=None, seed: int = 0) -> dict:
        """A fresh JSON copy of the result's dict (safe to change)."""
        import json

        return json.loads(json.dumps(self.result(c, profile=profile, seed=seed).to_dict()))


_CLAIM_RUNS = ClaimRuns()


@pytest.fixture(scope="session")
def claim_runs() -> ClaimRuns:
    """The session's :class:`ClaimRuns`."""
    return _CLAIM_RUNS
