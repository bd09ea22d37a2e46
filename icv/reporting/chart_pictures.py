"""The charts of icv.reporting.charts as PNG pictures, for the Word board paper: drawn by
matplotlib (its Agg backend, no display, no pyplot state shared between requests) from the
same figures, with the same titles and descriptions."""

import io
from dataclasses import dataclass
from datetime import date
from html import unescape

from icv.reporting import charts
from icv.reporting.statistics import BAND_LABELS, BANDS

COLOURS = ["#1d70b8", "#f47738", "#00703c", "#912b88", "#505a5f", "#d4351c"]
OTHER = "#b1b4b6"
DPI = 150


@dataclass
class Picture:
    key: str
    title: str
    description: str  # the picture's alternative text
    png: bytes


def all_pictures(stats: dict) -> list[Picture]:
    svg = {chart.key: chart for chart in charts.all_charts(stats)}
    return [
        _monthly_visits(stats, svg["chart-months"]),
        _bars(
            svg["chart-access"],
            [(BAND_LABELS[band], stats["access"][band]) for band in BANDS],
        ),
        _bars(svg["chart-detainees"], _outcomes(stats["detainees"])),
    ]


def _outcomes(detainees: dict) -> list[tuple[str, int]]:
    return [
        ("Agreed to be seen", detainees["accepted"]["count"]),
        ("Refused", detainees["declined"]["count"]),
        ("Not available", detainees["not_available"]["count"]),
        ("Not offered", detainees["not_offered"]["count"]),
    ]


def _description(chart) -> str:
    """The SVG chart's own text alternative (its <desc>), so both say the same."""
    svg = str(chart.svg)
    start = svg.find("<desc")
    start = svg.find(">", start) + 1
    return unescape(svg[start : svg.find("</desc>")])


def _figure(width: float, height: float):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(figure)
    return figure


def _png(figure) -> bytes:
    output = io.BytesIO()
    figure.savefig(output, format="png", dpi=DPI, bbox_inches="tight")
    return output.getvalue()


def _bars(chart, items: list[tuple[str, int]]) -> Picture:
    figure = _figure(6, 0.5 + 0.45 * len(items))
    axes = figure.add_subplot()
    labels = [label for label, _ in items][::-1]
    counts = [count for _, count in items][::-1]
    bars = axes.barh(labels, counts, color=COLOURS[: len(items)][::-1])
    axes.bar_label(bars, labels=[f"{count:,}" for count in counts], padding=3)
    axes.set_title(chart.title, loc="left", fontsize=11)
    axes.spines[["top", "right"]].set_visible(False)
    axes.set_xlim(0, max([*counts, 1]) * 1.15)
    return Picture(chart.key, chart.title, _description(chart), _png(figure))


def _monthly_visits(stats: dict, chart) -> Picture:
    names = [suite["name"] for suite in stats["suites"] if suite["visits"]]
    drawn, others = names[: charts.SERIES], names[charts.SERIES :]
    months = stats["months"]
    ticks = [date.fromisoformat(month["month"] + "-01") for month in months]
    labels = [f"{day:%b}" if len(months) <= 15 else f"{day:%b %y}" for day in ticks]
    figure = _figure(6, 3)
    axes = figure.add_subplot()
    bottoms = [0] * len(months)
    series = [(name, [month["by_suite"].get(name, 0) for month in months]) for name in drawn]
    if others:
        series.append(
            (
                f"Other suites ({len(others)})",
                [sum(month["by_suite"].get(name, 0) for name in others) for month in months],
            )
        )
    for index, (name, counts) in enumerate(series):
        colour = OTHER if index >= len(drawn) else COLOURS[index % len(COLOURS)]
        axes.bar(range(len(months)), counts, bottom=bottoms, color=colour, label=name)
        bottoms = [bottom + count for bottom, count in zip(bottoms, counts, strict=True)]
    axes.set_xticks(range(len(months)), labels, fontsize=8, rotation=0 if len(months) <= 15 else 90)
    axes.set_ylabel("Visits")
    axes.set_title(chart.title, loc="left", fontsize=11)
    axes.spines[["top", "right"]].set_visible(False)
    if series:
        axes.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1, 1))
    return Picture(chart.key, chart.title, _description(chart), _png(figure))
