"""Reporting periods: the UK financial year (1 April to 31 March, written `2016/17`), its
quarters (`2016/17 Q3`: Q1 April–June … Q4 January–March) and any range of dates.

A visit belongs to the period that holds its date; both ends of a period are inclusive.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

QUARTER_MONTHS = {1: (4, 6), 2: (7, 9), 3: (10, 12), 4: (1, 3)}

_YEAR = re.compile(r"^\s*(\d{4})\s*/\s*(\d{2}|\d{4})\s*$")
_QUARTER = re.compile(r"^\s*(\d{4})\s*/\s*(\d{2}|\d{4})\s+Q([1-4])\s*$", re.IGNORECASE)
_RANGE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})\s*(?:\.\.|to|–|—)\s*(\d{4}-\d{2}-\d{2})\s*$")

EXAMPLES = "2016/17, 2016/17 Q3 or 2016-04-01 to 2016-09-30"


# Statistics are asked of the years a scheme keeps records in, not of any date a calendar holds:
# a period beyond these is a slip of the keyboard (and 9999's last days overflow a date).
FIRST_DAY, LAST_DAY = date(1990, 1, 1), date(2100, 12, 31)
# A board looks back years, not centuries: a longer range is a slip, and a costly one (every
# month and week of it is a row of the page). Ten financial years is the longest.
LONGEST_RANGE_YEARS = 10
OUT_OF_REACH = f"Enter a period between {FIRST_DAY:%-d %B %Y} and {LAST_DAY:%-d %B %Y}"


class PeriodError(ValueError):
    """Text that names no period; the message says what to write instead, and `end` which end
    of a range it is about ("start" or "end"), when it is about one."""

    def __init__(self, message: str, end: str | None = None):
        super().__init__(message)
        self.end = end


@dataclass(frozen=True)
class Period:
    label: str
    start: date
    end: date  # inclusive
    kind: str = "range"  # "year", "quarter" or "range"

    @property
    def key(self) -> str:
        """What parse() reads back as this period: in URLs and on the command line."""
        if self.kind == "range":
            return f"{self.start.isoformat()}..{self.end.isoformat()}"
        return self.label

    @property
    def noun(self) -> str:
        """How the narrative names the span: "during the year", "during the quarter"."""
        return {"year": "year", "quarter": "quarter"}.get(self.kind, "period")

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    def months(self) -> list[tuple[int, int]]:
        """(year, month) of every calendar month the period touches, in order."""
        months, year, month = [], self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            months.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months


def financial_year(first_year: int) -> Period:
    """The financial year that starts on 1 April of first_year."""
    return Period(
        f"{first_year}/{(first_year + 1) % 100:02d}",
        date(first_year, 4, 1),
        date(first_year + 1, 3, 31),
        "year",
    )


def quarter(first_year: int, number: int) -> Period:
    first_month, last_month = QUARTER_MONTHS[number]
    year = first_year + 1 if number == 4 else first_year
    start = date(year, first_month, 1)
    end = _last_day(year, last_month)
    return Period(f"{financial_year(first_year).label} Q{number}", start, end, "quarter")


def quarters(first_year: int) -> list[Period]:
    return [quarter(first_year, number) for number in (1, 2, 3, 4)]


def date_range(start: date, end: date) -> Period:
    """The days from `start` to `end`, both included: within FIRST_DAY and LAST_DAY, and at
    most LONGEST_RANGE_YEARS long."""
    if start < FIRST_DAY:
        raise PeriodError(f"The first day must be {_long(FIRST_DAY)} or later", "start")
    if end > LAST_DAY:
        raise PeriodError(f"The last day must be {_long(LAST_DAY)} or earlier", "end")
    if end < start:
        raise PeriodError("The end of the period must be the same as or after its start", "end")
    if end >= _years_after(start, LONGEST_RANGE_YEARS):
        raise PeriodError(f"A period can be at most {LONGEST_RANGE_YEARS} years long", "end")
    return Period(f"{_long(start)} to {_long(end)}", start, end, "range")


def _years_after(day: date, years: int) -> date:
    """The same day `years` later (1 March for 29 February in a year without one)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def year_of(day: date) -> Period:
    """The financial year that holds `day`."""
    return financial_year(day.year if day.month >= 4 else day.year - 1)


def quarter_of(day: date) -> Period:
    year = year_of(day)
    return next(period for period in quarters(year.start.year) if day in period)


def parse(text: str) -> Period:
    """`2016/17`, `2016/17 Q3`, or two ISO dates joined by `..` or `to`."""
    text = text or ""
    if match := _QUARTER.match(text):
        return _within_reach(quarter(_first_year(match[1], match[2]), int(match[3])))
    if match := _YEAR.match(text):
        return _within_reach(financial_year(_first_year(match[1], match[2])))
    if match := _RANGE.match(text):
        try:
            start, end = date.fromisoformat(match[1]), date.fromisoformat(match[2])
        except ValueError as error:
            raise PeriodError(f"{text.strip()} has a date that does not exist") from error
        return date_range(start, end)
    raise PeriodError(f"Enter a period like {EXAMPLES}")


def _first_year(first: str, second: str) -> int:
    year = int(first)
    expected = year + 1
    if not FIRST_DAY.year - 1 <= year <= LAST_DAY.year:
        raise PeriodError(OUT_OF_REACH)
    if int(second) not in (expected, expected % 100):
        raise PeriodError(
            f"{first}/{second} is not a financial year: write it like "
            f"{year}/{expected % 100:02d} (1 April {year} to 31 March {expected})"
        )
    return year


def _within_reach(period: Period) -> Period:
    if period.start < FIRST_DAY or period.end > LAST_DAY:
        raise PeriodError(OUT_OF_REACH)
    return period


def _last_day(year: int, month: int) -> date:
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return following - timedelta(days=1)


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"
