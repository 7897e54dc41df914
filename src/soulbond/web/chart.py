"""The count of people who still fit, drawn as it shrank arrival by arrival: an inline SVG, no script.

Counts span from one to hundreds of thousands, so the height is logarithmic;
each arrival is a step, labelled with its count. The page keeps a table of
the same numbers beside it, for whoever cannot see the picture.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 64, 20, 20, 44


@dataclass(frozen=True)
class Point:
    label: str
    """What arrived (shown under the step, shortened)."""
    count: int


def _height(count: int, top: float) -> float:
    span = HEIGHT - TOP - BOTTOM
    return TOP + span * (1 - math.log10(count + 1) / top) if top else TOP + span


def shrinking(points: list[Point], title: str) -> Markup:
    if not points:
        return Markup("")
    top = math.log10(max(p.count for p in points) + 1) or 1.0
    step = (WIDTH - LEFT - RIGHT) / max(len(points), 1)
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="chart-title" '
        f'width="100%" preserveAspectRatio="xMinYMin meet">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}" stroke="#4a4a52"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{HEIGHT - BOTTOM}" stroke="#4a4a52"/>',
    ]
    for tick in range(int(top) + 1):
        y = _height(10**tick - 1 if tick else 0, top)
        value = f"{10**tick:,}" if tick else "0"
        parts.append(f'<text x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end" font-size="12">{value}</text>')
    path = []
    for n, point in enumerate(points):
        x0, x1 = LEFT + n * step, LEFT + (n + 1) * step
        y = _height(point.count, top)
        path.append(f"{'M' if n == 0 else 'L'}{x0:.1f},{y:.1f} L{x1:.1f},{y:.1f}")
        label = point.label if len(point.label) <= 14 else point.label[:13] + "…"
        parts.append(
            f'<text x="{(x0 + x1) / 2:.1f}" y="{max(y - 6, TOP + 10):.1f}" text-anchor="middle" '
            f'font-size="12" font-weight="700">{point.count:,}</text>'
        )
        if len(points) <= 12:
            parts.append(
                f'<text x="{(x0 + x1) / 2:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" '
                f'font-size="11">{escape(label)}</text>'
            )
    parts.append(f'<path d="{" ".join(path)}" fill="none" stroke="#0a4f8f" stroke-width="3"/>')
    parts.append(
        f'<text x="{WIDTH / 2}" y="{HEIGHT - 6}" text-anchor="middle" font-size="12">'
        "each thing that arrived, oldest first</text>"
    )
    parts.append("</svg>")
    return Markup("".join(parts))
