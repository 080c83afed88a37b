"""pytest plug-in of mrv (entry point ``pytest11``): fixtures for plug-in authors' tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest


@pytest.fixture
def mrv_conformance() -> Callable[..., Any]:
    """Return :func:`mrv.testing.check_methodology`, the conformance kit."""
    from mrv.testing.conformance import check_methodology  # noqa: PLC0415 - keep pytest start-up light

    return check_methodology
