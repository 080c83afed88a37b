"""Load a project: the document, its tables, the methodology at the right version, its parameters."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from mrv.common.errors import (
    InputError,
    PluginFailure,
    Problem,
    TableProblems,
    problems_from_validation,
)
from mrv.common.version import mrv_version
from mrv.contract.guard import PluginFault, plugin_call
from mrv.contract.methodology import Methodology, ParameterProfile
from mrv.contract.parameters import ParameterTable, load_parameter_folder, merge_tables
from mrv.contract.plugins import DEFAULT_PROFILE, PluginOrigin, PluginRegistry, load_plugins
from mrv.contract.rules import CONSERVATIVE_DEFAULT, UncertaintyRule
from mrv.engine.rules import BUILT_IN_RULES, find_rule
from mrv.io.confine import Confinement
from mrv.io.documents import load_document
from mrv.io.tables import read_table
from mrv.model.project import ProjectDocument
from mrv.model.table import Table, TableSpec, iter_tables, table_specs

__all__ = ["LoadedProject", "load_parameters", "load_project", "mrv_version"]


@dataclass(frozen=True)
class LoadedProject:
    """A validated project document with its methodology, inputs and parameters."""

    file: str
    base_dir: Path
    document: ProjectDocument
    methodology: Methodology
    provider: str
    origin: PluginOrigin
    profile: ParameterProfile
    inputs: BaseModel
    tables: dict[str, str]
    parameters: dict[str, ParameterTable]
    rule: UncertaintyRule
    table_blocks: dict[str, tuple[str, ...]] = field(default_factory=dict)


def _default_registry() -> PluginRegistry:
    return load_plugins()


def _table_problems(
    raw: dict[str, Any],
    registry: PluginRegistry | None,
    folder: Path,
    confinement: Confinement,
    file: str,
) -> list[Problem]:
    """Check the inputs' tables too when the document itself is invalid: one round of problems.

    Each table field is read and checked against its declared columns (headers, units,
    numbers, dates, choices, bounds); the methodology's own checks, which need a valid
    document, run in the round after the document is fixed.
    """
    from mrv.io.tables import read_table  # noqa: PLC0415

    project = raw.get("project")
    reference = project.get("methodology") if isinstance(project, dict) else None
    inputs = raw.get("inputs")
    if not isinstance(reference, dict) or not isinstance(inputs, dict):
        return []
    try:
        methodology = (registry or _default_registry()).get(str(reference.get("id")))
    except KeyError:
        return []
    problems: list[Problem] = []
    for name, spec in table_specs(methodology.inputs).items():
        value = inputs.get(name)
        path = value.get("path") if isinstance(value, dict) else value
        if not isinstance(path, str):
            continue
        try:
            read_table(confinement.resolve(folder, path), spec, reference=path)
        except TableProblems as error:
            problems += [replace(problem, path=f"inputs.{name}") for problem in error.problems]
        except ValueError as error:
            problems.append(Problem(file, f"inputs.{name}", str(error)))
    return problems


def _check_version(methodology: Methodology, requested: str, file: str) -> None:
    wanted = tuple(int(part) for part in requested.split("."))
    have = tuple(int(part) for part in methodology.version.split("."))
    if wanted[0] != have[0] or have < wanted:
        raise InputError(
            [
                Problem(
                    file,
                    "project.methodology.version",
                    f"the document needs {methodology.id} {requested}; installed is {methodology.version} "
                    "(same major version, not older, required)",
                )
            ]
        )


def load_parameters(
    methodology: Methodology, profile: ParameterProfile, rule: UncertaintyRule | None = None
) -> dict[str, ParameterTable]:
    """Load the tables of a calculation: the rule's, the methodology's over them, the profile's.

    A methodology that prescribes another value than its uncertainty rule's default gives a
    table of the same id; a profile overrides either, row by row.
    """
    tables = load_parameter_folder(rule.parameters) if rule and rule.parameters else {}
    if methodology.parameters:
        tables = merge_tables(tables, load_parameter_folder(methodology.parameters))
    if profile.path is not None:
        tables = merge_tables(tables, load_parameter_folder(profile.path))
    return tables


def table_context(
    folder: Path, document: ProjectDocument, confinement: Confinement | None = None
) -> dict[str, Any]:
    """Return the validation context in which a methodology's inputs read their tables.

    Table paths resolve against ``folder`` and must lie where ``confinement`` allows (the
    project's folder by default); each table is read and checked by
    :func:`mrv.io.tables.read_table`.
    """
    allowed = confinement or Confinement.of(folder)

    def read(reference: str, spec: TableSpec, measurement: str | None) -> Table:
        path = allowed.resolve(folder, reference)
        return read_table(path, spec, reference=reference, measurement=measurement)

    return {"base_dir": folder, "document": document, "read_table": read}


def _methodology_of(
    document: ProjectDocument, registry: PluginRegistry, file: str
) -> tuple[Methodology, ParameterProfile, UncertaintyRule]:
    """Find the document's methodology, its profile and its uncertainty rule."""
    reference = document.project.methodology
    try:
        methodology = registry.get(reference.id)
    except KeyError as error:
        raise InputError([Problem(file, "project.methodology.id", str(error.args[0]))]) from None
    _check_version(methodology, reference.version, file)
    rule_id = methodology.uncertainty_rule or CONSERVATIVE_DEFAULT
    registered = registry.rule(rule_id) if rule_id not in BUILT_IN_RULES else None
    try:
        rule = find_rule(rule_id, {rule_id: registered} if registered else {})
    except KeyError as error:
        raise PluginFailure(registry.providers[methodology.id], str(error.args[0])) from None
    profile_name = reference.profile or DEFAULT_PROFILE
    profiles = registry.profiles(methodology)
    if profile_name not in profiles:  # another plug-in may offer it: import them all
        registry.load_all()
        profiles = registry.profiles(methodology)
    if profile_name not in profiles:
        raise InputError(
            [
                Problem(
                    file,
                    "project.methodology.profile",
                    f"unknown profile {profile_name!r}; {methodology.id} offers: {', '.join(sorted(profiles))}",
                )
            ]
        )
    return methodology, profiles[profile_name], rule


def _validated_inputs(
    methodology: Methodology,
    document: ProjectDocument,
    context: dict[str, Any],
    registry: PluginRegistry,
    file: str,
) -> BaseModel:
    """Validate the inputs with the methodology's model; its own validators run guarded."""
    try:
        return plugin_call(
            lambda: methodology.inputs.model_validate(document.inputs, context=context),
            f"{methodology.id} inputs validation",
        )
    except PluginFault as fault:
        cause = fault.__cause__
        if isinstance(cause, ValidationError):
            raise InputError(problems_from_validation(cause.errors(), file, ("inputs",))) from None
        if isinstance(cause, InputError):
            raise cause from None
        raise PluginFailure(registry.providers[methodology.id], str(fault)) from fault


def load_project(
    source: Path | str | Mapping[str, Any],
    *,
    registry: PluginRegistry | None = None,
    base_dir: Path | None = None,
    allow: Iterable[Path | str] = (),
    name: str = "<document>",
) -> LoadedProject:
    """Read and validate a project document and its tables, without computing.

    Parameters
    ----------
    source : path or mapping
        A YAML/JSON file, or the parsed document (tables then resolve against ``base_dir``).
    registry : PluginRegistry or None
        Installed plug-ins; discovered from entry points when None.
    base_dir : pathlib.Path or None
        Folder that table paths are relative to, for a mapping ``source`` (default: the
        working directory).
    allow : iterable of paths
        Folders besides the project's own whose files its tables and boundaries may name
        (:class:`mrv.io.confine.Confinement`).
    name : str
        What messages call a mapping ``source`` (e.g. ``<stdin>``).

    Raises
    ------
    InputError
        With every problem found, each naming file and field path.
    """
    if isinstance(source, Mapping):
        raw: Any = dict(source)
        file = name
        folder = base_dir or Path()
    else:
        path = Path(source)
        raw = load_document(path)
        file = str(path)
        folder = path.parent
    if not isinstance(raw, dict):
        raise InputError(
            [
                Problem(
                    file,
                    "",
                    f"expected a mapping at the top of the document; found {type(raw).__name__}",
                )
            ]
        )
    confinement = Confinement.of(folder, allow)
    try:
        document = ProjectDocument.model_validate(raw)
    except ValidationError as error:
        problems = problems_from_validation(error.errors(), file)
        problems += _table_problems(raw, registry, folder, confinement, file)
        raise InputError(problems) from None
    if document.project.boundary is not None or any(s.boundary for s in document.project.strata):
        from mrv.io.boundaries import check_document_boundaries  # noqa: PLC0415

        check_document_boundaries(document, folder, file, confinement)
    registry = registry or _default_registry()
    methodology, profile, rule = _methodology_of(document, registry, file)
    inputs = _validated_inputs(
        methodology, document, table_context(folder, document, confinement), registry, file
    )
    measurement_ids = {measurement.id for measurement in document.measurements}
    tables = list(iter_tables(inputs))
    unknown = [
        Problem(
            file,
            "inputs",
            f"table {table.reference!r} cites unknown measurement {table.measurement!r}",
        )
        for table in tables
        if table.measurement is not None and table.measurement not in measurement_ids
    ]
    if unknown:
        raise InputError(unknown)
    return LoadedProject(
        file=file,
        base_dir=folder,
        document=document,
        methodology=methodology,
        provider=registry.providers[methodology.id],
        origin=registry.origin(methodology.id),
        profile=profile,
        inputs=inputs,
        tables=dict(sorted((table.reference, table.sha256) for table in tables)),
        table_blocks={
            t.reference: t.blocks
            for t in sorted(tables, key=lambda t: t.reference)
            if len(t.blocks) > 1
        },
        parameters=load_parameters(methodology, profile, rule),
        rule=rule,
    )
