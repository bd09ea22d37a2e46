"""The headline figures of a period (visits, access, detainees) and the periods a board paper
compares it with.

A quarter is compared with the quarter before, the same quarter a year earlier and the
financial year to date (its first day to the quarter's last); a year with the year before.
Each compared period's figures are counted by the database as the period's own are: the same
visits (COUNTED_STATUSES, dated in the period), the same access bands and the same detainee
tallies, never by adding up other periods. All the compared periods come from one query over
the visits and their tallies, each column counting one period's rows.

A compared quarter or year the board has been given (published, icv.services.publishing) is
compared as published: its newest revision's headline blocks, marked with a `published` block
({revision, published_at}) and `changed_since_published` when its live figures now differ.
The year to date stays live (its quarters may each have been published, or not).
"""

from sqlalchemy import and_, case, func, literal, or_, select
from sqlalchemy.orm import Session

from icv import periods
from icv.models import PublishedStatistics, Visit, VisitOutcome, VisitType
from icv.models.tallies import detainee_tallies
from icv.periods import Period
from icv.reporting.sql import count_where, counted, rows

BANDS = ("immediate", "wait_6_to_15", "wait_16_plus")
OUTCOMES = ("accepted", "declined", "not_available", "not_offered")


def percent(part: int, whole: int) -> int | None:
    """part as a whole percentage of whole, rounded half up (12.5 → 13); None when whole is 0.

    Integer arithmetic, so no binary fraction can tip a half the wrong way, and never Python's
    round(), which rounds halves to even.
    """
    if not whole:
        return None
    return (200 * part + whole) // (2 * whole)


def share(part: int, whole: int) -> dict:
    return {"count": part, "percent": percent(part, whole)}


def band(visit=Visit):
    """The access band of a visit, or None: abandoned before admission, or no wait recorded."""
    admitted = or_(visit.outcome != VisitOutcome.ABANDONED, visit.admitted_at.is_not(None))
    wait = visit.wait_minutes
    return case(
        (or_(wait.is_(None), ~admitted), None),
        (wait <= 5, literal("immediate")),
        (wait <= 15, literal("wait_6_to_15")),
        else_=literal("wait_16_plus"),
    )


def visit_columns(condition) -> list:
    """Visits, abandoned, remote and one per access band, of the rows meeting `condition`."""
    visit_band = band()
    return [
        count_where(condition),
        count_where(and_(condition, Visit.outcome == VisitOutcome.ABANDONED)),
        count_where(and_(condition, Visit.visit_type == VisitType.REMOTE)),
        *(count_where(and_(condition, visit_band == name)) for name in BANDS),
    ]


VISIT_KEYS = ("visits", "abandoned", "remote", *BANDS)


def visits(total: int, abandoned: int, remote: int, by_suite: dict) -> dict:
    """The `visits` block: in person and remote, completed and attempted (abandoned: the
    visitors went but the visit did not complete) add up to the total."""
    return {
        "total": total,
        "abandoned": abandoned,
        "by_suite": by_suite,
        "in_person": total - remote,
        "remote": remote,
        "completed": total - abandoned,
        "attempted": abandoned,
    }


def detainees(outcomes: dict) -> dict:
    """The `detainees` block from the four outcomes' counts."""
    present = sum(outcomes.values())
    offered = outcomes["accepted"] + outcomes["declined"]
    return {
        "present": present,
        "offered": share(offered, present),
        "not_available": share(outcomes["not_available"], present),
        "not_offered": share(outcomes["not_offered"], present),
        "accepted": share(outcomes["accepted"], offered),
        "declined": share(outcomes["declined"], offered),
    }


# The compared periods the board may have been given as published figures.
PUBLISHABLE_COMPARED = ("previous_period", "same_period_last_year")


# -- The periods compared ---------------------------------------------------------------------


def compared_with(period: Period) -> dict[str, Period]:
    """The periods a board paper puts beside `period`, by their key in `comparison`."""
    if period.kind == "year":
        return {"previous_period": periods.financial_year(period.start.year - 1)}
    if period.kind != "quarter":
        return {}
    first_year = periods.year_of(period.start).start.year
    number = int(period.label[-1])
    previous = (
        periods.quarter(first_year, number - 1)
        if number > 1
        else periods.quarter(first_year - 1, 4)
    )
    return {
        "previous_period": previous,
        "same_period_last_year": periods.quarter(first_year - 1, number),
        "year_to_date": year_to_date(period),
    }


def year_to_date(quarter: Period) -> Period:
    """The financial year from its first day to the quarter's last: "2016/17 Q1 to Q3"."""
    year = periods.year_of(quarter.start)
    number = int(quarter.label[-1])
    label = quarter.label if number == 1 else f"{year.label} Q1 to Q{number}"
    return Period(label, year.start, quarter.end, "range")


def period_block(period: Period) -> dict:
    return {"label": period.label, "start": period.start.isoformat(), "end": period.end.isoformat()}


def comparison(session: Session, period: Period, name_of, order) -> dict:
    """The headline figures of every period compared with `period`; `name_of(suite_id)` names a
    suite and `order(suite_id)` sorts them as the scheme lists them."""
    compared = compared_with(period)
    if not compared:
        return {}
    start = min(each.start for each in compared.values())
    end = max(each.end for each in compared.values())
    inside = [
        and_(Visit.visit_date >= each.start, Visit.visit_date <= each.end)
        for each in compared.values()
    ]
    tally = detainee_tallies.c
    # A visit has at most one tally row (its key is the visit's), so joining them keeps one
    # row per visit: visits and detainees of every compared period in one pass.
    query = (
        select(
            Visit.suite_id,
            *(column for test in inside for column in visit_columns(test)),
            *(
                func.coalesce(func.sum(case((test, tally[outcome]), else_=0)), 0)
                for test in inside
                for outcome in OUTCOMES
            ),
        )
        .outerjoin_from(Visit, detainee_tallies, Visit.id == tally.visit_id)
        .where(counted(None, start, end))
        .group_by(Visit.suite_id)
    )
    per_suite = sorted(rows(session, query), key=lambda row: order(row[0]))
    width = len(VISIT_KEYS)
    tallies_from = 1 + width * len(compared)
    result = {}
    for index, (key, each) in enumerate(compared.items()):
        figures = [
            (row[0], dict(zip(VISIT_KEYS, row[1 + index * width :][:width], strict=True)))
            for row in per_suite
        ]
        total = {name: sum(counts[name] for _, counts in figures) for name in VISIT_KEYS}
        outcomes = {
            outcome: sum(row[tallies_from + index * len(OUTCOMES) + number] for row in per_suite)
            for number, outcome in enumerate(OUTCOMES)
        }
        result[key] = {
            "period": period_block(each),
            "visits": visits(
                total["visits"],
                total["abandoned"],
                total["remote"],
                {name_of(suite_id): c["visits"] for suite_id, c in figures if c["visits"]},
            ),
            "access": {name: total[name] for name in BANDS},
            "detainees": detainees(outcomes),
        }
    return as_published(session, compared, result)


def as_published(session: Session, compared: dict[str, Period], result: dict) -> dict:
    """`result` with each compared period the board has been given (PUBLISHABLE_COMPARED) as
    published: its newest revision's headline figures, saying which revision and whether the
    live figures now differ. One query for them all."""
    wanted = [compared[key] for key in PUBLISHABLE_COMPARED if key in compared]
    if not wanted:
        return result
    newest = {}
    for chosen in session.scalars(
        select(PublishedStatistics)
        .where(
            or_(
                *(
                    and_(
                        PublishedStatistics.starts_on == each.start,
                        PublishedStatistics.ends_on == each.end,
                    )
                    for each in wanted
                )
            )
        )
        .order_by(PublishedStatistics.revision.desc())
    ):
        newest.setdefault((chosen.starts_on, chosen.ends_on), chosen)
    for key in PUBLISHABLE_COMPARED:
        chosen = key in compared and newest.get((compared[key].start, compared[key].end))
        if not chosen:
            continue
        live, frozen = result[key], chosen.figures
        block = {
            "period": live["period"],
            "visits": frozen["visits"],
            "access": frozen["access"],
            "detainees": frozen["detainees"],
            "published": {
                "revision": chosen.revision,
                "published_at": chosen.published_at.isoformat(),
            },
        }
        if _headline(block) != _headline(live):
            block["changed_since_published"] = True
        result[key] = block
    return result


def _headline(block: dict) -> tuple:
    """The figures a comparison shows of a block: visits, access bands, detainees' counts."""
    visits, people = block["visits"], block["detainees"]
    return (
        {key: visits.get(key) for key in ("total", "abandoned", "in_person", "remote")},
        {name: block["access"].get(name) for name in BANDS},
        people["present"],
        {key: (people.get(key) or {}).get("count") for key in ("offered", *OUTCOMES)},
    )
