"""``mrv compare``: restoration options for one site computed ex-ante and set side by side.

Each option is a project document whose periods are ex-ante; its methodology computes it as it
would any project. The comparison adds what planners ask for (Hu et al. 2023: choose schemes by
carbon benefit): the net benefit per year, per hectare and in total, its uncertainty, the costs
the user declares and the cost of a tonne, and the revenue at declared prices. Everything here is
an estimate and is labelled so; nothing flows back into a report's figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import Field, ValidationError

from mrv.common import units
from mrv.common.errors import InputError, Problem, problems_from_validation
from mrv.contract.plugins import PluginRegistry
from mrv.engine.loading import LoadedProject, load_project, mrv_version
from mrv.io.documents import load_document
from mrv.model.base import Document, Model
from mrv.model.report import Report, ReportQuantity
from mrv.planning.money import currency_of
from mrv.planning.revenue import levelised_cost, present_value
from mrv.planning.scenarios import Scenario, ScenarioFile
from mrv.planning.warnings import EarlyWarning, early_warnings
from mrv.tools.timespan import years_between

__all__ = ["Comparison", "ScenarioResult", "compare", "load_scenarios"]

#: What every comparison says about itself, in the JSON and on the page.
ESTIMATE_LABEL = (
    "Planning estimate: ex-ante figures, declared costs and declared prices. "
    "These are not monitored results and not credits."
)


class Money(Model):
    """An amount in one currency."""

    value: float
    unit: str


class ScenarioPeriod(Model):
    """One ex-ante period of an option."""

    id: str
    start: dt.date
    end: dt.date
    years_from_start: float = Field(
        description="from the crediting period's start to the period's end [yr]"
    )
    net_benefit: ReportQuantity
    net_benefit_per_year: ReportQuantity
    cumulative_net_benefit: ReportQuantity
    issuable_credits: int


class Revenue(Model):
    """Credits of an option sold at one declared price: an estimate."""

    price_id: str
    price: Money
    revenue: Money = Field(description="issuable credits times the price, undiscounted")
    present_value: Money = Field(description="each period's revenue discounted from its end")


class ScenarioResult(Model):
    """One option's ex-ante figures, costs and revenue estimates."""

    id: str
    name: str
    project_id: str
    methodology: str
    area: ReportQuantity = Field(description="the option's project area [ha]")
    years: float = Field(
        description="from the crediting period's start to the last period's end [yr]"
    )
    periods: tuple[ScenarioPeriod, ...]
    net_benefit: ReportQuantity
    net_benefit_per_year: ReportQuantity
    net_benefit_per_hectare: ReportQuantity
    net_benefit_per_hectare_per_year: ReportQuantity
    issuable_credits: int
    uncertainty_percent: float | None = Field(
        description="half-width of the net benefit's interval, period uncertainties added linearly (fully correlated, the conservative case)"
    )
    cost: Money | None = Field(None, description="restoration plus maintenance, undiscounted")
    present_cost: Money | None = None
    abatement_cost: Money | None = Field(None, description="cost over net benefit, undiscounted")
    levelised_abatement_cost: Money | None = Field(
        None, description="present value of costs over present value of net benefit"
    )
    revenue: tuple[Revenue, ...] = ()
    warnings: tuple[EarlyWarning, ...] = ()
    estimate_reason: str = Field(
        "",
        description="why the option's own report is an estimate even as monitored (its report's estimate_reason)",
    )
    results_sha256: str = Field(
        description="of the option's own report, which mrv verify reproduces"
    )


class Comparison(Document):
    """Options for one site side by side; an estimate, labelled as one."""

    mrv_version: str
    label: str = ESTIMATE_LABEL
    site_id: str
    site_name: str
    site_area: ReportQuantity
    discount_rate: float
    scenarios: tuple[ScenarioResult, ...]
    notes: tuple[str, ...] = ()


def load_scenarios(path: Path) -> ScenarioFile:
    """Read and check a scenario file; InputError names each problem's field path."""
    raw = load_document(path)
    if not isinstance(raw, dict):
        raise InputError([Problem(str(path), "", "expected a mapping at the top of the file")])
    try:
        return ScenarioFile.model_validate(raw)
    except ValidationError as error:
        raise InputError(problems_from_validation(error.errors(), str(path))) from None


def compare(
    path: Path | str, *, registry: PluginRegistry | None = None, allow: Iterable[Path | str] = ()
) -> tuple[Comparison, dict[str, Report]]:
    """Compute every option of a scenario file ex-ante and compare them.

    Parameters
    ----------
    path : path
        The scenario file (YAML or JSON); project paths are relative to it.
    registry : PluginRegistry or None
        Installed plug-ins; discovered from entry points when None.
    allow : iterable of paths
        Folders besides each option's own that its files may lie in.

    Returns
    -------
    tuple
        The comparison, and each option's own report by option id.

    Raises
    ------
    InputError
        A bad scenario file, a bad option document, or an option with ex-post periods.
    """
    from mrv.engine.compute import compute  # noqa: PLC0415 - the engine imports plug-ins

    path = Path(path)
    scenarios = load_scenarios(path)
    results: list[ScenarioResult] = []
    reports: dict[str, Report] = {}
    notes: list[str] = []
    site_area = float(scenarios.site.area.m_as("ha"))
    for index, scenario in enumerate(scenarios.scenarios):
        loaded = _load_option(path, index, scenario, registry, allow)
        report = compute(loaded)
        reports[scenario.id] = report
        area = float(loaded.document.project.area.m_as("ha"))
        if not np.isclose(area, site_area, rtol=1e-3):
            notes.append(
                f"{scenario.id}: its project area {area:,.3f} ha differs from the site's {site_area:,.3f} ha; per-hectare figures use its own area"
            )
        start = loaded.document.project.crediting_period.start
        results.append(_result(scenario, report, area, start, scenarios))
        if report.estimate_reason:
            notes.append(
                f"{scenario.id}: not creditable as monitored either ({report.estimate_reason}); its credits and revenue are what it would earn if they were"
            )
    comparison = Comparison(
        schema_version=scenarios.schema_version,
        mrv_version=mrv_version(),
        site_id=scenarios.site.id,
        site_name=scenarios.site.name,
        site_area=ReportQuantity(value=site_area, unit="ha"),
        discount_rate=float(scenarios.discount_rate.m_as("dimensionless")),
        scenarios=tuple(results),
        notes=tuple(notes),
    )
    return comparison, reports


def _load_option(
    path: Path,
    index: int,
    scenario: Scenario,
    registry: PluginRegistry | None,
    allow: Iterable[Path | str],
) -> LoadedProject:
    """Load an option's project document; refuse a missing file or ex-post periods."""
    project_path = path.parent / scenario.project
    where = f"scenarios[{index}].project"
    if not project_path.is_file():
        raise InputError([Problem(str(path), where, f"no file {project_path}")])
    loaded = load_project(project_path, registry=registry, allow=allow)
    ex_post = [p.id for p in loaded.document.monitoring_periods if p.kind != "ex-ante"]
    if ex_post:
        raise InputError(
            [
                Problem(
                    str(path),
                    where,
                    f"{project_path}: periods {', '.join(ex_post)} are ex-post; options are compared on ex-ante periods (kind: ex-ante)",
                )
            ]
        )
    return loaded


def _tonnes(value: float, unit: str = "t CO2e") -> ReportQuantity:
    return ReportQuantity(value=value, unit=unit)


def _result(
    scenario: Scenario, report: Report, area: float, start: dt.date, file: ScenarioFile
) -> ScenarioResult:
    periods = report.periods
    net = np.array([p.net_benefit.value for p in periods])
    credits = np.array([p.issuable_credits for p in periods], dtype=np.float64)
    ends = np.array([years_between(start, p.end + dt.timedelta(days=1)) for p in periods])
    lengths = np.array([years_between(p.start, p.end + dt.timedelta(days=1)) for p in periods])
    years = float(ends[-1])
    total = float(net.sum())
    rate = float(file.discount_rate.m_as("dimensionless"))
    rows = tuple(
        ScenarioPeriod(
            id=p.id,
            start=p.start,
            end=p.end,
            years_from_start=float(ends[i]),
            net_benefit=p.net_benefit,
            net_benefit_per_year=_tonnes(float(net[i] / lengths[i]), "t CO2e / yr"),
            cumulative_net_benefit=_tonnes(float(net[: i + 1].sum())),
            issuable_credits=p.issuable_credits,
        )
        for i, p in enumerate(periods)
    )
    money: dict[str, Any] = {}
    if scenario.costs is not None:
        money = _costs(scenario, area, net, ends, lengths, rate, total)
    revenue = tuple(_revenue(price.id, price.price, credits, ends, rate) for price in file.prices)
    return ScenarioResult(
        id=scenario.id,
        name=scenario.name,
        project_id=report.project_id,
        methodology=f"{report.methodology.id} {report.methodology.version}",
        area=_tonnes(area, "ha"),
        years=years,
        periods=rows,
        net_benefit=_tonnes(total),
        net_benefit_per_year=_tonnes(total / years, "t CO2e / yr"),
        net_benefit_per_hectare=_tonnes(total / area, "t CO2e / ha"),
        net_benefit_per_hectare_per_year=_tonnes(total / area / years, "t CO2e / ha / yr"),
        issuable_credits=int(credits.sum()),
        uncertainty_percent=_uncertainty(report, total),
        revenue=revenue,
        warnings=early_warnings([report]),
        estimate_reason=report.estimate_reason,
        results_sha256=report.results_sha256,
        **money,
    )


def _uncertainty(report: Report, total: float) -> float | None:
    """Half-width of the total, adding the periods' absolute half-widths [%] (fully correlated)."""
    if total == 0:
        return None
    absolute = sum(
        abs(p.net_benefit.value) * (p.uncertainty.half_width_percent or 0.0) / 100.0
        for p in report.periods
    )
    return 100.0 * absolute / abs(total)


def _costs(
    scenario: Scenario,
    area: float,
    net: np.ndarray,
    ends: np.ndarray,
    lengths: np.ndarray,
    rate: float,
    total: float,
) -> dict[str, Any]:
    """Cost, present cost and the cost of a tonne, undiscounted and levelised."""
    costs = scenario.costs
    assert costs is not None  # noqa: S101 - the caller checks
    currency = currency_of(costs.restoration)
    unit = f"{currency} / ha"
    restoration = float(costs.restoration.m_as(units.parse_unit(unit))) * area
    yearly = (
        0.0
        if costs.maintenance is None
        else float(costs.maintenance.m_as(units.parse_unit(f"{unit} / yr"))) * area
    )
    maintenance = yearly * lengths  # each period's upkeep, paid at its end
    cost = restoration + float(maintenance.sum())
    present_cost = restoration + present_value(maintenance, ends, rate)
    present_tonnes = present_value(net, ends, rate)
    per_tonne = f"{currency} / t CO2e"
    levelised = levelised_cost(present_cost, present_tonnes)
    return {
        "cost": Money(value=cost, unit=currency),
        "present_cost": Money(value=present_cost, unit=currency),
        "abatement_cost": Money(value=cost / total, unit=per_tonne) if total > 0 else None,
        "levelised_abatement_cost": Money(value=levelised, unit=per_tonne)
        if levelised is not None
        else None,
    }


def _revenue(
    price_id: str, price: Any, credits: np.ndarray, ends: np.ndarray, rate: float
) -> Revenue:
    currency = currency_of(price)
    per_tonne = float(price.m_as(units.parse_unit(f"{currency} / t CO2e")))
    amounts = credits * per_tonne
    return Revenue(
        price_id=price_id,
        price=Money(value=per_tonne, unit=f"{currency} / t CO2e"),
        revenue=Money(value=float(amounts.sum()), unit=currency),
        present_value=Money(value=present_value(amounts, ends, rate), unit=currency),
    )
