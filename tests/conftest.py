"""Shared fixtures: hypothesis profiles, the toy plug-in registry, paths."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    max_examples=60,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None, max_examples=100)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
TOY_PROJECT = FIXTURES / "valid" / "toy" / "project.yaml"


@pytest.fixture(scope="session")
def toy_registry():
    """A registry with only the toy plug-in from tests/support."""
    import toy_methodology

    from mrv.contract.plugins import load_plugins

    return load_plugins(discovered=[], extra=[("toy_methodology", toy_methodology)])


@pytest.fixture
def toy_project_dir(tmp_path):
    """A writable copy of the toy project."""
    import shutil

    target = tmp_path / "toy"
    shutil.copytree(TOY_PROJECT.parent, target)
    return target
