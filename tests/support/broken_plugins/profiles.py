"""A third-party plug-in that adds a profile to someone else's methodology, and one that raises."""

from pathlib import Path

import mrv


class Adds:
    @mrv.hookimpl
    def mrv_parameter_profiles(self, methodology_id):
        if methodology_id == "toy-stock":
            yield mrv.ParameterProfile(
                methodology_id, "province", "provincial values", Path(__file__).parent / "province"
            )


class Raises:
    @mrv.hookimpl
    def mrv_parameter_profiles(self, methodology_id):
        raise ValueError("profile folder missing")
