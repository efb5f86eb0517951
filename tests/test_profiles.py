"""Search-effort profiles (mixcheck.profiles)."""

from __future__ import annotations

import pytest
from hypothesis import settings

from mixcheck import profiles


def test_profiles_registered_and_ci_is_deterministic():
    profiles.register_hypothesis_profiles()
    ci = settings.get_profile("ci")
    assert ci.derandomize and ci.deadline is None and ci.database is None
    assert settings.get_profile("thorough").max_examples > settings.get_profile("dev").max_examples


def test_active_profile_from_environment(monkeypatch):
    monkeypatch.setenv(profiles.ENV_VAR, "thorough")
    assert profiles.active_profile().name == "thorough"
    monkeypatch.delenv(profiles.ENV_VAR)
    assert profiles.active_profile().name == "ci"
    with pytest.raises(ValueError, match="MIXCHECK_PROFILE"):
        profiles.active_profile("fast")
