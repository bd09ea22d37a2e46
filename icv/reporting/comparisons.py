"""The comparison table of the board paper: the period's headline figures beside the previous
period, the same period a year earlier and (a quarter) the year to date, from the `comparison`
block of the statistics, with each change in words ("up 4 on 2016/17 Q2")."""

from icv.reporting import exporters
from icv.reporting.statistics import BAND_LABELS, BANDS

KEY = "comparison"
ORDER = ("previous_period", "same_period_last_year", "year_to_date")
CHANGED = ("previous_period", "same_period_last_year")  # the year to date is not like for like


def table(stats: dict) -> exporters.Table | None:
    """The comparison table, or None when the statistics carry no comparison. A table of that
    key among exporters.tables() is used as it is, so every surface shows the same one."""
    compared = stats.get("comparison") or {}
    if not compared:
        return None
    for existing in exporters.tables(stats):
        if existing.key == KEY:
            return existing
    others = [(name, compared[name]) for name in ORDER if compared.get(name)]
    columns = ["Figure", stats["period"]["label"]]
    for name, other in others:
        columns.append(_heading(name, other))
        if name in CHANGED:
            columns.append(f"Change on {other['period']['label']}")
    rows = []
    for label, figure in FIGURES:
        row = [label, figure(stats)]
        for name, other in others:
            row.append(figure(other))
            if name in CHANGED:
                row.append(change(figure(stats), figure(other), other["period"]["label"]))
        rows.append(row)
    return exporters.Table(
        KEY,
        "Comparisons",
        columns,
        rows,
        f"{stats['period']['label']} compared with earlier periods",
    )


def _heading(name: str, other: dict) -> str:
    if name == "year_to_date":
        return f"Year to date ({other['period']['label']})"
    return other["period"]["label"]


def change(now, before, label: str) -> str:
    """ "up 4 on 2016/17 Q2", "down 3 on …", "no change on …"; "" when either is unknown."""
    if now is None or before is None:
        return ""
    if now == before:
        return f"no change on {label}"
    return f"{'up' if now > before else 'down'} {abs(now - before):,} on {label}"


def _count(outcome):
    return lambda figures: figures["detainees"][outcome]["count"]


FIGURES = [
    ("Visits", lambda figures: figures["visits"]["total"]),
    *((BAND_LABELS[band], lambda figures, band=band: figures["access"][band]) for band in BANDS),
    ("Detainees present", lambda figures: figures["detainees"]["present"]),
    ("Offered a visit", _count("offered")),
    ("Not available", _count("not_available")),
    ("Not offered", _count("not_offered")),
    ("Agreed to be seen", _count("accepted")),
    ("Refused", _count("declined")),
]
