"""The statistics of a period, as PRODUCT.md defines them, from a handful of SQL aggregates.

Every figure is counted by the database (SELECT … GROUP BY over the period's visits); Python
only adds up the few grouped rows that come back. Detainee figures add up the visits' tallies
(icv.models.tallies) rather than reading every entry, so a year's report reads about one row
per visit.

- Counted: reports submitted at least once (COUNTED_STATUSES); drafts never.
- Access bands from the wait in whole minutes: immediate 0–5, 6–15, 16+. A visit abandoned
  before admission (or with no wait recorded) counts in the visits but in no band.
- Offered = accepted + declined. offered, not_available and not_offered are percentages of the
  detainees present; accepted and declined of those offered. Whole numbers rounded half up;
  no denominator, no percentage (None).
- Weekly coverage: a Monday–Sunday week belongs to the period that holds its Thursday (as ISO
  weeks belong to a year), so a year's weeks are exactly its quarters' weeks. A suite closed
  for the whole of a week is not expected to be visited that week. Only weeks that have ended
  (Sunday before today) are counted: `weeks_elapsed` of the period's `weeks`.
"""

from datetime import date

from sqlalchemy import Integer, and_, cast, extract, func, select
from sqlalchemy.orm import Session

from icv import clock, periods
from icv.models import (
    COUNTED_STATUSES,
    DetaineeOutcome,
    ForceDetentions,
    NotAvailableReason,
    NotOfferedReason,
    Suite,
    SuiteClosure,
    Visit,
    VisitOutcome,
    VisitType,
)
from icv.models.tallies import (
    NEEDS,
    TALLY_COLUMNS,
    detainee_tallies,
    juvenile_column,
    reason_column,
)
from icv.periods import Period
from icv.reporting import access_delays, coverage, headline, serious_issues
from icv.reporting import issues as issue_figures
from icv.reporting import rights as rights_figures
from icv.reporting import volunteers as volunteer_figures
from icv.reporting.headline import BANDS, OUTCOMES, percent, share
from icv.reporting.sql import count_where, counted, rows

BAND_LABELS = {
    "immediate": "Immediate (0 to 5 minutes)",
    "wait_6_to_15": "6 to 15 minutes",
    "wait_16_plus": "16 minutes or more",
}
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Arrival hour → time of day, in the order the report lists them.
TIMES_OF_DAY = {
    "night": ("Night (midnight to 5:59am)", range(0, 6)),
    "morning": ("Morning (6am to 11:59am)", range(6, 12)),
    "afternoon": ("Afternoon (noon to 5:59pm)", range(12, 18)),
    "evening": ("Evening (6pm to 11:59pm)", range(18, 24)),
}
NOT_RECORDED = "not_recorded"
REASONS = {"not_available": NotAvailableReason, "not_offered": NotOfferedReason}
NO_SUITE = "Suite not recorded"


def compute(session: Session, period: Period, today: date | None = None) -> dict:
    """Every figure of the period, as a plain dict in the JSON shape of PRODUCT.md (and more).

    `today` (England's date by default) decides which weeks have ended and whether the period
    is complete."""
    today = today or clock.today()
    suites = _suites(session, period)
    visits = _visits_by_suite_and_month(session, period, suites)
    detainees = _detainees(session, period)
    stats = {
        "period": {
            "label": period.label,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
        },
        "complete": period.end < today,
        "started": period.start <= today,
        "visits": visits["visits"],
        "access": visits["access"],
        "detainees": detainees["detainees"],
        "access_not_banded": visits["not_banded"],
        "access_delay_reasons": visits["delay_reasons"],
        "suites": _coverage(session, period, suites, visits["suites"], today),
        "months": visits["months"],
        "reasons": detainees["reasons"],
        "juveniles": detainees["juveniles"],
        "needs": detainees["needs"],
        **_days_and_times(session, period),
        **issue_figures.of_period(session, period),
        "level_3_issues": serious_issues.of_period(session, period),
        "force_detentions": force_detentions(session, period),
        "volunteers": volunteer_figures.of_period(session, period, today),
        # rights, vulnerability, tact, declined_reasons: from the same tallies
        **rights_figures.from_tallies(detainees["sums"], share),
        "comparison": headline.comparison(session, period, _name_of(suites), _order(suites)),
    }
    return stats


def first_visit_date(session: Session) -> date | None:
    """The date of the earliest counted visit: where the periods worth offering begin."""
    return session.scalar(
        select(func.min(Visit.visit_date)).where(Visit.status.in_(COUNTED_STATUSES))
    )


# -- Visits -----------------------------------------------------------------------------------


def _visits_by_suite_and_month(session: Session, period: Period, suites: dict) -> dict:
    order = _order(suites)
    # One integer a month (year * 12 + month - 1): cheaper to group and to read back than two
    # EXTRACTs, which PostgreSQL returns as numeric.
    month = cast(
        extract("year", Visit.visit_date) * 12 + extract("month", Visit.visit_date) - 1, Integer
    )
    band = headline.band()
    abandoned = Visit.outcome == VisitOutcome.ABANDONED
    query = (
        select(
            Visit.suite_id,
            month,
            func.count(),
            count_where(abandoned),
            count_where(Visit.visit_type == VisitType.REMOTE),
            count_where(and_(abandoned, band.is_(None))),
            *(count_where(band == name) for name in BANDS),
            *access_delays.columns(band),
        )
        .where(counted(period))
        .group_by(Visit.suite_id, month)
    )
    # visits, abandoned, abandoned before admission, then the bands: per suite, in a list
    # (a ten-year national report brings back 150 suites x 120 months of rows).
    per_suite: dict = {}
    per_month: dict = {}
    for suite_id, month_index, *counts in rows(session, query):
        figures = per_suite.get(suite_id)
        if figures is None:
            figures = per_suite[suite_id] = [0] * len(counts)
        for index, count in enumerate(counts):
            figures[index] += count
        per_month.setdefault(month_index, {})[suite_id] = counts[0]

    def name(suite_id):
        return suites[suite_id]["name"] if suite_id in suites else NO_SUITE

    keys = (
        "visits",
        "abandoned",
        "remote",
        "abandoned_before_admission",
        *BANDS,
        *access_delays.KEYS,
    )
    per_suite = {
        suite_id: dict(zip(keys, figures, strict=True)) for suite_id, figures in per_suite.items()
    }
    total = sum(figures["visits"] for figures in per_suite.values())
    access = {band: sum(figures[band] for figures in per_suite.values()) for band in BANDS}
    before_admission = sum(f["abandoned_before_admission"] for f in per_suite.values())
    by_suite = {
        name(suite_id): figures["visits"]
        for suite_id, figures in sorted(per_suite.items(), key=lambda item: order(item[0]))
    }
    months = []
    for month_year, month_number in period.months():
        counts = per_month.get(month_year * 12 + month_number - 1, {})
        months.append(
            {
                "month": f"{month_year:04d}-{month_number:02d}",
                "total": sum(counts.values()),
                "by_suite": {
                    name(suite_id): n
                    for suite_id, n in sorted(counts.items(), key=lambda item: order(item[0]))
                },
            }
        )
    return {
        "visits": headline.visits(
            total,
            sum(figures["abandoned"] for figures in per_suite.values()),
            sum(figures["remote"] for figures in per_suite.values()),
            by_suite,
        ),
        "access": access,
        "not_banded": {
            "abandoned_before_admission": before_admission,
            "wait_not_recorded": total - sum(access.values()) - before_admission,
        },
        "suites": per_suite,
        "months": months,
        "delay_reasons": {
            reason: sum(figures[reason] for figures in per_suite.values())
            for reason in access_delays.KEYS
        },
    }


def _order(suites: dict):
    """A sort key for suite ids: the scheme's order (`suites` is in it), a missing suite last."""
    rank = {suite_id: index for index, suite_id in enumerate(suites)}
    return lambda suite_id: rank.get(suite_id, len(rank))


def _name_of(suites: dict):
    return lambda suite_id: suites[suite_id]["name"] if suite_id in suites else NO_SUITE


# -- Suites and weekly coverage ---------------------------------------------------------------


def _suites(session: Session, period: Period) -> dict:
    """Every suite by id, in the scheme's order (the coordinator's position, then the name),
    with its closures in the period."""
    suites = {
        suite_id: {"name": name, "active": active, "closures": []}
        for suite_id, name, active in session.execute(
            select(Suite.id, Suite.name, Suite.active).order_by(
                Suite.position, func.lower(Suite.name), Suite.id
            )
        )
    }
    closures = session.execute(
        select(
            SuiteClosure.suite_id, SuiteClosure.starts_on, SuiteClosure.ends_on, SuiteClosure.reason
        )
        .where(SuiteClosure.starts_on <= period.end, SuiteClosure.ends_on >= period.start)
        .order_by(SuiteClosure.starts_on)
    )
    for suite_id, starts_on, ends_on, reason in closures:
        suites[suite_id]["closures"].append(
            {"starts_on": starts_on, "ends_on": ends_on, "reason": reason}
        )
    return suites


def _coverage(
    session: Session, period: Period, suites: dict, visits: dict, today: date
) -> list[dict]:
    first, last = coverage.weeks_of(period)
    weeks = max(0, last - first + 1)
    _, last_ended = coverage.weeks_ended_of(period, today)
    elapsed = max(0, last_ended - first + 1)
    closed_weeks = {
        suite_id: coverage.closed_weeks(suite["closures"], first, last_ended)
        for suite_id, suite in suites.items()
    }
    visited = coverage.weeks_visited(session, first, last_ended, closed_weeks) if elapsed else {}
    rows = []
    for suite_id, suite in suites.items():
        figures = visits.get(suite_id)
        if figures is None and not suite["active"]:
            continue  # closed for good before the period, and never visited in it
        figures = figures or {}
        closed = len(closed_weeks[suite_id])
        expected = elapsed - closed
        seen = visited.get(suite_id, 0)
        rows.append(
            {
                "name": suite["name"],
                "visits": figures.get("visits", 0),
                "abandoned": figures.get("abandoned", 0),
                **{band: figures.get(band, 0) for band in BANDS},
                "weeks": weeks,
                "weeks_elapsed": elapsed,
                "weeks_closed": closed,
                "weeks_visited": seen,
                "weeks_missed": expected - seen,
                "weeks_visited_percent": percent(seen, expected),
                "closures": [
                    {
                        "starts_on": closure["starts_on"].isoformat(),
                        "ends_on": closure["ends_on"].isoformat(),
                        "reason": closure["reason"],
                    }
                    for closure in suite["closures"]
                ],
            }
        )
    return rows


# -- Detainees --------------------------------------------------------------------------------


def _detainees(session: Session, period: Period) -> dict:
    """From the visits' tallies (icv.models.tallies): one row of sums, a row per visit read."""
    tally = detainee_tallies.c
    query = (
        select(*(func.coalesce(func.sum(tally[name]), 0) for name in TALLY_COLUMNS))
        .join_from(detainee_tallies, Visit, Visit.id == tally.visit_id)
        .where(counted(period))
    )
    sums = dict(zip(TALLY_COLUMNS, rows(session, query)[0], strict=True))
    outcomes = {outcome: sums[outcome] for outcome in OUTCOMES}
    juvenile = {outcome: sums[juvenile_column(DetaineeOutcome(outcome))] for outcome in OUTCOMES}
    reasons = {}
    for outcome, outcome_reasons in REASONS.items():
        counts = {
            reason.value: sums[reason_column(DetaineeOutcome(outcome), reason)]
            for reason in outcome_reasons
        }
        counts[NOT_RECORDED] = outcomes[outcome] - sum(counts.values())
        reasons[outcome] = counts
    needs = {need: sums[need] for need in NEEDS}
    present = sum(outcomes.values())
    juveniles_present = sum(juvenile.values())
    return {
        "detainees": headline.detainees(outcomes),
        "reasons": reasons,
        "juveniles": {
            "present": share(juveniles_present, present),
            **{outcome: juvenile[outcome] for outcome in OUTCOMES},
        },
        "needs": {need: share(count, present) for need, count in needs.items()},
        "sums": sums,
    }


# -- When visits happen -----------------------------------------------------------------------


def _days_and_times(session: Session, period: Period) -> dict:
    weekday = extract("dow", Visit.visit_date)  # 0 is Sunday, in SQLite and PostgreSQL alike
    hour = extract("hour", Visit.arrived_at)
    query = select(weekday, hour, func.count()).where(counted(period)).group_by(weekday, hour)
    days = dict.fromkeys(DAYS, 0)
    times = dict.fromkeys([*TIMES_OF_DAY, NOT_RECORDED], 0)
    for day_number, arrival_hour, count in rows(session, query):
        days[DAYS[(int(day_number) + 6) % 7]] += count
        times[_time_of_day(arrival_hour)] += count
    return {"days_of_week": days, "times_of_day": times}


def _time_of_day(hour) -> str:
    if hour is None:
        return NOT_RECORDED
    return next(name for name, (_, hours) in TIMES_OF_DAY.items() if int(hour) in hours)


# -- Issues and the force's answers -----------------------------------------------------------


# -- The force's own figures ------------------------------------------------------------------


def force_detentions(session: Session, period: Period) -> int | None:
    """Persons the force detained in the period, as the coordinator entered them: for the
    period itself or, for a financial year, its four quarters added up."""
    entered = dict(
        session.execute(
            select(ForceDetentions.label, ForceDetentions.detentions).where(
                ForceDetentions.starts_on >= period.start, ForceDetentions.ends_on <= period.end
            )
        ).all()
    )
    if period.label in entered:
        return entered[period.label]
    if period.kind == "year":
        labels = [quarter.label for quarter in periods.quarters(period.start.year)]
        if all(label in entered for label in labels):
            return sum(entered[label] for label in labels)
    return None
