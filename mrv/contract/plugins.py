"""Discover plug-ins through entry points, one at a time, so a broken one harms nobody else."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib.metadata import EntryPoint, entry_points
from typing import Any, TypeVar

import pluggy

from mrv.contract import hookspecs
from mrv.contract.methodology import Methodology, ParameterProfile

__all__ = ["BrokenPlugin", "PluginRegistry", "load_plugins"]

DEFAULT_PROFILE = "default"
T = TypeVar("T")


@dataclass(frozen=True)
class BrokenPlugin:
    """A plug-in that could not be used, and why."""

    name: str
    distribution: str
    error: str


@dataclass
class PluginRegistry:
    """Installed methodologies, the plug-ins that provide them, and the broken ones."""

    manager: pluggy.PluginManager
    methodologies: dict[str, Methodology] = field(default_factory=dict)
    providers: dict[str, str] = field(default_factory=dict)
    broken: list[BrokenPlugin] = field(default_factory=list)

    def get(self, methodology_id: str) -> Methodology:
        """Return an installed methodology.

        Raises
        ------
        KeyError
            Naming the installed ones.
        """
        try:
            return self.methodologies[methodology_id]
        except KeyError:
            known = ", ".join(sorted(self.methodologies)) or "none"
            broken = "; ".join(f"{plugin.name}: {plugin.error}" for plugin in self.broken)
            hint = f" (broken plug-ins, see `mrv methodologies`: {broken})" if broken else ""
            raise KeyError(
                f"unknown methodology {methodology_id!r}; installed: {known}{hint}"
            ) from None

    def profiles(self, methodology: Methodology) -> dict[str, ParameterProfile]:
        """Return the profiles of a methodology: ``default``, its own, and other plug-ins' offers.

        A plug-in whose ``mrv_parameter_profiles`` raises is recorded as broken and skipped.
        """
        found = {
            DEFAULT_PROFILE: ParameterProfile(
                methodology.id, DEFAULT_PROFILE, "the methodology's default parameters"
            )
        }
        for profile in methodology.profiles:
            found[profile.name] = profile
        for implementation in self.manager.hook.mrv_parameter_profiles.get_hookimpls():
            try:
                offered = _records(
                    implementation.function(methodology_id=methodology.id), ParameterProfile
                )
            except Exception as error:
                self._mark_broken(implementation.plugin_name, error)
                continue
            for profile in offered:
                if profile.methodology_id == methodology.id:
                    found.setdefault(profile.name, profile)
        return found

    def _mark_broken(self, name: str, error: BaseException) -> None:
        entry = BrokenPlugin(name, self._distribution(name), f"{type(error).__name__}: {error}")
        if entry not in self.broken:
            self.broken.append(entry)

    def _distribution(self, name: str) -> str:
        plugin = self.manager.get_plugin(name)
        for dist_plugin, dist in self.manager.list_plugin_distinfo():
            if dist_plugin is plugin:
                return f"{dist.project_name} {dist.version}"
        return ""


def _records(produced: Any, kind: type[T]) -> list[T]:
    """Collect what a hook yielded, refusing anything that is not a ``kind`` record."""
    records = list(produced)
    for record in records:
        if not isinstance(record, kind):
            raise TypeError(f"yielded {type(record).__name__}, not {kind.__name__}")
    return records


def _distribution_of(entry_point: EntryPoint) -> str:
    dist = getattr(entry_point, "dist", None)
    return f"{dist.name} {dist.version}" if dist is not None else ""


def load_plugins(
    discovered: Iterable[EntryPoint] | None = None,
    extra: Iterable[tuple[str, Any]] = (),
) -> PluginRegistry:
    """Load plug-ins and collect their methodologies.

    Parameters
    ----------
    discovered : iterable of EntryPoint or None
        Entry points to load; the ``mrv`` group of the installed distributions when None.
    extra : iterable of (name, plugin)
        Plug-in objects registered directly (for tests and embedding applications).

    Returns
    -------
    PluginRegistry
        Every methodology that loaded, and every plug-in that failed with its error.
    """
    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    registry = PluginRegistry(manager)
    points = list(entry_points(group=hookspecs.PROJECT)) if discovered is None else list(discovered)
    if discovered is None:
        points.extend(_environment_plugins())
    candidates: list[tuple[str, Any, str]] = []
    for point in sorted(points, key=lambda point: point.name):
        try:
            plugin = point.load()
        except Exception as error:
            registry.broken.append(
                BrokenPlugin(
                    point.name, _distribution_of(point), f"{type(error).__name__}: {error}"
                )
            )
            continue
        candidates.append((point.name, plugin, _distribution_of(point)))
    candidates.extend((name, plugin, "") for name, plugin in extra)
    for name, plugin, distribution in candidates:
        try:
            manager.register(plugin, name=name)
            _check_hooks(manager, name)
        except Exception as error:
            if manager.is_registered(plugin):
                manager.unregister(plugin)
            registry.broken.append(
                BrokenPlugin(name, distribution, f"{type(error).__name__}: {error}")
            )
    for implementation in manager.hook.mrv_methodologies.get_hookimpls():
        name = implementation.plugin_name
        try:
            records = _records(implementation.function(), Methodology)
        except Exception as error:
            registry.broken.append(
                BrokenPlugin(name, _dist_name(candidates, name), f"{type(error).__name__}: {error}")
            )
            continue
        for record in records:
            if record.id in registry.methodologies:
                registry.broken.append(
                    BrokenPlugin(
                        name,
                        _dist_name(candidates, name),
                        f"methodology {record.id!r} is already provided by {registry.providers[record.id]!r}",
                    )
                )
                continue
            registry.methodologies[record.id] = record
            registry.providers[record.id] = name
    return registry


#: Environment variable naming extra plug-in modules, comma-separated (``pkg.plugin,other``):
#: a plug-in under development is used without being installed.
PLUGINS_VARIABLE = "MRV_PLUGINS"


def _environment_plugins() -> list[EntryPoint]:
    names = [
        name.strip() for name in os.environ.get(PLUGINS_VARIABLE, "").split(",") if name.strip()
    ]
    return [EntryPoint(name=name, value=name, group=hookspecs.PROJECT) for name in names]


def _dist_name(candidates: list[tuple[str, Any, str]], name: str) -> str:
    return next(
        (distribution for candidate, _, distribution in candidates if candidate == name), ""
    )


def _check_hooks(manager: pluggy.PluginManager, name: str) -> None:
    """Refuse a plug-in with ``mrv_*`` hook implementations that match no specification."""
    plugin = manager.get_plugin(name)
    for attribute in dir(plugin):
        if not attribute.startswith("mrv_"):
            continue
        caller = getattr(manager.hook, attribute, None)
        if caller is None or not caller.has_spec():
            raise pluggy.PluginValidationError(
                plugin,
                f"unknown hook {attribute!r}; known: mrv_methodologies, mrv_parameter_profiles",
            )
