"""The comparison of restoration options (``mrv compare``) as one self-contained HTML page."""

from __future__ import annotations

from html import escape

from mrv.common.units import REPORT_UNIT
from mrv.interface.html.charts import line_chart, stacked_bars
from mrv.interface.html.page import html_document, table, warnings_section
from mrv.interface.html.terms import words
from mrv.planning.compare import Comparison, ScenarioResult

__all__ = ["render_comparison_html"]


def _money(amount: object) -> str:
    value = getattr(amount, "value", None)
    return "—" if value is None else f"{value:,.0f} {escape(getattr(amount, 'unit', ''))}"


def _cumulative_by_year(
    scenarios: tuple[ScenarioResult, ...],
) -> tuple[list[str], dict[str, list[float]]]:
    """Each option's cumulative net benefit at the end of every year any option reports.

    The first category is the year before the earliest period starts, where every option is 0.
    """
    first = min(p.start.year for s in scenarios for p in s.periods) - 1
    years = [first, *sorted({p.end.year for s in scenarios for p in s.periods})]
    series = {}
    for s in scenarios:
        line = []
        for year in years:
            done = [p.cumulative_net_benefit.value for p in s.periods if p.end.year <= year]
            line.append(done[-1] if done else 0.0)
        series[s.id] = line
    return [str(year) for year in years], series


def render_comparison_html(comparison: Comparison, lang: str = "en") -> str:
    """Render a comparison in ``lang`` (``en`` or ``zh``): table, charts, revenue and warnings."""
    w = words(lang)
    scenarios = comparison.scenarios
    summary = (
        f"<h1>{escape(w['compare_title'])}</h1><p class='muted'>mrv {escape(comparison.mrv_version)}</p>"
        f'<div class="banner"><strong>{escape(w["estimate"])}</strong>: {escape(comparison.label)}</div>'
        + table(
            [w["site"], w["area"], w["discount_rate"]],
            [
                (
                    f"{escape(comparison.site_id)} · {escape(comparison.site_name)}",
                    f"{comparison.site_area.value:,.3f} ha",
                    f"{comparison.discount_rate:.1%}",
                )
            ],
            [False, True, True],
        )
    )
    carbon_header = [
        w["option"],
        f"{w['net_benefit']} (t CO2e)",
        f"{w['per_year']} (/yr)",
        f"{w['per_hectare']} (/ha)",
        f"{w['per_hectare_year']} (/ha/yr)",
        w["issuable_credits"],
        f"{w['uncertainty']} (%)",
    ]
    carbon_rows = [
        (
            f"<strong>{escape(s.id)}</strong> <span class='muted'>{escape(s.name)}; "
            f"{escape(s.methodology)}; {s.years:.1f} {escape(w['years'])}</span>"
            + (f" <em>({escape(w['estimate'])})</em>" if s.estimate_reason else ""),
            f"{s.net_benefit.value:,.3f}",
            f"{s.net_benefit_per_year.value:,.3f}",
            f"{s.net_benefit_per_hectare.value:,.3f}",
            f"{s.net_benefit_per_hectare_per_year.value:,.3f}",
            f"{s.issuable_credits:,}",
            "—" if s.uncertainty_percent is None else f"{s.uncertainty_percent:.1f}",
        )
        for s in scenarios
    ]
    cost_rows = [
        (
            escape(s.id),
            _money(s.cost),
            _money(s.present_cost),
            _money(s.abatement_cost),
            _money(s.levelised_abatement_cost),
        )
        for s in scenarios
    ]
    options = (
        f"<h2>{escape(w['options'])}</h2>"
        + table(carbon_header, carbon_rows, [False] + [True] * 6)
        + table(
            [w["option"], w["cost"], w["present_cost"], w["abatement_cost"], w["levelised_cost"]],
            cost_rows,
            [False] + [True] * 4,
        )
    )
    years, cumulative = _cumulative_by_year(scenarios)
    charts = (
        f"<h2>{escape(w['charts'])}</h2><h3>{escape(w['cumulative_net'])}</h3>"
        + line_chart(w["cumulative_net"], years, cumulative, unit=REPORT_UNIT)
        + f"<h3>{escape(w['net_per_hectare_chart'])}</h3>"
        + stacked_bars(
            w["net_per_hectare_chart"],
            [s.id for s in scenarios],
            {
                p_id: [
                    next(
                        (p.net_benefit.value / s.area.value for p in s.periods if p.id == p_id), 0.0
                    )
                    for s in scenarios
                ]
                for p_id in dict.fromkeys(p.id for s in scenarios for p in s.periods)
            },
            unit=f"{REPORT_UNIT}/ha",
            net=w["net_benefit"],
        )
    )
    revenue_rows = [
        (
            escape(s.id),
            escape(r.price_id),
            _money(r.price),
            _money(r.revenue),
            _money(r.present_value),
        )
        for s in scenarios
        for r in s.revenue
    ]
    revenue = (
        f"<h2>{escape(w['revenue_title'])}</h2><p class='muted'>{escape(w['revenue_note'])}</p>"
        + table(
            [w["option"], w["price"], w["price"], w["revenue"], w["present_value"]],
            revenue_rows,
            [False, False, True, True, True],
        )
        if revenue_rows
        else ""
    )
    warnings = warnings_section([x for s in scenarios for x in s.warnings], w)
    notes = (
        f"<h2>{escape(w['notes'])}</h2><ul>"
        + "".join(f"<li>{escape(note)}</li>" for note in comparison.notes)
        + "</ul>"
        if comparison.notes
        else ""
    )
    return html_document(
        f"{w['compare_title']} · {comparison.site_id}",
        lang,
        [summary, options, charts, revenue, warnings, notes],
    )
