"""A verification statement (``mrv verify --html``) as one page a verifier can sign, en or zh."""

from __future__ import annotations

from html import escape
from typing import Any

from mrv.interface.html.page import html_document, signature_cell, table
from mrv.interface.html.terms import words
from mrv.model.verification import VerificationStatement

__all__ = ["render_statement_html"]

_WORDS = {
    "title": ("Verification statement", "核查声明"),
    "engagement": ("Engagement", "核查委托"),
    "verifier": ("Verifier", "核查机构"),
    "lead_verifier": ("Lead verifier", "核查组长"),
    "accreditation": ("Accreditation", "资质编号"),
    "level_of_assurance": ("Level of assurance", "保证等级"),
    "reasonable": ("reasonable", "合理保证"),
    "limited": ("limited", "有限保证"),
    "criteria": ("Criteria", "核查准则"),
    "scope": ("Scope", "核查范围"),
    "materiality": ("Materiality", "实质性"),
    "started": ("Engagement started", "核查开始日期"),
    "statement_date": ("Date of this statement", "声明日期"),
    "not_declared": ("not declared (mrv verify --engagement)", "未声明（mrv verify --engagement）"),
    "opinion": ("Opinion", "核查结论"),
    "verified": (
        "Verified: the report reproduces from its inputs",
        "核查通过：报告可由其输入数据完整复现",
    ),
    "not_verified": ("Not verified", "核查不通过"),
    "reason": ("Deciding reason", "决定性原因"),
    "integrity": ("integrity", "完整性"),
    "reproduction": ("reproduction", "可复现性"),
    "checks": ("Checks", "核查项"),
    "check": ("Check", "核查项"),
    "result": ("Result", "结果"),
    "passed": ("passed", "通过"),
    "failed": ("failed", "未通过"),
    "what": ("What was found", "发现"),
    "recomputed": ("What was recomputed", "复算内容"),
    "project": ("Project", "项目"),
    "methodology": ("Methodology", "方法学"),
    "compared": ("Fields compared", "比对字段数"),
    "tolerance": ("Tolerance of figures", "数值容差"),
    "threshold": ("Materiality threshold", "实质性阈值"),
    "aggregate": ("Aggregate misstatement", "综合错报率"),
    "discrepancies": ("Discrepancies", "差异"),
    "field": ("Field", "字段"),
    "claimed": ("Claimed", "报告值"),
    "recomputed_value": ("Recomputed", "复算值"),
    "equation": ("Equation", "公式"),
    "weight": ("Weight", "性质"),
    "material": ("material", "实质性"),
    "immaterial": ("immaterial", "非实质性"),
    "exact": ("must match exactly", "须完全一致"),
    "over_issuance": ("over-issuance: always material", "超额签发：一律视为实质性"),
    "none": ("none", "无"),
    "findings": ("Findings", "检查发现"),
    "digests": ("Digests this statement covers", "本声明覆盖的数据指纹"),
    "report_digest": ("the report as verified", "所核查的报告"),
    "matches": ("matches", "一致"),
    "differs": ("differs", "不一致"),
}


def _value(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.6f}"
    return escape(str(value)) if value is not None else "—"


def render_statement_html(
    statement: VerificationStatement,
    lang: str = "en",
    report_page: str = "",
    signature: Any = None,
) -> str:
    """Render a verification statement in ``lang``; discrepancies link into ``report_page``'s trace.

    ``signature`` is the check of the report's signature (:class:`mrv.verify.signing.SignatureCheck`),
    shown with what was recomputed.
    """
    w = words(lang, _WORDS)
    words_of_page = words(lang)
    e = statement.engagement
    if e is None:
        engagement = f"<p class='muted'>{escape(w['not_declared'])}</p>"
    else:
        rows = [
            (w["verifier"], e.verifier),
            (w["lead_verifier"], e.lead_verifier or "—"),
            (w["accreditation"], e.accreditation or "—"),
            (w["level_of_assurance"], w.get(e.level_of_assurance, e.level_of_assurance)),
            (w["criteria"], "; ".join(e.criteria)),
            (w["scope"], e.scope),
            (w["materiality"], e.materiality),
            (w["started"], e.started.isoformat()),
            (w["statement_date"], e.statement_date.isoformat()),
        ]
        engagement = (
            "<table>"
            + "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows)
            + "</table>"
        )
    verdict = w["verified"] if statement.verdict == "verified" else w["not_verified"]
    css = "ok" if statement.verdict == "verified" else "bad"
    reason = (
        f"<p>{escape(w['reason'])}: <strong>{escape(w.get(statement.reason, statement.reason))}</strong></p>"
        if statement.reason
        else ""
    )
    opinion = (
        f"<p class='{css}' style='font-size:1.2em'>{escape(verdict)}</p>{reason}"
        f"<p class='muted'>{escape(statement.headline)}</p>"
    )
    checks = table(
        [w["check"], w["result"], w["what"]],
        [
            [
                escape(w.get(c.name, c.name)),
                f"<span class='{'ok' if c.passed else 'bad'}'>{escape(w['passed'] if c.passed else w['failed'])}</span>",
                escape(c.summary),
            ]
            for c in statement.checks
        ],
        [False, False, False],
    )
    recomputed = (
        "<table>"
        + "".join(
            f"<tr><th>{escape(k)}</th><td>{v}</td></tr>"
            for k, v in (
                (w["project"], escape(statement.project_id)),
                (w["methodology"], escape(statement.methodology)),
                (w["compared"], f"{statement.compared_fields:,}"),
                (w["tolerance"], f"{statement.tolerance:g}"),
                (
                    w["threshold"],
                    f"{statement.materiality_threshold:.2%} ({escape(statement.materiality_basis)})",
                ),
                (w["aggregate"], f"{statement.aggregate_misstatement:.4%}"),
                *(
                    [(words_of_page["signature"], signature_cell(signature, words_of_page))]
                    if signature is not None
                    else []
                ),
            )
        )
        + "</table>"
    )

    def weight(item: Any) -> str:
        if item.over_issuance:
            return escape(w["over_issuance"])
        if item.kind == "field":
            return escape(w["exact"])
        return escape(w["material"] if item.material else w["immaterial"])

    def where(item: Any) -> str:
        shown = f"<code>{escape(item.path)}</code>"
        if item.trace_id and report_page:
            return f"<a href='{escape(report_page)}#{escape(item.trace_id)}'>{shown}</a>"
        return shown

    discrepancies = (
        "<div class='wrap'>"
        + table(
            [w["field"], w["claimed"], w["recomputed_value"], w["equation"], w["weight"]],
            [
                [where(d), _value(d.claimed), _value(d.recomputed), escape(d.equation), weight(d)]
                for d in statement.discrepancies
            ],
            [False, False, False, False, False],
        )
        + "</div>"
        if statement.discrepancies
        else f"<p class='muted'>{escape(w['none'])}</p>"
    )
    findings = (
        "<ul>"
        + "".join(
            f"<li><strong>{escape(f.code)}</strong> ({escape(f.severity)}): {escape(f.message)} <span class='muted'>{escape(f.reference)}</span></li>"
            for f in statement.findings
        )
        + "</ul>"
        if statement.findings
        else f"<p class='muted'>{escape(w['none'])}</p>"
    )
    digests = table(
        ["", "", ""],
        [[escape(w["report_digest"]), f"<span class='mono'>{statement.report_sha256}</span>", ""]]
        + [
            [
                escape(h.name),
                f"<span class='mono'>{h.claimed}</span>",
                f"<span class='{'ok' if h.matches else 'bad'}'>{escape(w['matches'] if h.matches else w['differs'])}</span>",
            ]
            for h in statement.hash_checks
        ],
        [False, False, False],
    )
    sections = [
        f"<h1>{escape(w['title'])}</h1><p class='muted'>mrv {escape(statement.mrv_version)}</p>",
        f"<h2>{escape(w['engagement'])}</h2>{engagement}",
        f"<h2>{escape(w['opinion'])}</h2>{opinion}",
        f"<h2>{escape(w['checks'])}</h2>{checks}",
        f"<h2>{escape(w['recomputed'])}</h2>{recomputed}",
        f"<h2>{escape(w['discrepancies'])}</h2>{discrepancies}",
        f"<h2>{escape(w['findings'])}</h2>{findings}",
        f"<h2>{escape(w['digests'])}</h2>{digests}",
    ]
    return html_document(f"{w['title']} · {statement.project_id}", lang, sections)
