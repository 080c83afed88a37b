"""Many projects at once (a province's abandoned mines): reports, and a portfolio summary.

Each project is one task: load, compute, and return its report as JSON text, so the reports
are the same bytes whichever executor ran them (:mod:`mrv.engine.parallel`). A project with bad input
or a failing plug-in is recorded with its problems and the others go on. The summary adds the
computed projects up by methodology, by region and by vintage (the year a period ends); credits
of reports that are estimates (``estimate_reason``) are counted apart from issuable ones.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from mrv.common.errors import InputError, PluginFailure, Problem
from mrv.common.progress import advance
from mrv.engine.loading import mrv_version
from mrv.engine.parallel import map_tasks
from mrv.model.base import SCHEMA_VERSION, Document, Model
from mrv.model.report import ReportQuantity

__all__ = ["Aggregate", "Portfolio", "ProjectOutcome", "find_projects", "report_names", "run_batch"]

#: How many slices the projects are handed out in, so that progress can be shown between them.
SLICES = 20


class ProjectOutcome(Model):
    """What happened to one project of the batch."""

    source: str
    report: str = Field("", description="file name of its report in the output folder")
    status: Literal["computed", "bad input", "plug-in failure"]
    problems: tuple[str, ...] = ()
    project_id: str = ""
    methodology: str = ""
    region: str = ""
    area_ha: float = 0.0
    estimate: bool = Field(False, description="the report's figures are estimates, not credits")
    net_benefit: float = Field(0.0, description="ex-post periods [t CO2e]")
    issuable_credits: int = 0
    vintages: dict[str, tuple[float, int]] = Field(
        default_factory=dict, description="by year a period ends: (net benefit [t CO2e], credits)"
    )
    results_sha256: str = ""


class Aggregate(Model):
    """Computed projects added up under one key (a methodology, a region, a vintage)."""

    key: str
    projects: int
    area: ReportQuantity
    net_benefit: ReportQuantity
    issuable_credits: int
    estimated_credits: int = Field(description="credits of reports that are estimates, if issuable")


class Portfolio(Document):
    """Summary of a batch run."""

    mrv_version: str
    projects: tuple[ProjectOutcome, ...]
    computed: int
    failed: int
    totals: Aggregate
    by_methodology: tuple[Aggregate, ...]
    by_region: tuple[Aggregate, ...]
    by_vintage: tuple[Aggregate, ...]


def find_projects(sources: Sequence[Path]) -> list[Path]:
    """List project documents named directly, or every ``*/project.yaml`` under a folder."""
    found: list[Path] = []
    for source in sources:
        if source.is_dir():
            found.extend(
                sorted(source.glob("*/project.yaml")) or sorted(source.glob("*/project.json"))
            )
        else:
            found.append(source)
    return found


def report_names(projects: Sequence[Path]) -> list[str]:
    """Name each project's report: its folder's name for ``project.yaml``, else its stem.

    Raises
    ------
    InputError
        When two projects would write the same report.
    """
    names = [
        f"{path.parent.name if path.stem == 'project' else path.stem}.report.json"
        for path in projects
    ]
    seen: dict[str, Path] = {}
    problems = []
    for name, path in zip(names, projects, strict=True):
        if name in seen:
            problems.append(
                Problem(str(path), "", f"its report {name} would overwrite that of {seen[name]}")
            )
        seen.setdefault(name, path)
    if problems:
        raise InputError(problems)
    return names


@functools.cache
def _installed() -> Any:
    """Return the plug-ins installed where the task runs, discovered once per process."""
    from mrv.contract.plugins import load_plugins  # noqa: PLC0415

    return load_plugins()


def _one(path: Path, registry: Any = None) -> tuple[dict[str, Any], str]:
    """Compute one project; return its outcome and its report as JSON text (empty on failure)."""
    from mrv.engine.compute import compute  # noqa: PLC0415
    from mrv.engine.loading import load_project  # noqa: PLC0415
    from mrv.engine.provenance import pretty_json  # noqa: PLC0415

    outcome: dict[str, Any] = {"source": str(path)}
    try:
        loaded = load_project(path, registry=registry or _installed())
        report = compute(loaded)
    except InputError as error:
        return {**outcome, "status": "bad input", "problems": [str(p) for p in error.problems]}, ""
    except PluginFailure as error:
        return {**outcome, "status": "plug-in failure", "problems": [str(error)]}, ""
    project = loaded.document.project
    vintages: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])
    for period in report.periods:
        if period.kind == "ex-post":
            vintage = vintages[str(period.end.year)]
            vintage[0] += period.net_benefit.value
            vintage[1] += period.issuable_credits
    outcome.update(
        status="computed",
        project_id=report.project_id,
        methodology=f"{report.methodology.id} {report.methodology.version}",
        region=project.location.region or "",
        area_ha=float(project.area.m_as("ha")),
        estimate=bool(report.estimate_reason),
        net_benefit=report.totals.net_benefit.value,
        issuable_credits=report.totals.issuable_credits,
        vintages={year: (round(v[0], 6), int(v[1])) for year, v in sorted(vintages.items())},
        results_sha256=report.results_sha256,
    )
    return outcome, pretty_json(report.model_dump(mode="json"))


def run_batch(projects: Sequence[Path], output: Path, *, registry: Any = None) -> Portfolio:
    """Compute every project on the current executor, write the reports, and summarise them.

    Parameters
    ----------
    projects : sequence of pathlib.Path
        Project documents.
    output : pathlib.Path
        Folder for ``<name>.report.json`` of each computed project (created).
    registry : PluginRegistry or None
        Installed plug-ins (only for runs in this process); discovered when None.
    """
    from mrv.engine.provenance import write_atomic  # noqa: PLC0415

    names = report_names(projects)
    task = functools.partial(_one, registry=registry)
    step = max(1, -(-len(projects) // SLICES))
    outcomes: list[ProjectOutcome] = []
    for start in range(0, len(projects), step):
        chunk = list(projects[start : start + step])
        for offset, (outcome, text) in enumerate(map_tasks(task, chunk)):
            name = names[start + offset]
            if text:
                write_atomic(output / name, text)
                outcome["report"] = name
            outcomes.append(ProjectOutcome.model_validate(outcome))
        advance("projects", len(outcomes), len(projects))
    return summarise(outcomes)


def _aggregate(
    key: str, outcomes: Sequence[ProjectOutcome], by_vintage: str | None = None
) -> Aggregate:
    if by_vintage is None:
        net = sum(o.net_benefit for o in outcomes)
        credits = [(o.estimate, o.issuable_credits) for o in outcomes]
    else:
        net = sum(o.vintages[by_vintage][0] for o in outcomes)
        credits = [(o.estimate, o.vintages[by_vintage][1]) for o in outcomes]
    return Aggregate(
        key=key,
        projects=len(outcomes),
        area=ReportQuantity(value=round(sum(o.area_ha for o in outcomes), 6), unit="ha"),
        net_benefit=ReportQuantity(value=round(net, 6), unit="t CO2e"),
        issuable_credits=sum(c for estimate, c in credits if not estimate),
        estimated_credits=sum(c for estimate, c in credits if estimate),
    )


def summarise(outcomes: Sequence[ProjectOutcome]) -> Portfolio:
    """Add the computed projects up in total, by methodology, by region and by vintage."""
    computed = [o for o in outcomes if o.status == "computed"]
    groups: dict[str, dict[str, list[ProjectOutcome]]] = {
        "methodology": defaultdict(list),
        "region": defaultdict(list),
        "vintage": defaultdict(list),
    }
    for outcome in computed:
        groups["methodology"][outcome.methodology].append(outcome)
        groups["region"][outcome.region or "(none)"].append(outcome)
        for year in outcome.vintages:
            groups["vintage"][year].append(outcome)
    return Portfolio(
        schema_version=SCHEMA_VERSION,
        mrv_version=mrv_version(),
        projects=tuple(outcomes),
        computed=len(computed),
        failed=len(outcomes) - len(computed),
        totals=_aggregate("all", computed),
        by_methodology=tuple(_aggregate(k, v) for k, v in sorted(groups["methodology"].items())),
        by_region=tuple(_aggregate(k, v) for k, v in sorted(groups["region"].items())),
        by_vintage=tuple(_aggregate(k, v, k) for k, v in sorted(groups["vintage"].items())),
    )
