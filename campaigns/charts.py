"""Charts drawn on the server as SVG: no script, so the strict CSP holds. Each chart comes with its data table."""

from dataclasses import dataclass

WIDTH = 640
HEIGHT = 240
LEFT = 56
BOTTOM = 28
TOP = 12


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: int


@dataclass
class Tick:
    y: float
    label: str


def nice_max(value):
    """A round upper bound for an axis: 1, 2 or 5 times a power of ten."""
    if value <= 0:
        return 1
    magnitude = 1
    while magnitude * 10 <= value:
        magnitude *= 10
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _ticks(top):
    plot = HEIGHT - BOTTOM - TOP
    return [Tick(y=TOP + plot - plot * i / 4, label=f"{top * i // 4:,}") for i in range(5)]


def bar_chart(labels, values):
    """Bars for a series; returns the geometry the template draws."""
    top = nice_max(max(values, default=0))
    plot_width = WIDTH - LEFT - 8
    plot_height = HEIGHT - BOTTOM - TOP
    slot = plot_width / max(len(values), 1)
    bars = []
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        height = plot_height * value / top
        bars.append(
            Bar(
                x=round(LEFT + index * slot + slot * 0.15, 1),
                y=round(TOP + plot_height - height, 1),
                width=round(slot * 0.7, 1),
                height=round(height, 1),
                label=label,
                value=value,
            )
        )
    return {"width": WIDTH, "height": HEIGHT, "bars": bars, "ticks": _ticks(top), "left": LEFT, "base": HEIGHT - BOTTOM}


def line_chart(labels, series):
    """Lines for several series [(name, css_class, values)] over the same labels."""
    top = nice_max(max((max(values, default=0) for _name, _class, values in series), default=0))
    plot_width = WIDTH - LEFT - 8
    plot_height = HEIGHT - BOTTOM - TOP
    step = plot_width / max(len(labels) - 1, 1)
    lines = []
    for name, css_class, values in series:
        points = [
            (round(LEFT + index * step, 1), round(TOP + plot_height - plot_height * value / top, 1))
            for index, value in enumerate(values)
        ]
        lines.append(
            {"name": name, "class": css_class, "points": " ".join(f"{x},{y}" for x, y in points), "dots": points}
        )
    ticks_x = [{"x": round(LEFT + index * step, 1), "label": label} for index, label in enumerate(labels)]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "lines": lines,
        "ticks": _ticks(top),
        "ticks_x": ticks_x,
        "left": LEFT,
        "base": HEIGHT - BOTTOM,
    }


def heat_level(value, highest):
    """0-4: how dark a heat-table cell is."""
    if not value or not highest:
        return 0
    return min(4, 1 + int(4 * value / (highest + 1)))
