"""What every statistic's SQL shares: the visits counted in a period, counting the rows that
meet a condition, reading rows, and the date arithmetic that SQLite and PostgreSQL write
differently.

Statistics group visits into Monday–Sunday weeks and measure the force's answer times inside
the database, so that no row has to come back to Python to be counted.
"""

from datetime import date

from sqlalchemy import Date, Float, Integer, and_, func
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement

from icv.models import COUNTED_STATUSES, Visit

# A Monday long before any visit: week numbers count whole weeks from it.
EPOCH = date(1900, 1, 1)
_EPOCH_JULIAN_DAY = 2415020.5  # SQLite's julianday('1900-01-01')


def week_of(day: date) -> int:
    """The number of the Monday–Sunday week that holds `day`, as week_number() computes it."""
    return (day - EPOCH).days // 7


class week_number(FunctionElement):
    """week_number(date_column, offset_days): the week holding the date `offset_days` later."""

    type = Integer()
    inherit_cache = True
    name = "week_number"


@compiles(week_number, "postgresql")
def _week_number_postgresql(element, compiler, **kw):
    column, offset = _column_and_offset(element, compiler, **kw)
    return f"((({column}) - DATE '{EPOCH.isoformat()}') + {offset}) / 7"


@compiles(week_number)
def _week_number_sqlite(element, compiler, **kw):
    column, offset = _column_and_offset(element, compiler, **kw)
    return f"CAST((julianday({column}) - {_EPOCH_JULIAN_DAY} + {offset}) / 7 AS INTEGER)"


def _column_and_offset(element, compiler, **kw):
    column, offset = list(element.clauses)
    return compiler.process(column, **kw), int(offset.value)


class seconds_between(FunctionElement):
    """seconds_between(earlier, later): the seconds from one timestamp to the other."""

    type = Float()
    inherit_cache = True
    name = "seconds_between"


@compiles(seconds_between, "postgresql")
def _seconds_between_postgresql(element, compiler, **kw):
    earlier, later = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"EXTRACT(EPOCH FROM ({later}) - ({earlier}))"


@compiles(seconds_between)
def _seconds_between_sqlite(element, compiler, **kw):
    earlier, later = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"((julianday({later}) - julianday({earlier})) * 86400.0)"


class day_of(FunctionElement):
    """day_of(timestamp): its date in UTC, comparable with a DATE column."""

    type = Date()
    inherit_cache = True
    name = "day_of"


@compiles(day_of, "postgresql")
def _day_of_postgresql(element, compiler, **kw):
    (timestamp,) = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"CAST(({timestamp}) AT TIME ZONE 'UTC' AS DATE)"


@compiles(day_of)
def _day_of_sqlite(element, compiler, **kw):
    (timestamp,) = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"date({timestamp})"


def rows(session, query) -> list:
    """The rows of a Core query, read straight from the connection: no ORM result handling."""
    return session.connection().execute(query).all()


def counted(period, start: date | None = None, end: date | None = None):
    """The visits a period's statistics count: submitted at least once, dated in the period."""
    return and_(
        Visit.visit_date >= (start or period.start),
        Visit.visit_date <= (end or period.end),
        Visit.status.in_(COUNTED_STATUSES),
    )


def count_where(condition):
    """How many rows meet the condition: COUNT(*) FILTER (WHERE …), which both databases
    evaluate faster than SUM(CASE …)."""
    return func.count().filter(condition)
