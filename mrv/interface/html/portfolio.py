"""The summary of a batch run (``mrv batch``) as one self-contained HTML page."""

from __future__ import annotations

from html import escape

from mrv.interface.html.charts import stacked_bars
from mrv.interface.html.page import html_document, table
from mrv.interface.html.terms import words
from mrv.portfolio.batch import Aggregate, Portfolio

__all__ = ["render_portfolio_html"]


def _row(group: Aggregate, total: bool = False) -> tuple[str, ...]:
    return (
        ("\x00" if total else "") + escape(group.key),
        f"{group.projects:,}",
        f"{group.area.value:,.1f}",
        f"{group.net_benefit.value:,.3f}",
        f"{group.issuable_credits:,}",
        f"{group.estimated_credits:,}",
    )


def _rows(groups: tuple[Aggregate, ...], total: Aggregate) -> list[tuple[str, ...]]:
    return [*(_row(group) for group in groups), _row(total, total=True)]


def render_portfolio_html(portfolio: Portfolio, lang: str = "en") -> str:
    """Render a portfolio summary in ``lang``: totals by methodology, region and vintage."""
    w = words(lang)
    header = [
        "",
        w["projects"],
        f"{w['area']} (ha)",
        f"{w['net_benefit']} (t CO2e)",
        w["issuable_credits"],
        w["credits_if_issuable"],
    ]
    numeric = [False, True, True, True, True, True]
    sections = [
        f"<h1>{escape(w['portfolio_title'])}</h1><p class='muted'>mrv {escape(portfolio.mrv_version)} · "
        f"{portfolio.computed:,} {escape(w['computed'])}, {portfolio.failed:,} {escape(w['failed'])}</p>"
    ]
    for key, groups in (
        ("methodology", portfolio.by_methodology),
        ("region", portfolio.by_region),
        ("vintage", portfolio.by_vintage),
    ):
        sections.append(
            f"<h2>{escape(w['by_' + key])}</h2>"
            + table([w[key], *header[1:]], _rows(groups, portfolio.totals), numeric)
        )
    sections.append(
        f"<h3>{escape(w['by_vintage'])}</h3>"
        + stacked_bars(
            w["by_vintage"],
            [g.key for g in portfolio.by_vintage],
            {
                w["issuable_credits"]: [float(g.issuable_credits) for g in portfolio.by_vintage],
                w["credits_if_issuable"]: [
                    float(g.estimated_credits) for g in portfolio.by_vintage
                ],
            },
        )
    )
    failures = [p for p in portfolio.projects if p.status != "computed"]
    if failures:
        sections.append(
            f"<h2>{escape(w['failed'])}</h2>"
            + table(
                [w["project"], w["code"], w["message"]],
                [
                    (escape(p.source), escape(p.status), escape("; ".join(p.problems)))
                    for p in failures
                ],
                [False, False, False],
            )
        )
    return html_document(w["portfolio_title"], lang, sections)
