"""Due dates count working days: weekends and England and Wales's bank holidays are skipped."""

from datetime import date

import pytest

from icv.services import issues, working_days


@pytest.mark.parametrize(
    ("level", "referred_on", "due_on"),
    [
        # Friday 22 December 2017: the weekend, then Christmas Day and Boxing Day.
        (3, date(2017, 12, 22), date(2017, 12, 27)),
        (2, date(2017, 12, 22), date(2018, 1, 3)),  # and New Year's Day 2018
        # Thursday before Easter 2018: Good Friday 30 March and Easter Monday 2 April.
        (3, date(2018, 3, 29), date(2018, 4, 3)),
        (2, date(2018, 3, 29), date(2018, 4, 9)),
        # Friday before the late May (spring) bank holiday, Monday 28 May 2018.
        (3, date(2018, 5, 25), date(2018, 5, 29)),
        # An ordinary week: Monday to the next Monday is five working days.
        (2, date(2018, 6, 4), date(2018, 6, 11)),
        (3, date(2018, 6, 4), date(2018, 6, 5)),
        # Referred on a Saturday: the next working day is Monday.
        (3, date(2018, 6, 9), date(2018, 6, 11)),
        # Level 1: twenty working days, over the August bank holiday (27 August 2018).
        (1, date(2018, 8, 1), date(2018, 8, 30)),
    ],
)
def test_the_due_date_is_set_by_level_in_working_days(level, referred_on, due_on):
    assert issues.suggested_due_on(level, referred_on) == due_on


def test_bank_holidays_come_from_the_library_for_england_and_wales():
    assert date(2017, 12, 25) in working_days.bank_holidays(2017)
    assert date(2017, 8, 28) in working_days.bank_holidays(2017)  # late summer, England only…
    assert date(2017, 8, 7) not in working_days.bank_holidays(2017)  # …Scotland's is earlier
    assert date(2023, 5, 8) in working_days.bank_holidays(2023)  # the coronation, a one-off
    assert not working_days.is_working_day(date(2022, 9, 19))  # the Queen's state funeral


def test_a_christmas_on_a_weekend_moves_the_holiday_to_the_next_working_day():
    # 25 and 26 December 2021 were a Saturday and Sunday: the 27th and 28th were the holidays.
    assert not working_days.is_working_day(date(2021, 12, 27))
    assert not working_days.is_working_day(date(2021, 12, 28))
    assert working_days.add_working_days(date(2021, 12, 24), 1) == date(2021, 12, 29)


def test_working_days_late_count_only_working_days():
    assert working_days.working_days_between(date(2017, 12, 22), date(2017, 12, 27)) == 1
    assert working_days.working_days_between(date(2017, 12, 22), date(2017, 12, 22)) == 0
    assert working_days.working_days_between(date(2017, 12, 27), date(2017, 12, 22)) == 0


def test_at_least_one_working_day_is_counted():
    with pytest.raises(ValueError):
        working_days.add_working_days(date(2018, 1, 1), 0)
