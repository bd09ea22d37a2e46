"""Charts drawn on the server as inline SVG: no script, styled by classes in the stylesheet.

Each is an image with a title and a description naming every figure it shows (its text
alternative), and each sits beside a table of the same figures.
"""

from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

from icv.reporting.statistics import BAND_LABELS, BANDS

WIDTH = 360  # drawn for a phone; the stylesheet lets it grow to the column's width
SERIES = 6  # suites drawn in their own colour; the rest are added up as "Other suites"


@dataclass
class Chart:
    key: str
    title: str
    svg: Markup
    legend: list[tuple[str, str]]  # (class, label) for the key under a chart with series


def all_charts(stats: dict) -> list[Chart]:
    return [monthly_visits(stats), access_bands(stats), detainee_outcomes(stats)]


def _svg(key: str, title: str, description: str, height: int, body: list[str]) -> Markup:
    # Every text put in is escaped here or where the body is drawn; numbers are formatted.
    return Markup(  # noqa: S704
        f'<svg class="icv-chart" role="img" aria-labelledby="{key}-title {key}-desc" '
        f'viewBox="0 0 {WIDTH} {height}" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{key}-title">{escape(title)}</title>'
        f'<desc id="{key}-desc">{escape(description)}</desc>'
        f"{''.join(body)}</svg>"
    )


def of(count: int, unit: str) -> str:
    """ "1 visit", "2 visits", "1,083 detainees": `unit` is the plural, ending in s."""
    return f"{count:,} {unit[:-1] if count == 1 else unit}"


def bars(key: str, title: str, items: list[tuple[str, int, str]], unit: str) -> Chart:
    """A horizontal bar per item (label, count, css class), each label above its bar."""
    biggest = max([count for _, count, _ in items] + [1])
    track = WIDTH - 70
    body, y = [], 0
    for label, count, css in items:
        length = round(track * count / biggest, 1)
        body.append(f'<text class="icv-chart__label" x="0" y="{y + 14}">{escape(label)}</text>')
        body.append(
            f'<rect class="icv-chart__bar {css}" x="0" y="{y + 20}" '
            f'width="{length}" height="18"></rect>'
        )
        body.append(
            f'<text class="icv-chart__value" x="{length + 6}" y="{y + 34}">{count:,}</text>'
        )
        y += 48
    description = "; ".join(f"{label}: {of(count, unit)}" for label, count, _ in items) + "."
    return Chart(key, title, _svg(key, title, description, max(y, 20), body), [])


def access_bands(stats: dict) -> Chart:
    items = [
        (BAND_LABELS[band], stats["access"][band], f"icv-chart__bar--{index}")
        for index, band in enumerate(BANDS)
    ]
    return bars("chart-access", "Access to the suite: visits by wait", items, "visits")


def detainee_outcomes(stats: dict) -> Chart:
    detainees = stats["detainees"]
    items = [
        ("Agreed to be seen", detainees["accepted"]["count"], "icv-chart__bar--0"),
        ("Refused", detainees["declined"]["count"], "icv-chart__bar--1"),
        ("Not available", detainees["not_available"]["count"], "icv-chart__bar--2"),
        ("Not offered", detainees["not_offered"]["count"], "icv-chart__bar--3"),
    ]
    return bars("chart-detainees", "Detainees present: what happened", items, "detainees")


def monthly_visits(stats: dict) -> Chart:
    """A column a month, stacked by suite."""
    key, title = "chart-months", "Visits per suite by month"
    names = [suite["name"] for suite in stats["suites"] if suite["visits"]]
    drawn, others = names[:SERIES], names[SERIES:]
    months = stats["months"]
    tallest = max([month["total"] for month in months] + [1])
    top, plot, bottom = 16, 160, 36
    slot = (WIDTH - 30) / max(len(months), 1)
    body = [
        f'<line class="icv-chart__axis" x1="30" y1="{top + plot}" x2="{WIDTH}" '
        f'y2="{top + plot}"></line>',
        f'<text class="icv-chart__value" x="0" y="{top + 4}">{tallest:,}</text>',
        f'<text class="icv-chart__value" x="0" y="{top + plot}">0</text>',
    ]
    for index, month in enumerate(months):
        x = 30 + index * slot + slot * 0.15
        width = round(slot * 0.7, 2)
        y = top + plot
        stacks = [
            (name, month["by_suite"].get(name, 0), f"icv-series-{n}")
            for n, name in enumerate(drawn)
        ]
        stacks.append(
            (
                "Other suites",
                sum(month["by_suite"].get(name, 0) for name in others),
                "icv-series-other",
            )
        )
        for _, count, css in stacks:
            if not count:
                continue
            height = round(plot * count / tallest, 2)
            y -= height
            body.append(
                f'<rect class="{css}" x="{round(x, 2)}" y="{round(y, 2)}" '
                f'width="{width}" height="{height}"></rect>'
            )
        day = date.fromisoformat(month["month"] + "-01")
        if len(months) <= 15 or day.month == 4:
            label = f"{day:%b}" if len(months) <= 15 else f"{day:%Y}"
            body.append(
                f'<text class="icv-chart__tick" x="{round(x + width / 2, 2)}" '
                f'y="{top + plot + 16}">{label}</text>'
            )
    legend = [(f"icv-series-{n}", name) for n, name in enumerate(drawn)]
    if others:
        legend.append(("icv-series-other", f"Other suites ({len(others)})"))
    description = " ".join(
        f"{date.fromisoformat(month['month'] + '-01'):%B %Y}: {of(month['total'], 'visits')}"
        + (
            " ("
            + ", ".join(f"{name} {count:,}" for name, count in month["by_suite"].items())
            + ")."
            if month["by_suite"]
            else "."
        )
        for month in months
    )
    return Chart(key, title, _svg(key, title, description, top + plot + bottom, body), legend)
