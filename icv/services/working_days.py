"""Working days: Monday to Friday, less the bank holidays of England and Wales.

The bank holidays come from the `holidays` library (GB, subdivision ENG), which is kept up to
date with each year's proclamations, including one-off days such as a coronation or a state
funeral, so nobody has to type next year's dates in. England and Wales share one list (the
library's ENG and WLS agree on every year); Scotland and Northern Ireland have their own, which
a scheme there would need.

Pure functions of dates: none looks at the clock (icv.clock says what day it is).
"""

from datetime import date, timedelta
from functools import cache

import holidays

COUNTRY, SUBDIVISION = "GB", "ENG"


@cache
def bank_holidays(year: int) -> frozenset[date]:
    """England and Wales's bank holidays in `year`, including days 'observed' in lieu."""
    return frozenset(holidays.country_holidays(COUNTRY, subdiv=SUBDIVISION, years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def add_working_days(start: date, days: int) -> date:
    """The `days`-th working day after `start` (`start` itself never counts).

    A level 3 issue referred on Friday 22 December 2017 is due on Wednesday 27 December:
    the weekend, Christmas Day and Boxing Day are skipped.
    """
    if days < 1:
        raise ValueError("count at least one working day")
    day = start
    while days:
        day += timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when `end` is not later)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_working_day(day)
    return count
