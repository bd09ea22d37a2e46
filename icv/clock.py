"""The app's one clock: `now()` is the moment in UTC (what is stored), `today()` the date in
England (what a person in the scheme means by today).

After 11pm in summer the date in UTC is still yesterday's in England: a visit made at 23:30
must not be "in the future", nor an issue overdue an hour early. Everything that asks what day
it is asks here, never date.today() (the machine's zone) or a UTC date.
"""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

ENGLAND = "Europe/London"


def now() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    try:
        return datetime.now(ZoneInfo(ENGLAND)).date()
    except ZoneInfoNotFoundError:  # a machine without time zone data
        return date.today()


def in_england(moment: datetime) -> datetime:
    """A stored moment (UTC) as a clock in England showed it: an hour on in summer time.
    A moment without a zone is one read back from a column that kept UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(ZoneInfo(ENGLAND))
