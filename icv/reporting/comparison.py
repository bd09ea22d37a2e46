"""The period beside the ones a board paper compares it with (icv.reporting.headline), as a
table and a paragraph: differences in words, "up 4 on Q2", "down 3 on 2015/16 Q3", "no change".
"""

from datetime import date, datetime

from icv import clock
from icv.reporting.headline import BANDS

NO_FIGURES = "no figures"

ROWS = (
    ("Visits", ("visits", "total")),
    ("Visits in person", ("visits", "in_person")),
    ("Remote visits", ("visits", "remote")),
    ("Visits completed", ("visits", "completed")),
    ("Visits attempted (abandoned)", ("visits", "attempted")),
    ("Immediate access (0 to 5 minutes)", ("access", "immediate")),
    ("Waited 6 to 15 minutes", ("access", "wait_6_to_15")),
    ("Waited 16 minutes or more", ("access", "wait_16_plus")),
    ("Detainees present", ("detainees", "present")),
    ("Offered a visit", ("detainees", "offered")),
    ("Agreed to be seen", ("detainees", "accepted")),
    ("Refused", ("detainees", "declined")),
    ("Not available", ("detainees", "not_available")),
    ("Not offered", ("detainees", "not_offered")),
)
# The compared periods a difference is given against; the year to date is shown beside.
DIFFERENCES = ("previous_period", "same_period_last_year")
ORDINALS = {2: "first two quarters", 3: "first three quarters", 4: "four quarters"}
assert len(BANDS) == 3  # the three access rows above


def tables(stats: dict) -> list:
    """The comparison table, for every surface figure_tables.tables() feeds; none for a range."""
    from icv.reporting.figure_tables import Table  # tables lists this table among its own

    if not stats.get("comparison"):
        return []
    to_date = "" if stats.get("complete", True) else " to date"
    caption = f"{stats['period']['label']}{to_date} beside the periods the board compares it with"
    notes = publication_notes(stats)
    if notes:
        caption += ". " + " ".join(notes)
    return [Table("comparison", "Comparison", columns(stats), rows(stats), caption)]


def published_on(block: dict) -> str:
    """ "5 December 2026": the day a compared period's figures were published."""
    moment = datetime.fromisoformat(block["published"]["published_at"])
    return f"{clock.in_england(moment):%-d %B %Y}"


def named(stats: dict, compared: dict, short: bool = False) -> str:
    """A compared period's name, "2026/27 Q2" or "2026/27 Q2 as published on 5 December
    2026" when the board was given its figures."""
    label = short_label(stats, compared) if short else compared["period"]["label"]
    if "published" in compared:
        return f"{label} as published on {published_on(compared)}"
    return label


def no_figures(compared: dict) -> bool:
    """No visit at all was recorded in the compared period, and none was published: its
    records may never have been entered, so it is not compared with."""
    return not compared["visits"]["total"] and "published" not in compared


def publication_notes(stats: dict) -> list[str]:
    """What a reader of the comparison is told of the published figures it uses: "Q2's
    figures have changed since they were published.", and that the year to date is live."""
    compared = stats.get("comparison") or {}
    notes = [
        f"{short_label(stats, compared[key])}'s figures have changed since they were published."
        for key in DIFFERENCES
        if compared.get(key, {}).get("changed_since_published")
    ]
    if "year_to_date" in compared and any(
        "published" in compared.get(key, {}) for key in DIFFERENCES
    ):
        notes.append("The year to date is counted from the live figures.")
    return notes


def figure(block: dict, path: tuple[str, str]):
    """A count from a block: a plain number, or the count of a {count, percent} share."""
    value = block[path[0]].get(path[1])
    return value["count"] if isinstance(value, dict) else value


def short_label(stats: dict, compared: dict) -> str:
    """ "Q2" for a quarter of the same year as the period's, else the whole label."""
    label, own = compared["period"]["label"], stats["period"]["label"]
    year, _, quarter = label.partition(" ")
    if quarter.startswith("Q") and own.startswith(year + " "):
        return quarter
    return label


def change(now: int | None, then: int | None, against: str) -> str:
    """ "up 4 on Q2", "down 3 on 2015/16 Q3", "no change" ("" when either is unknown)."""
    if now is None or then is None:
        return ""
    if now == then:
        return "no change"
    return f"{'up' if now > then else 'down'} {abs(now - then):,} on {against}"


def columns(stats: dict) -> list[str]:
    compared = stats.get("comparison") or {}
    names = ["Figure", stats["period"]["label"]]
    for key in DIFFERENCES:
        if key in compared:
            names += [named(stats, compared[key]), "Change"]
    if "year_to_date" in compared:
        names.append(f"Year to date ({compared['year_to_date']['period']['label']})")
    return names


def rows(stats: dict) -> list[list]:
    compared = stats.get("comparison") or {}
    table = []
    for label, path in ROWS:
        now = figure(stats, path)
        row = [label, now]
        for key in DIFFERENCES:
            if key in compared and no_figures(compared[key]):
                row += [NO_FIGURES, ""]
            elif key in compared:
                then = figure(compared[key], path)
                not_started = stats.get("started") is False  # no "down 28" before it begins
                words = "" if not_started else change(now, then, short_label(stats, compared[key]))
                row += [then, words]
        if "year_to_date" in compared:
            row.append(figure(compared["year_to_date"], path))
        table.append(row)
    return table


# -- The paragraph ----------------------------------------------------------------------------


def paragraph(stats: dict, noun: str) -> str:
    """ "Compared to the previous year (2015/16), visits were up 4 and detainees present down
    3." (`noun`: year or quarter) and, for a quarter, the year to date: "In the first three
    quarters of 2016/17 …"."""
    compared = stats.get("comparison") or {}
    if not compared:
        return ""
    if stats.get("started") is False:
        return f"{stats['period']['label']} has not started yet: it has no figures to compare."
    sentences = []
    for key in DIFFERENCES:
        if key not in compared:
            continue
        other = compared[key]
        if no_figures(other):
            continue  # no visits recorded then: its records may never have been entered
        if key == "previous_period":
            opening = f"Compared to the previous {noun} ({named(stats, other)})"
        else:
            opening = f"Compared to the same quarter a year earlier ({named(stats, other)})"
        sentences.append(f"{opening}, {_differences(stats, other)}.")
        if other.get("changed_since_published"):
            sentences.append(
                f"{short_label(stats, other)}'s figures have changed since they were published."
            )
    if sentences and not stats.get("complete", True):
        sentences.append(f"The {noun} is not over yet: these are its figures so far.")
    ytd = compared.get("year_to_date")
    if ytd and ytd["visits"]["total"] and ytd["period"]["label"] != stats["period"]["label"]:
        sentences.append(_year_to_date(ytd, stats.get("complete", True)))
        if any("published" in compared.get(key, {}) for key in DIFFERENCES):
            sentences.append("The year to date is counted from the live figures.")
    return " ".join(sentences)


def _differences(stats: dict, other: dict) -> str:
    parts = []
    figures = (("visits", ("visits", "total")), ("detainees present", ("detainees", "present")))
    for noun, path in figures:
        now, then = figure(stats, path), figure(other, path)
        if now == then:
            parts.append(f"{noun} were unchanged at {now:,}")
        else:
            way = "up" if now > then else "down"
            parts.append(f"{noun} were {way} {abs(now - then):,} (from {then:,} to {now:,})")
    return " and ".join(parts)


def _year_to_date(ytd: dict, complete: bool = True) -> str:
    """The year to date in a sentence; "so far" while its last quarter is running."""
    period = ytd["period"]
    start, end = date.fromisoformat(period["start"]), date.fromisoformat(period["end"])
    quarters = ((end.year - start.year) * 12 + end.month - start.month + 1) // 3
    year = period["label"].split(" ")[0]
    visits, present = ytd["visits"]["total"], ytd["detainees"]["present"]
    if not complete:
        return (
            f"So far in the {ORDINALS.get(quarters, 'year to date')} of {year} (from "
            f"{start.day} {start:%B %Y} to date) {visits:,} "
            f"{'visit has' if visits == 1 else 'visits have'} been made and {present:,} "
            f"{'detainee was' if present == 1 else 'detainees were'} in detention at the time "
            "of the visits."
        )
    return (
        f"In the {ORDINALS.get(quarters, 'year to date')} of {year} ({start.day} {start:%B} to "
        f"{end.day} {end:%B %Y}) {visits:,} {'visit was' if visits == 1 else 'visits were'} "
        f"made and {present:,} {'detainee was' if present == 1 else 'detainees were'} in "
        "detention at the time of the visits."
    )
