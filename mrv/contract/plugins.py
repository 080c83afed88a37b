"""Discover plug-ins through entry points, load only what a command needs, and harm nobody.

Entry points are listed without importing them. Asking for a methodology imports the entry
point named after it (and the ``MRV_PLUGINS`` modules); only when no entry point bears its name,
or when every methodology is wanted (``mrv methodologies``), are all plug-ins imported. Each
import and hook runs guarded (:mod:`mrv.contract.guard`): an exception, ``SystemExit``, a hang
beyond the time bound, or a record of the wrong type marks that plug-in broken, by name, and
the others go on.

Who provides an id: the entry point named after a methodology id owns it; another plug-in that
registers that id is refused. Two plug-ins claiming an id no entry point is named after are
both refused, with one line naming both, unless the user chooses one
(``MRV_CHOOSE=id=distribution``). A module named in ``MRV_PLUGINS`` (a plug-in under
development) is an explicit choice too and is used instead of an installed copy, with a notice.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

import pluggy

from mrv.contract import hookspecs
from mrv.contract.guard import PluginFault, hook_timeout, plugin_call
from mrv.contract.methodology import Methodology, ParameterProfile
from mrv.contract.rules import UncertaintyRule

__all__ = [
    "BUILT_IN_RULE_IDS",
    "CHOOSE_VARIABLE",
    "PLUGINS_VARIABLE",
    "BrokenPlugin",
    "PluginOrigin",
    "PluginRegistry",
    "load_plugins",
]

DEFAULT_PROFILE = "default"
T = TypeVar("T")

#: Environment variable naming extra plug-in modules, comma-separated (``pkg.plugin,other``):
#: a plug-in under development is used without being installed.
PLUGINS_VARIABLE = "MRV_PLUGINS"
#: Environment variable choosing the provider of a contested id: ``id=distribution,...``.
CHOOSE_VARIABLE = "MRV_CHOOSE"
#: Rule ids the core ships (:mod:`mrv.engine.rules`); a plug-in may not take one over.
BUILT_IN_RULE_IDS = frozenset({"none", "cdm-ar-tool14-appendix2", "vm0042", "vm0033"})

_FROM_ENVIRONMENT = "MRV_PLUGINS"
_COMPILED = {".pyc", ".pyo"}


@dataclass(frozen=True)
class BrokenPlugin:
    """A plug-in that could not be used, and why."""

    name: str
    distribution: str
    error: str


@dataclass(frozen=True)
class PluginOrigin:
    """Where a methodology's code came from, as a report records it.

    ``distribution`` is the installed distribution and version (``mrv 0.4.0``), or the
    plug-in's module for one that is not installed (``my_plugin (not installed)``, from
    ``MRV_PLUGINS`` or registered directly); ``code_sha256`` digests the files of
    the plug-in's package (code and data), so a verifier sees whether the same code computed.
    """

    distribution: str
    code_sha256: str


@dataclass
class _Candidate:
    name: str
    distribution: str
    load: Callable[[], Any]
    source: str  # "entry point", MRV_PLUGINS or "registered directly"
    loaded: bool = False


class PluginRegistry:
    """Installed methodologies, the plug-ins that provide them, and the broken ones."""

    def __init__(self, manager: pluggy.PluginManager, candidates: list[_Candidate]) -> None:
        self.manager = manager
        self._candidates = candidates
        self._methodologies: dict[str, Methodology] = {}
        self._broken: list[BrokenPlugin] = []
        self._rules: dict[str, UncertaintyRule] = {}
        self._claims: dict[str, list[_Candidate]] = {}
        self._plugins: dict[str, Any] = {}
        self.providers: dict[str, str] = {}
        self.notices: list[str] = []
        self._owners = {c.name: c for c in candidates if c.source == "entry point"}
        self._chosen = _choices()

    # --- what is installed -----------------------------------------------------------------

    @property
    def methodologies(self) -> dict[str, Methodology]:
        """Every methodology that loaded (imports every plug-in)."""
        self.load_all()
        return self._methodologies

    @property
    def broken(self) -> list[BrokenPlugin]:
        """Every plug-in that could not be used (imports every plug-in)."""
        self.load_all()
        return self._broken

    @property
    def rules(self) -> dict[str, UncertaintyRule]:
        """Uncertainty rules plug-ins registered (imports every plug-in)."""
        self.load_all()
        return self._rules

    def names(self) -> list[str]:
        """Names of the discovered plug-ins, without importing any."""
        return [candidate.name for candidate in self._candidates]

    def get(self, methodology_id: str) -> Methodology:
        """Return an installed methodology, importing only what it takes to find it.

        Raises
        ------
        KeyError
            Naming the installed ones and the broken plug-ins.
        """
        if methodology_id not in self._methodologies:
            self._load_for(methodology_id)
        if methodology_id not in self._methodologies:
            self.load_all()
        try:
            return self._methodologies[methodology_id]
        except KeyError:
            known = ", ".join(sorted(self._methodologies)) or "none"
            broken = "; ".join(f"{plugin.name}: {plugin.error}" for plugin in self._broken)
            hint = f" (broken plug-ins, see `mrv methodologies`: {broken})" if broken else ""
            raise KeyError(
                f"unknown methodology {methodology_id!r}; installed: {known}{hint}"
            ) from None

    def rule(self, rule_id: str) -> UncertaintyRule | None:
        """Return a rule a plug-in registered, or None (importing every plug-in if needed)."""
        if rule_id not in self._rules:
            self.load_all()
        return self._rules.get(rule_id)

    def origin(self, methodology_id: str) -> PluginOrigin:
        """Return the distribution and the code digest of the plug-in that provides an id."""
        name = self.providers[methodology_id]
        candidate = self._candidate(name)
        plugin = self._plugins[name]
        distribution = candidate.distribution or f"{_module_of(plugin).__name__} (not installed)"
        return PluginOrigin(distribution, code_digest(self._plugins[name]))

    def profiles(self, methodology: Methodology) -> dict[str, ParameterProfile]:
        """Return the profiles of a methodology: ``default``, its own, and loaded plug-ins' offers.

        A plug-in whose ``mrv_parameter_profiles`` raises or hangs is recorded as broken.
        """
        found = {
            DEFAULT_PROFILE: ParameterProfile(
                methodology.id, DEFAULT_PROFILE, "the methodology's default parameters"
            )
        }
        for profile in methodology.profiles:
            found[profile.name] = profile
        for implementation in self.manager.hook.mrv_parameter_profiles.get_hookimpls():
            name, function = implementation.plugin_name, implementation.function
            try:
                offered = plugin_call(
                    functools.partial(
                        _called_records, function, ParameterProfile, methodology_id=methodology.id
                    ),
                    "mrv_parameter_profiles hook",
                    timeout=hook_timeout(),
                )
            except PluginFault as fault:
                self._mark_broken(name, str(fault))
                continue
            for profile in offered:
                if profile.methodology_id == methodology.id:
                    found.setdefault(profile.name, profile)
        return found

    # --- loading ---------------------------------------------------------------------------

    def load_all(self) -> None:
        """Import every plug-in not yet imported."""
        for candidate in self._candidates:
            self._load(candidate)

    def _load_for(self, methodology_id: str) -> None:
        for candidate in self._candidates:
            if candidate.name == methodology_id or candidate.source == _FROM_ENVIRONMENT:
                self._load(candidate)

    def _load(self, candidate: _Candidate) -> None:
        if candidate.loaded:
            return
        candidate.loaded = True
        try:
            plugin = plugin_call(candidate.load, "import", timeout=hook_timeout())
        except PluginFault as fault:
            self._broken.append(BrokenPlugin(candidate.name, candidate.distribution, str(fault)))
            return
        if self.manager.is_registered(plugin):
            other = self.manager.get_name(plugin)
            self.notices.append(
                f"{candidate.source} {candidate.name}: the same module as plug-in {other!r}, used once"
            )
            return
        try:
            self.manager.register(plugin, name=candidate.name)
            _check_hooks(self.manager, candidate.name)
        except Exception as error:
            if self.manager.is_registered(plugin):
                self.manager.unregister(plugin)
            self._broken.append(
                BrokenPlugin(
                    candidate.name, candidate.distribution, f"{type(error).__name__}: {error}"
                )
            )
            return
        self._plugins[candidate.name] = plugin
        self._collect(candidate)

    def _hook_records(self, candidate: _Candidate, hook: str, kind: type[T]) -> list[T]:
        """Call one plug-in's implementation of a hook, guarded; its records, or none if broken."""
        plugin = self._plugins[candidate.name]
        records: list[T] = []
        for implementation in getattr(self.manager.hook, hook).get_hookimpls():
            if implementation.plugin is not plugin:
                continue
            function = implementation.function
            try:
                records += plugin_call(
                    functools.partial(_called_records, function, kind),
                    f"{hook} hook",
                    timeout=hook_timeout(),
                )
            except PluginFault as fault:
                self._mark_broken(candidate.name, str(fault))
        return records

    def _collect(self, candidate: _Candidate) -> None:
        for rule in self._hook_records(candidate, "mrv_uncertainty_rules", UncertaintyRule):
            if rule.id in BUILT_IN_RULE_IDS or rule.id in self._rules:
                where = " by the core" if rule.id in BUILT_IN_RULE_IDS else ""
                self._mark_broken(
                    candidate.name, f"uncertainty rule {rule.id!r} is already defined{where}"
                )
                continue
            self._rules[rule.id] = rule
        for record in self._hook_records(candidate, "mrv_methodologies", Methodology):
            self._claim(candidate, record)

    def _claim(self, candidate: _Candidate, record: Methodology) -> None:
        """Decide whether ``candidate`` provides ``record.id`` (see the module's rules)."""
        identifier = record.id
        chosen = self._chosen.get(identifier)
        if chosen is not None:
            if chosen in {candidate.name, _project_name(candidate.distribution)}:
                self._provide(candidate, record)
            else:
                self.notices.append(
                    f"{identifier}: {CHOOSE_VARIABLE} picks {chosen!r}; {candidate.name} "
                    f"({candidate.distribution or candidate.source}) also provides it, unused"
                )
            return
        current = self.providers.get(identifier)
        if candidate.source == _FROM_ENVIRONMENT or (
            current is not None and self._candidate(current).source == _FROM_ENVIRONMENT
        ):
            self._prefer_development(candidate, record, current)
            return
        owner = self._owners.get(identifier)
        if owner is not None and owner is not candidate:
            self._mark_broken(
                candidate.name,
                f"registers methodology {identifier!r}, which the entry point {identifier!r} of "
                f"{owner.distribution or 'another plug-in'} provides; choose with "
                f"{CHOOSE_VARIABLE}={identifier}=<distribution>",
            )
            return
        claims = self._claims.setdefault(identifier, [])
        claims.append(candidate)
        if len(claims) == 1:
            self._provide(candidate, record)
            return
        self._methodologies.pop(identifier, None)
        self.providers.pop(identifier, None)
        self._broken = [b for b in self._broken if not b.error.startswith(f"{identifier!r}: ")]
        self._broken.append(
            BrokenPlugin(
                ", ".join(c.name for c in claims),
                "; ".join(c.distribution or c.source for c in claims),
                f"{identifier!r}: provided by "
                + " and by ".join(f"{c.name} ({c.distribution or c.source})" for c in claims)
                + f"; both refused (uninstall one, or choose with {CHOOSE_VARIABLE}={identifier}=<distribution>)",
            )
        )

    def _prefer_development(
        self, candidate: _Candidate, record: Methodology, current: str | None
    ) -> None:
        if current is None:
            self._provide(candidate, record)
            return
        development = (
            candidate if candidate.source == _FROM_ENVIRONMENT else self._candidate(current)
        )
        installed = self._candidate(current) if development is candidate else candidate
        self.notices.append(
            f"{record.id}: using {_FROM_ENVIRONMENT} module {development.name} instead of "
            f"{installed.name} ({installed.distribution or installed.source})"
        )
        if development is candidate:
            self._provide(candidate, record)

    def _provide(self, candidate: _Candidate, record: Methodology) -> None:
        self._methodologies[record.id] = record
        self.providers[record.id] = candidate.name

    def _candidate(self, name: str) -> _Candidate:
        return next(c for c in self._candidates if c.name == name)

    def _mark_broken(self, name: str, error: str) -> None:
        candidate = next((c for c in self._candidates if c.name == name), None)
        entry = BrokenPlugin(name, candidate.distribution if candidate else "", error)
        if entry not in self._broken:
            self._broken.append(entry)


def _records(produced: Any, kind: type[T]) -> list[T]:
    """Collect what a hook yielded, refusing anything that is not a ``kind`` record."""
    records = list(produced or ())
    for record in records:
        if not isinstance(record, kind):
            raise TypeError(f"yielded {type(record).__name__}, not {kind.__name__}")
    return records


def _called_records(function: Callable[..., Any], kind: type[T], **arguments: Any) -> list[T]:
    return _records(function(**arguments), kind)


def _given(plugin: Any) -> Any:
    return plugin


def _distribution_of(entry_point: EntryPoint) -> str:
    dist = getattr(entry_point, "dist", None)
    return f"{dist.name} {dist.version}" if dist is not None else ""


def _project_name(distribution: str) -> str:
    return distribution.split(" ", 1)[0]


def _choices() -> dict[str, str]:
    """Read ``MRV_CHOOSE=id=distribution,...`` (an item without ``=`` is ignored)."""
    chosen = {}
    for item in os.environ.get(CHOOSE_VARIABLE, "").split(","):
        key, _, value = item.partition("=")
        if key.strip() and value.strip():
            chosen[key.strip()] = value.strip()
    return chosen


def load_plugins(
    discovered: Iterable[EntryPoint] | None = None,
    extra: Iterable[tuple[str, Any]] = (),
) -> PluginRegistry:
    """List the plug-ins (without importing them) and register ``extra`` objects directly.

    Parameters
    ----------
    discovered : iterable of EntryPoint or None
        Entry points to use; the ``mrv`` group of the installed distributions when None (with
        the modules of ``MRV_PLUGINS``).
    extra : iterable of (name, plugin)
        Plug-in objects registered directly (for tests and embedding applications).

    Returns
    -------
    PluginRegistry
        Loads each plug-in when a methodology it may provide is asked for.
    """
    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    points = list(entry_points(group=hookspecs.PROJECT)) if discovered is None else list(discovered)
    candidates = [
        _Candidate(point.name, _distribution_of(point), point.load, "entry point")
        for point in sorted(points, key=lambda point: point.name)
    ]
    if discovered is None:
        candidates += [
            _Candidate(name, "", _importer(name), _FROM_ENVIRONMENT)
            for name in _environment_plugins()
        ]
    candidates += [
        _Candidate(name, "", functools.partial(_given, plugin), "registered directly")
        for name, plugin in extra
    ]
    registry = PluginRegistry(manager, candidates)
    for candidate in candidates:
        if candidate.source == "registered directly":
            registry._load(candidate)
    return registry


def _importer(name: str) -> Callable[[], Any]:
    return EntryPoint(name=name, value=name, group=hookspecs.PROJECT).load


def _environment_plugins() -> list[str]:
    return [
        name.strip() for name in os.environ.get(PLUGINS_VARIABLE, "").split(",") if name.strip()
    ]


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
                f"unknown hook {attribute!r}; known: mrv_methodologies, mrv_parameter_profiles, "
                "mrv_uncertainty_rules",
            )


def _module_of(plugin: Any) -> ModuleType:
    """Return the module a plug-in is, or the one that defines its class."""
    if isinstance(plugin, ModuleType):
        return plugin
    module = inspect.getmodule(type(plugin))
    assert module is not None  # noqa: S101 - every class is defined in a module
    return module


def code_digest(plugin: Any) -> str:
    """SHA-256 of the files of a plug-in's package: its code and data, by relative path.

    For a plug-in inside a package, every file of the package's folder counts (Python
    modules, parameter tables, templates), so a changed default value changes the digest;
    compiled files (``__pycache__``) do not count. A plug-in object that is not a module counts by the
    module that defines its class. Computed once per file or folder in a process (a batch loads
    the same plug-in for every site).
    """
    file = getattr(_module_of(plugin), "__file__", None)
    if file is None:
        return ""
    path = Path(file)
    return _files_digest(path.parent if path.name == "__init__.py" else path)


@functools.cache
def _files_digest(root: Path) -> str:
    files = sorted(root.rglob("*")) if root.is_dir() else [root]
    digest = hashlib.sha256()
    for item in files:
        if not item.is_file() or "__pycache__" in item.parts or item.suffix in _COMPILED:
            continue
        relative = item.relative_to(root).as_posix() if root.is_dir() else item.name
        digest.update(relative.encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(item.read_bytes()).digest())
    return digest.hexdigest()
