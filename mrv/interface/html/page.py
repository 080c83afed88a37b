"""One self-contained HTML page from a report: inline CSS and SVG, nothing fetched."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from typing import Any

from mrv.common.units import REPORT_UNIT
from mrv.interface.html.charts import interval_chart, line_chart, stacked_bars
from mrv.interface.html.terms import words
from mrv.interface.html.trace import trace_section
from mrv.interface.html.translate import translated
from mrv.model.report import Report
from mrv.model.terms import term_contributions
from mrv.planning.warnings import EarlyWarning, early_warnings

__all__ = ["html_document", "render_html", "table", "warnings_section"]

RESOLUTION = 1e-6  # reported figures are settled to a gram [t CO2e]
#: The figures of the period table, in order (a subset of mrv.model.report.FIGURES).
TABLE_FIGURES = (
    "baseline",
    "project",
    "leakage",
    "net_benefit",
    "uncertainty_deduction",
    "buffer_contribution",
)  # array values a trace entry lists before it elides the rest
STYLE = """
body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0;color:#1e2a24;background:#f6f7f4}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:1.6em;margin:0 0 4px}h2{margin-top:32px;border-bottom:2px solid #2f6f4f;padding-bottom:4px}
table{border-collapse:collapse;width:100%;margin:8px 0;background:#fff}
th,td{border:1px solid #d5dbd3;padding:4px 8px;text-align:left;vertical-align:top;font-size:.92em}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.total td{font-weight:600;background:#eef3ec}
.banner{background:#fff4d6;border-left:6px solid #c9832b;padding:10px 14px;margin:12px 0}
.wrap table{table-layout:fixed}.wrap td{overflow-wrap:anywhere}
.ok{color:#2f6f4f;font-weight:600}.bad{color:#a2423c;font-weight:600}
.sev-error{color:#a2423c;font-weight:600}.sev-warning{color:#9a6a12}.sev-info{color:#3b6ea8}
.chart{width:100%;max-width:720px;background:#fff;border:1px solid #d5dbd3;margin:8px 0}
.chart text{font-size:11px;fill:#333}.chart .grid{stroke:#e3e7e1}.chart .zero{stroke:#555}
details{background:#fff;border:1px solid #d5dbd3;margin:4px 0;padding:4px 8px}
summary{cursor:pointer;font-family:ui-monospace,monospace;font-size:.9em}
code,.mono{font-family:ui-monospace,monospace;font-size:.9em}
.muted{color:#5b665f}
figure{margin:8px 0}.legend{list-style:none;padding:0;margin:4px 0;display:flex;flex-wrap:wrap;gap:4px 16px;font-size:.85em}
.key{display:inline-block;width:10px;height:10px;margin-right:6px}
@media print{body{background:#fff}main{max-width:none;padding:0}details{break-inside:avoid}
details::details-content{content-visibility:visible;display:block}summary{list-style:none}
a{color:inherit;text-decoration:none}h2{break-after:avoid}}
"""


def render_html(report: Report, lang: str = "en", signature: Any = None) -> str:
    """Render a report as one HTML page in ``lang`` (``en`` or ``zh``).

    ``signature`` is a :class:`mrv.verify.signing.SignatureCheck` of the report, shown in its
    summary (who signed, and whether the signature holds).
    """
    w = words(lang)
    trace = {entry.id: entry for entry in report.trace}
    sections = [
        _summary(report, w, signature),
        _periods(report, w, trace),
        _charts(report, trace, w),
        _findings(w["applicability"], report.applicability, w),
        _findings(w["findings"], report.findings, w),
        warnings_section(early_warnings([report]), w),
        _parameters(report, w),
        trace_section(report, trace, w),
    ]
    return html_document(f"{w['title']} · {report.project_id}", lang, sections)


def html_document(title: str, lang: str, sections: Sequence[str]) -> str:
    """Wrap sections in one self-contained page: inline styles, nothing fetched."""
    return (
        f'<!DOCTYPE html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body><main>"
        + "".join(sections)
        + "</main></body></html>"
    )


def warnings_section(found: Sequence[EarlyWarning], w: dict[str, str]) -> str:
    """Write the early warnings of a weakening sink (mrv.planning.warnings), or say none."""
    head = f"<h2>{escape(w['warnings'])}</h2><p class='muted'>{escape(w['warnings_note'])}</p>"
    if not found:
        return head + f"<p>{escape(w['none'])}</p>"
    rows = [
        (
            escape(x.code),
            escape(x.project_id),
            escape(x.period),
            escape(x.stratum),
            escape(x.message),
        )
        for x in found
    ]
    header = [w["code"], w["project"], w["period"], w["stratum"], w["message"]]
    return head + table(header, rows, [False] * 5)


def _number(value: float) -> str:
    """Write a figure to 1e-3; a value that rounds to zero is 0.000, never -0.000."""
    text = f"{value:,.3f}"
    return "0.000" if text == "-0.000" else text


def table(header: Sequence[str], rows: Iterable[Sequence[str]], numeric: Sequence[bool]) -> str:
    """Write an HTML table; cells are HTML already; a first cell starting with NUL marks a total."""
    head = "".join(
        f'<th class="n">{escape(h)}</th>' if n else f"<th>{escape(h)}</th>"
        for h, n in zip(header, numeric, strict=True)
    )
    body = []
    for row in rows:
        css = ' class="total"' if row and row[0].startswith("\x00") else ""
        cells = "".join(
            f'<td class="n">{cell.lstrip(chr(0))}</td>' if n else f"<td>{cell.lstrip(chr(0))}</td>"
            for cell, n in zip(row, numeric, strict=True)
        )
        body.append(f"<tr{css}>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def signature_cell(check: Any, w: dict[str, str]) -> str:
    short = escape(check.keyid[:16] or "?")
    if check.holds:
        return f'<span class="ok">✓ {escape(w["signature_holds"]).format(key=short)}</span>'
    reason = w.get(f"signature_{check.code}", check.reason)
    return f'<span class="bad">✗ {escape(w["signature_fails"])}: {escape(reason)}</span>'


def _summary(report: Report, w: dict[str, str], signature: Any = None) -> str:
    m = report.methodology
    banner = (
        f'<div class="banner"><strong>{escape(w["estimate"])}</strong>: {escape(report.estimate_reason)}</div>'
        if report.estimate_reason
        else ""
    )
    rows = [
        (w["project"], escape(report.project_id)),
        (
            w["methodology"],
            f"{escape(m.id)} {escape(m.version)} · {escape(translated('methodologies', m.id, w['lang'], m.title))}",
        ),
        (w["profile"], escape(m.profile)),
        (w["standards"], escape("; ".join(m.standards))),
        (w["gwp_set"], escape(report.gwp_set)),
        (w["rule"], escape(report.deductions.uncertainty_rule)),
        (
            w["risk"],
            "—"
            if report.deductions.non_permanence_risk_rating is None
            else f"{report.deductions.non_permanence_risk_rating:.0%}",
        ),
        (
            w["digests"],
            f'<span class="mono">inputs {report.inputs_sha256[:16]}… · parameters {report.parameters_sha256[:16]}… · results {report.results_sha256[:16]}…</span>',
        ),
        (
            w["plugin_code"],
            f'<span class="mono">{escape(m.distribution)} · {escape(m.code_sha256[:16])}…</span>',
        ),
    ]
    if signature is not None:
        rows.append((w["signature"], signature_cell(signature, w)))
    table = "".join(f"<tr><th>{escape(k)}</th><td>{v}</td></tr>" for k, v in rows)
    return f"<h1>{escape(w['title'])}</h1><p class='muted'>mrv {escape(report.mrv_version)}</p>{banner}<h2>{escape(w['summary'])}</h2><table>{table}</table>"


def _periods(report: Report, w: dict[str, str], trace: dict[str, Any]) -> str:
    credits = w["credits_if_issuable"] if report.estimate_reason else w["issuable_credits"]
    words_of = {"project": "project_emissions"}  # "project" is the project's name in the summary
    header = [
        *(w[key] for key in ("period", "kind", "from", "to")),
        *(w[words_of.get(name, name)] for name in TABLE_FIGURES),
        credits,
    ]
    numeric = [False] * 4 + [True] * (len(TABLE_FIGURES) + 1)

    def figures(figures_of: Any, period: str | None = None) -> list[str]:
        cells = [
            *(_number(getattr(figures_of, name).value) for name in TABLE_FIGURES),
            f"{figures_of.issuable_credits:,}",
        ]
        if period is None:
            return cells
        return [  # a period's figure links to its trace entry
            f"<a href='#{escape(f'{period}/{name}')}'>{cell}</a>"
            if f"{period}/{name}" in trace
            else cell
            for name, cell in zip((*TABLE_FIGURES, "issuable_credits"), cells, strict=True)
        ]

    rows = [
        [
            escape(p.id),
            escape(translated("kinds", p.kind, w["lang"], p.kind)),
            str(p.start),
            str(p.end),
            *figures(p, p.id),
        ]
        for p in report.periods
    ]
    if report.totals.periods:
        rows.append(["\x00" + escape(w["total"]), "", "", "", *figures(report.totals)])
    screening = [
        [
            escape(period.id),
            escape(translated("screening", figure.name, w["lang"], figure.name)),
            _number(figure.net_benefit.value),
            _with_original(
                translated("screening", figure.name, w["lang"], figure.reason, part=1),
                figure.reason,
                w,
            ),
        ]
        for period in report.periods
        for figure in period.screening
    ]
    screening_html = (
        f"<h3>{escape(w['screening'])}</h3>"
        + table(
            [w["period"], w["name"], w["net_benefit"], w["reason"]],
            screening,
            [False, False, True, False],
        )
        if screening
        else ""
    )
    return (
        f"<h2>{escape(w['periods'])}</h2><p class='muted'>{escape(w['unit_note'])}</p>"
        + table(header, rows, numeric)
        + screening_html
    )


def _charts(report: Report, trace: dict[str, Any], w: dict[str, str]) -> str:
    periods = [period.id for period in report.periods]
    if not periods:
        return ""
    contributions = term_contributions(report, trace)
    by_period = [
        {
            _term_name(group, term, w): value
            for (group, term), value in contributions[period].items()
        }
        for period in periods
    ]
    names = sorted({name for values in by_period for name in values})
    series = {
        name: [values.get(name, 0.0) for values in by_period]
        for name in names
        if any(values.get(name, 0.0) for values in by_period)
    }
    parts = [
        f"<h2>{escape(w['charts'])}</h2><h3>{escape(w['by_term'])}</h3>",
        stacked_bars(w["by_term"], periods, series, unit=REPORT_UNIT, net=w["net_benefit"]),
    ]
    if any(period.strata for period in report.periods):
        names = sorted({name for period in report.periods for name in period.strata})
        by_stratum = {
            name: [p.strata[name].value if name in p.strata else 0.0 for p in report.periods]
            for name in names
        }
        rest = [
            p.net_benefit.value - sum(v.value for v in p.strata.values()) for p in report.periods
        ]
        if any(abs(value) > RESOLUTION for value in rest):
            by_stratum[w["not_by_stratum"]] = rest
        parts += [
            f"<h3>{escape(w['by_stratum'])}</h3>",
            stacked_bars(
                w["by_stratum"], periods, by_stratum, unit=REPORT_UNIT, net=w["net_benefit"]
            ),
        ]
    cumulative_credits, cumulative_buffer, credits, buffer = [], [], 0.0, 0.0
    for period in report.periods:
        credits += period.issuable_credits
        buffer += period.buffer_contribution.value - period.buffer_cancellation.value
        cumulative_credits.append(credits)
        cumulative_buffer.append(buffer)
    parts += [
        f"<h3>{escape(w['cumulative'])}</h3>",
        line_chart(
            w["cumulative"],
            periods,
            {
                w["cumulative_credits"]: cumulative_credits,
                w["cumulative_buffer"]: cumulative_buffer,
            },
            unit=REPORT_UNIT,
        ),
    ]
    carlo = [
        (period.id, period.monte_carlo)
        for period in report.periods
        if period.monte_carlo is not None
    ]
    if carlo:
        parts += [
            f"<h3>{escape(w['monte_carlo'])}</h3>",
            interval_chart(
                w["monte_carlo"],
                [pid for pid, _ in carlo],
                [mc.ci90_low for _, mc in carlo],
                [mc.median for _, mc in carlo],
                [mc.ci90_high for _, mc in carlo],
                w["net_benefit"],
                unit=REPORT_UNIT,
            ),
            table(  # the same figures as numbers, for reading and for print
                [w["period"], w["ci90_low"], w["median"], w["ci90_high"], w["mean"]],
                [
                    [
                        escape(pid),
                        _number(mc.ci90_low),
                        _number(mc.median),
                        _number(mc.ci90_high),
                        _number(mc.mean),
                    ]
                    for pid, mc in carlo
                ],
                [False, True, True, True, True],
            ),
        ]
    return "".join(parts)


def _with_original(words_: str, original: str, w: dict[str, str]) -> str:
    """Return translated words, with the original text (holding the figures) beneath if it differs."""
    if words_ == original:
        return escape(original)
    return f"{escape(words_)}<br><span class='muted'>{escape(w['original'])}{w['colon']}{escape(original)}</span>"


def _term_name(group: str, term: str, w: dict[str, str]) -> str:
    """Return a chart legend's name of a term: its group and its own name, in the page's language."""
    lang = w["lang"]
    return f"{translated('groups', group, lang, group)}{w['colon']}{translated('terms', term, lang, term)}"


def _findings(title: str, findings: Sequence[Any], w: dict[str, str]) -> str:
    if not findings:
        return f"<h2>{escape(title)}</h2><p>{escape(w['none'])}</p>"
    rows = [
        [
            f'<span class="sev-{escape(f.severity)}">{escape(translated("severities", f.severity, w["lang"], f.severity))}</span>',
            f"<code>{escape(f.code)}</code>",
            _with_original(translated("findings", f.code, w["lang"], f.message), f.message, w),
            escape(f.reference),
        ]
        for f in findings
    ]
    return f"<h2>{escape(title)}</h2>" + table(
        [w["severity"], w["code"], w["message"], w["reference"]], rows, [False] * 4
    )


def _source(source: Any, w: dict[str, str]) -> str:
    parts = [source.document]
    for field in ("table", "equation", "paragraph", "page"):
        value = getattr(source, field, "")
        if value:
            parts.append(value)
    text = escape(", ".join(parts))
    if getattr(source, "note", ""):
        text += f"<br><span class='muted'>{escape(source.note)}</span>"
    if getattr(source, "unverified", False):
        text += f" <strong>({escape(w['unverified'])})</strong>"
    return text


def _parameters(report: Report, w: dict[str, str]) -> str:
    rows = [
        [f"<code>{escape(key)}</code>", f"{use.value:g}", escape(use.unit), _source(use.source, w)]
        for key, use in sorted(report.parameters.items())
    ]
    return f"<h2>{escape(w['parameters'])}</h2>" + table(
        [w["parameter"], w["value"], w["unit"], w["source"]], rows, [False, True, False, False]
    )
