"""The trace on the report page: a tree from each period's credits down, search, every entry.

A verifier starts from what is claimed, a period's issuable credits, and walks down to the data:
each period gets a tree of the entries its credits rest on (each entry once; a repeat links to
where it was shown). Every entry is also listed with its equation, inputs and parameters, an
array with its count, sum, least and greatest value (a sample alone can mislead), and a search
box filters the entries by id, equation or parameter without any network. Printing opens all.
"""

from __future__ import annotations

from html import escape
from typing import Any

from mrv.common.units import pretty_unit
from mrv.model.report import Report

__all__ = ["show_value", "trace_section"]

#: Values of an array shown beside its summary.
SHOWN_VALUES = 8
#: Levels of the tree below a period's issuable credits.
TREE_DEPTH = 8

_SEARCH = """<script>
function mrvSearch(text){var q=text.toLowerCase();document.querySelectorAll('details.entry').forEach(function(d){
d.style.display=(!q||d.dataset.find.indexOf(q)>=0)?'':'none';});}
</script>"""


def show_value(value: Any) -> str:
    """Write a trace value for people: a scalar with its unit, or an array's count, sum, range."""
    if value is None:
        return "—"
    unit = escape(pretty_unit(getattr(value, "unit", "") or ""))
    scalar = getattr(value, "value", None)
    if scalar is not None:
        return f"{scalar:,.6g} {unit}"
    count, total = getattr(value, "count", None), getattr(value, "sum", None)
    if total is None:
        return escape(str(value))
    summary = (
        f"{count:,} values, sum {total:,.6g} {unit} "
        f"(least {value.min:,.6g}, greatest {value.max:,.6g})"
    )
    values = getattr(value, "values", None)
    if values:
        sample = ", ".join(f"{v:,.6g}" for v in values[:SHOWN_VALUES])
        summary += f": [{sample}{', …' if len(values) > SHOWN_VALUES else ''}]"
    return summary


def _tree(root: str, trace: dict[str, Any], shown: set[str], depth: int) -> str:
    entry = trace.get(root)
    if entry is None:
        return ""
    link = f"<a href='#{escape(root)}'><code>{escape(root)}</code></a> = {show_value(entry.value)}"
    if root in shown:
        return f"<li>{link} <span class='muted'>↑</span></li>"
    shown.add(root)
    children = [
        item.ref for item in entry.inputs if item.ref in trace and not item.ref.startswith("input:")
    ]
    if not children or depth == 0:
        return f"<li>{link}</li>"
    inner = "".join(_tree(child, trace, shown, depth - 1) for child in dict.fromkeys(children))
    return f"<li>{link}<ul>{inner}</ul></li>"


def _inputs(entry: Any, trace: dict[str, Any], parameters: Any, w: dict[str, str]) -> list[str]:
    items = []
    for item in entry.inputs:
        ref = item.ref
        if ref.startswith("parameter:"):
            use = parameters.get(ref.removeprefix("parameter:"))
            shown = f"{use.value:g} {escape(pretty_unit(use.unit))}" if use is not None else "—"
        elif ref.startswith("input:"):
            path = f"<span class='muted'>{escape(ref.removeprefix('input:'))}</span>"
            shown = f"{show_value(item.value)} {path}" if item.value is not None else path
        else:
            value = getattr(trace.get(ref), "value", None)
            shown = f"{show_value(value)} <a href='#{escape(ref)}' class='muted'>↑{escape(ref)}</a>"
        items.append(f"<li><code>{escape(item.argument)}</code> = {shown}</li>")
    for key in entry.parameters:
        use = parameters.get(key)
        shown = f"{use.value:g} {escape(pretty_unit(use.unit))}" if use is not None else "—"
        items.append(f"<li>{escape(w['parameter'])} <code>{escape(key)}</code> = {shown}</li>")
    return items


def trace_section(report: Report, trace: dict[str, Any], w: dict[str, str]) -> str:
    """Write the trace of a report: trees from each period's credits, search, every entry."""
    trees = []
    for period in report.periods:
        root = f"{period.id}/issuable_credits"
        if root in trace:
            trees.append(
                f"<h3>{escape(period.id)}</h3><ul class='tree'>{_tree(root, trace, set(), TREE_DEPTH)}</ul>"
            )
    items = []
    for entry in report.trace:
        inputs = _inputs(entry, trace, report.parameters, w)
        find = " ".join([entry.id, entry.equation, *entry.parameters]).lower()
        items.append(
            f"<details class='entry' id='{escape(entry.id)}' data-find='{escape(find)}'>"
            f"<summary>{escape(entry.id)} = {show_value(entry.value)}</summary>"
            f"<div><strong>{escape(w['equation'])}</strong>: {escape(entry.equation)}</div>"
            + (
                f"<div><strong>{escape(w['inputs'])}</strong><ul>{''.join(inputs)}</ul></div>"
                if inputs
                else ""
            )
            + "</details>"
        )
    search = (
        f"<p><label>{escape(w['trace_search'])}: <input type='search' "
        "oninput='mrvSearch(this.value)' style='width:60%;padding:4px'></label></p>"
    )
    return (
        f"<h2>{escape(w['trace'])}</h2><p class='muted'>{escape(w['trace_note'])}</p>"
        f"<h3>{escape(w['trace_walk'])}</h3>"
        + "".join(trees)
        + f"<h3>{escape(w['trace_entries'])}</h3>"
        + _SEARCH
        + search
        + "".join(items)
    )
