"""Financial years, their quarters and date ranges, as the coordinator writes them."""

import itertools
from datetime import date

import pytest

from icv import periods


def test_a_financial_year_runs_from_1_april_to_31_march():
    year = periods.parse("2016/17")
    assert (year.label, year.start, year.end, year.kind) == (
        "2016/17",
        date(2016, 4, 1),
        date(2017, 3, 31),
        "year",
    )
    assert periods.parse(" 2016/2017 ") == year
    assert periods.parse("1999/00").end == date(2000, 3, 31)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2016/17 Q1", date(2016, 4, 1), date(2016, 6, 30)),
        ("2016/17 Q2", date(2016, 7, 1), date(2016, 9, 30)),
        ("2016/17 Q3", date(2016, 10, 1), date(2016, 12, 31)),
        ("2016/17 q4", date(2017, 1, 1), date(2017, 3, 31)),
        ("2019/20 Q4", date(2020, 1, 1), date(2020, 3, 31)),
    ],
)
def test_quarters(text, start, end):
    quarter = periods.parse(text)
    assert (quarter.start, quarter.end, quarter.kind) == (start, end, "quarter")
    assert quarter.label == f"{text[:7]} Q{text[-1]}"


def test_the_quarters_of_a_year_cover_it_exactly_with_no_gap():
    quarters = periods.quarters(2016)
    assert quarters[0].start == periods.financial_year(2016).start
    assert quarters[-1].end == periods.financial_year(2016).end
    for earlier, later in itertools.pairwise(quarters):
        assert (later.start - earlier.end).days == 1


def test_the_first_and_last_day_belong_to_the_year_and_the_day_before_and_after_do_not():
    year = periods.parse("2016/17")
    assert date(2016, 4, 1) in year and date(2017, 3, 31) in year
    assert date(2016, 3, 31) not in year and date(2017, 4, 1) not in year
    assert periods.year_of(date(2017, 3, 31)).label == "2016/17"
    assert periods.year_of(date(2017, 4, 1)).label == "2017/18"
    assert periods.quarter_of(date(2016, 12, 31)).label == "2016/17 Q3"
    assert periods.quarter_of(date(2017, 1, 1)).label == "2016/17 Q4"


def test_a_date_range():
    period = periods.parse("2016-04-01..2016-09-30")
    assert (period.start, period.end, period.kind) == (date(2016, 4, 1), date(2016, 9, 30), "range")
    assert period.label == "1 April 2016 to 30 September 2016"
    assert periods.parse(period.key) == period
    assert periods.parse("2016-04-01 to 2016-09-30") == period


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2016/18", "is not a financial year: write it like 2016/17"),
        ("2016/17 Q5", "Enter a period like"),
        ("last year", "Enter a period like"),
        ("", "Enter a period like"),
        ("2016-02-30..2016-03-01", "has a date that does not exist"),
        ("2016-09-30..2016-04-01", "must be the same as or after its start"),
    ],
)
def test_a_period_that_cannot_be_read_is_refused_with_a_message(text, message):
    with pytest.raises(periods.PeriodError, match=message):
        periods.parse(text)


def test_months_of_a_period():
    assert periods.parse("2016/17 Q4").months() == [(2017, 1), (2017, 2), (2017, 3)]
    assert len(periods.parse("2016/17").months()) == 12
