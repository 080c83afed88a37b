"""Two reports compared (``mrv diff --html``) as one self-contained page, in English or Chinese."""

from __future__ import annotations

from html import escape

from mrv.interface.html.page import html_document, table
from mrv.interface.html.terms import words
from mrv.model.diff import ReportDiff

__all__ = ["render_diff_html"]

#: Rows of the trace table shown on the page (the JSON holds every changed entry).
SHOWN_TRACE = 60

_WORDS = {
    "title": ("Report comparison", "报告比对"),
    "reports": ("Reports", "报告"),
    "project": ("Project", "项目"),
    "other_project": (
        "the two reports are of different projects",
        "两份报告属于不同项目",
    ),
    "identity": ("Methodology, profile and code", "方法学、参数配置与代码"),
    "field": ("Field", "字段"),
    "tables": ("Input tables", "输入数据表"),
    "table": ("Table", "数据表"),
    "status": ("Change", "变化"),
    "lines": ("Lines that differ", "不同的行"),
    "parameters": ("Parameters", "参数"),
    "parameter": ("Parameter", "参数"),
    "unit": ("Unit", "单位"),
    "source": ("Source", "来源"),
    "figures": ("Figures", "核算结果"),
    "where": ("Period", "监测期"),
    "figure": ("Figure", "项目"),
    "difference": ("B − A", "B − A"),
    "trace": (
        "Trace entries that explain the change, largest first",
        "解释变化的计算步骤（按变化量从大到小）",
    ),
    "entry": ("Entry", "步骤"),
    "equation": ("Equation", "公式"),
    "nothing": ("no change", "无变化"),
    "more": (
        "{n} more changed entries are in the JSON form (mrv diff --json)",
        "其余 {n} 个有变化的步骤见JSON结果（mrv diff --json）",
    ),
    "changed": ("changed", "改变"),
    "status_source": ("same value, other source", "数值相同，来源不同"),
    "added": ("only in B", "仅B有"),
    "removed": ("only in A", "仅A有"),
    "totals": ("totals", "合计"),
    "ex_ante_totals": ("ex-ante totals", "事前估算合计"),
    "baseline": ("baseline", "基准线"),
    "project_figure": ("project", "项目排放"),
    "leakage": ("leakage", "泄漏"),
    "net_benefit": ("net benefit", "净减排量"),
    "removals": ("removals", "清除量"),
    "reductions": ("reductions", "减排量"),
    "uncertainty_deduction": ("uncertainty deduction", "不确定性扣减"),
    "buffer_contribution": ("buffer contribution", "缓冲库扣留"),
    "issuable_credits": ("issuable credits", "可签发量"),
}


#: Values smaller than this are shown with significant digits, larger ones to three decimals.
SMALL = 1e-3


def _number(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.6g}" if abs(value) < SMALL else f"{value:,.3f}"


def _value(value: float | None) -> str:
    """Write a parameter value with all its significant digits."""
    return "—" if value is None else f"{value:.6g}"


def _section(
    title: str, header: list[str], rows: list[list[str]], numeric: list[bool], w: dict[str, str]
) -> str:
    body = table(header, rows, numeric) if rows else f"<p class='muted'>{escape(w['nothing'])}</p>"
    return f"<h2>{escape(title)}</h2>{body}"


def render_diff_html(diff: ReportDiff, lang: str = "en") -> str:
    """Render a comparison of two reports as one HTML page in ``lang`` (``en`` or ``zh``)."""
    w = words(lang, _WORDS)

    def status(value: str) -> str:
        return escape(w.get(f"status_{value}", w.get(value, value)))

    def figure_name(name: str) -> str:
        return escape(w.get("project_figure" if name == "project" else name, name))

    head = (
        f"<h1>{escape(w['title'])}</h1>"
        f"<table><tr><th>{escape(w['reports'])}</th><td class='mono'>A = {escape(diff.a)}<br>B = {escape(diff.b)}</td></tr>"
        f"<tr><th>{escape(w['project'])}</th><td>{escape(diff.project_id)}</td></tr></table>"
        + ("" if diff.same_project else f"<div class='banner'>{escape(w['other_project'])}</div>")
    )
    sections = [
        head,
        _section(
            w["identity"],
            [w["field"], "A", "B"],
            [[escape(c.field), escape(c.a), escape(c.b)] for c in diff.identity],
            [False, False, False],
            w,
        ),
        _section(
            w["tables"],
            [w["table"], w["status"], "A", "B"],
            [
                [
                    escape(c.reference),
                    status(c.status),
                    f"<span class='mono'>{c.a_sha256[:16]}</span>",
                    f"<span class='mono'>{c.b_sha256[:16]}</span>",
                ]
                for c in diff.tables
            ],
            [False, False, False, False],
            w,
        ),
        _section(
            w["parameters"],
            [
                w["parameter"],
                w["status"],
                w["unit"],
                "A",
                "B",
                f"{w['source']} A",
                f"{w['source']} B",
            ],
            [
                [
                    f"<code>{escape(c.key)}</code>",
                    status(c.status),
                    escape(c.unit),
                    _number(c.a_value),
                    _number(c.b_value),
                    escape(c.a_source),
                    escape(c.b_source),
                ]
                for c in diff.parameters
            ],
            [False, False, False, True, True, False, False],
            w,
        ),
        _section(
            w["figures"],
            [w["where"], w["figure"], w["unit"], "A", "B", w["difference"]],
            [
                [
                    escape(w.get(c.where, c.where)),
                    figure_name(c.figure),
                    escape(c.unit),
                    _number(c.a),
                    _number(c.b),
                    _number(c.difference),
                ]
                for c in diff.figures
            ],
            [False, False, False, True, True, True],
            w,
        ),
        _section(
            w["trace"],
            [w["entry"], w["equation"], w["unit"], "A", "B", w["difference"]],
            [
                [
                    f"<code>{escape(c.id)}</code>",
                    escape(c.equation),
                    escape(c.unit),
                    _number(c.a),
                    _number(c.b),
                    _number(c.difference) if c.status == "changed" else status(c.status),
                ]
                for c in diff.trace[:SHOWN_TRACE]
            ],
            [False, False, False, True, True, True],
            w,
        ),
    ]
    if len(diff.trace) > SHOWN_TRACE:
        sections.append(
            f"<p class='muted'>{escape(w['more'].format(n=len(diff.trace) - SHOWN_TRACE))}</p>"
        )
    return html_document(f"{w['title']} · {diff.project_id}", lang, sections)
