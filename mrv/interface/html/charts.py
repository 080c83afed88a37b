"""Charts of the HTML report as inline SVG: no script, no fonts or images fetched."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from html import escape

__all__ = ["interval_chart", "line_chart", "stacked_bars"]

WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 70, 20, 20, 60
NET_COLOUR = "#111"
PALETTE = (
    "#2f6f4f",
    "#c9832b",
    "#3b6ea8",
    "#a2423c",
    "#7a5ea8",
    "#4f9a94",
    "#b08d2a",
    "#6b6b6b",
    "#d16ba5",
    "#86a83b",
    "#1f3f6f",
    "#e0b07a",
)


_STEPS = (1.0, 2.0, 2.5, 5.0, 10.0)
"""Tick steps within a decade: axis ticks fall on round numbers."""
TICKS = 4
"""About how many intervals an axis is cut into."""


def _step(span: float) -> float:
    """Return a round tick step (1, 2, 2.5 or 5 times a power of ten) for about TICKS ticks."""
    raw = span / TICKS
    decade = 10.0 ** math.floor(math.log10(raw))
    return next(step * decade for step in _STEPS if step * decade >= raw * (1 - 1e-9))


def _scale(low: float, high: float) -> tuple[float, float, float]:
    """Return the axis's low and high end and tick step: round numbers covering the data."""
    if low == high:
        low, high = low - 1.0, high + 1.0
    step = _step(high - low)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


def _y(value: float, low: float, high: float) -> float:
    return TOP + (high - value) / (high - low) * (HEIGHT - TOP - BOTTOM)


def _tick(value: float, step: float) -> str:
    """Write a tick with the decimals its step needs (0.25 two, 2.5 one, 1000 none); never -0."""
    decimals = max(0, -math.floor(math.log10(step)))
    scaled = step * 10**decimals
    if abs(scaled - round(scaled)) > 1e-9:  # noqa: PLR2004 - float noise
        decimals += 1
    text = f"{value:,.{decimals}f}"
    return "0" if float(text.replace(",", "")) == 0 else text


def _axis(low: float, high: float, step: float, unit: str) -> list[str]:
    parts = []
    count = round((high - low) / step)
    for index in range(count + 1):
        value = low + index * step
        y = _y(value, low, high)
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
        )
        parts.append(
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{_tick(value, step)}</text>'
        )
    if unit:
        parts.append(f'<text x="{LEFT - 6}" y="{TOP - 8}" text-anchor="end">{escape(unit)}</text>')
    zero = _y(0.0, low, high) if low < 0 < high else None
    if zero is not None:
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{zero:.1f}" y2="{zero:.1f}" class="zero"/>'
        )
    return parts


def _svg(title: str, body: list[str], legend: Sequence[tuple[str, str]]) -> str:
    """Wrap a chart in a figure: the SVG, then its legend as text that wraps."""
    keys = "".join(
        f'<li><span class="key" style="background:{colour}"></span>{escape(label)}</li>'
        for colour, label in legend
    )
    return (
        f'<figure><svg viewBox="0 0 {WIDTH} {HEIGHT - 30}" role="img" aria-label="{escape(title)}" '
        'class="chart">' + "".join(body) + f'</svg><ul class="legend">{keys}</ul></figure>'
    )


def stacked_bars(
    title: str,
    categories: Sequence[str],
    series: Mapping[str, Sequence[float]],
    unit: str = "",
    net: str = "",
) -> str:
    """Bars per category, each series stacked above zero when positive and below when negative.

    With ``net`` (its legend label) a black bar marks each category's sum of all series.
    """
    tops = [sum(max(values[i], 0.0) for values in series.values()) for i in range(len(categories))]
    bottoms = [
        sum(min(values[i], 0.0) for values in series.values()) for i in range(len(categories))
    ]
    low, high, step = _scale(min([0.0, *bottoms]), max([0.0, *tops]))
    body = _axis(low, high, step, unit)
    slot = (WIDTH - LEFT - RIGHT) / max(len(categories), 1)
    bar = slot * 0.5
    for i, category in enumerate(categories):
        x = LEFT + slot * i + (slot - bar) / 2
        up, down = 0.0, 0.0
        for index, (name, values) in enumerate(series.items()):
            value = values[i]
            colour = PALETTE[index % len(PALETTE)]
            start = up if value >= 0 else down
            end = start + value
            y1, y2 = _y(max(start, end), low, high), _y(min(start, end), low, high)
            body.append(
                f'<rect x="{x:.1f}" y="{y1:.1f}" width="{bar:.1f}" height="{max(y2 - y1, 0.5):.1f}" '
                f'fill="{colour}"><title>{escape(name)} {escape(category)}: {value:,.3f}</title></rect>'
            )
            if value >= 0:
                up = end
            else:
                down = end
        if net:
            total = sum(values[i] for values in series.values())
            y = _y(total, low, high)
            body.append(
                f'<rect x="{x - 4:.1f}" y="{y - 1.5:.1f}" width="{bar + 8:.1f}" height="3" fill="{NET_COLOUR}">'
                f"<title>{escape(net)} {escape(category)}: {total:,.3f}</title></rect>"
            )
        body.append(
            f'<text x="{x + bar / 2:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">{escape(category)}</text>'
        )
    legend = [(PALETTE[i % len(PALETTE)], name) for i, name in enumerate(series)]
    return _svg(title, body, legend + ([(NET_COLOUR, net)] if net else []))


def line_chart(
    title: str, categories: Sequence[str], series: Mapping[str, Sequence[float]], unit: str = ""
) -> str:
    """Lines over categories (periods), one per series, with a dot at each value."""
    values = [v for line in series.values() for v in line]
    low, high, step = _scale(min([0.0, *values]), max([0.0, *values]))
    body = _axis(low, high, step, unit)
    slot = (WIDTH - LEFT - RIGHT) / max(len(categories), 1)
    for index, (name, line) in enumerate(series.items()):
        colour = PALETTE[index % len(PALETTE)]
        points = [(LEFT + slot * (i + 0.5), _y(v, low, high)) for i, v in enumerate(line)]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        body.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for (x, y), value in zip(points, line, strict=True):
            body.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"><title>{escape(name)}: {value:,.0f}</title></circle>'
            )
    for i, category in enumerate(categories):
        body.append(
            f'<text x="{LEFT + slot * (i + 0.5):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">{escape(category)}</text>'
        )
    legend = [(PALETTE[i % len(PALETTE)], name) for i, name in enumerate(series)]
    return _svg(title, body, legend)


def interval_chart(
    title: str,
    categories: Sequence[str],
    lows: Sequence[float],
    mids: Sequence[float],
    highs: Sequence[float],
    label: str,
    unit: str = "",
) -> str:
    """Draw a median with its interval per category (Monte Carlo results)."""
    low, high, step = _scale(min([0.0, *lows]), max([0.0, *highs]))
    body = _axis(low, high, step, unit)
    slot = (WIDTH - LEFT - RIGHT) / max(len(categories), 1)
    for i, category in enumerate(categories):
        x = LEFT + slot * (i + 0.5)
        y1, y2, ym = _y(highs[i], low, high), _y(lows[i], low, high), _y(mids[i], low, high)
        body.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y1:.1f}" y2="{y2:.1f}" stroke="{PALETTE[2]}" stroke-width="3"/>'
        )
        body.append(
            f'<circle cx="{x:.1f}" cy="{ym:.1f}" r="5" fill="{PALETTE[0]}"><title>{escape(category)}: {mids[i]:,.1f} ({lows[i]:,.1f} - {highs[i]:,.1f})</title></circle>'
        )
        body.append(
            f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">{escape(category)}</text>'
        )
    return _svg(title, body, [(PALETTE[0], label)])
