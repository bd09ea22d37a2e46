"""The rota generator, with fixed seeds: every open suite-week has a pair, nobody unavailable is
planned, nobody in probation goes with another in probation, visits are shared within one of
each other, an impossible quarter is reported and not half-planned, a seed gives the same rota."""

import itertools
from collections import Counter
from datetime import date, timedelta

import pytest

from icv.services.rota.planner import Impossible, SuiteWeeks, Volunteer, plan

FIRST_MONDAY = date(2027, 1, 4)
WEEKS = [FIRST_MONDAY + timedelta(weeks=n) for n in range(13)]


def scheme(count=12, changes=None):
    changes = changes or {}
    return [Volunteer(id=n, name=f"Volunteer {n}", **changes.get(n, {})) for n in range(1, count)]


def three_suites(weeks=WEEKS):
    return [
        SuiteWeeks(1, "Beaumont Leys", tuple(weeks[4:])),  # closed for the first four weeks
        SuiteWeeks(2, "Keyham Lane", tuple(weeks)),
        SuiteWeeks(3, "Euston Street", tuple(weeks)),
    ]


def test_every_open_suite_week_has_one_pair_and_closed_weeks_none():
    rota = plan(WEEKS, three_suites(), scheme(), seed=7)
    planned = Counter((a.suite_id, a.week_starting) for a in rota.assignments)
    expected = {(suite.id, monday) for suite in three_suites() for monday in suite.open_weeks}
    assert set(planned) == expected
    assert set(planned.values()) == {1}
    assert all(len(set(a.visitor_ids)) == 2 for a in rota.assignments)
    assert (1, WEEKS[0]) not in planned


def test_nobody_is_planned_in_a_week_they_cannot_visit_nor_before_joining_or_after_leaving():
    away = (WEEKS[2] + timedelta(days=5), WEEKS[5])  # a Saturday to a Monday: three weeks
    volunteers = scheme(
        12,
        {
            1: {"unavailable": (away,)},
            2: {"joined_on": WEEKS[6] + timedelta(days=2)},  # joins on a Wednesday
            3: {"left_on": WEEKS[3] + timedelta(days=3)},
        },
    )
    rota = plan(WEEKS, three_suites(), volunteers, seed=11)
    weeks_of = {
        n: {a.week_starting for a in rota.assignments if n in a.visitor_ids} for n in (1, 2, 3)
    }
    assert weeks_of[1].isdisjoint({WEEKS[2], WEEKS[3], WEEKS[4], WEEKS[5]})
    assert weeks_of[1]  # but planned in the other weeks
    assert min(weeks_of[2]) >= WEEKS[7]
    assert max(weeks_of[3]) <= WEEKS[2]


def test_a_volunteer_in_probation_always_goes_with_an_experienced_one():
    in_probation = {n: {"probation_ends_on": WEEKS[-1]} for n in range(1, 7)}  # 6 of 11
    volunteers = scheme(12, in_probation)
    for seed in range(20):
        rota = plan(WEEKS, three_suites(), volunteers, seed=seed)
        for assignment in rota.assignments:
            assert not set(assignment.visitor_ids) <= set(in_probation)


def test_probation_ends_and_two_former_probationers_may_then_go_together():
    volunteers = [
        Volunteer(1, "A", probation_ends_on=WEEKS[0]),
        Volunteer(2, "B", probation_ends_on=WEEKS[0]),
        Volunteer(3, "C"),
    ]
    rota = plan(WEEKS[:2], [SuiteWeeks(1, "Keyham Lane", tuple(WEEKS[:2]))], volunteers, seed=1)
    first_week = rota.assignments[0]
    assert 3 in first_week.visitor_ids


@pytest.mark.parametrize("seed", [1, 2, 3, 42, 2027])
def test_visits_are_shared_within_one_of_each_other(seed):
    volunteers = scheme(29)  # 28 volunteers, 3 suites: 6 places a week
    rota = plan(WEEKS, three_suites(), volunteers, seed=seed)
    counts = rota.visits_per_volunteer()
    every = [counts.get(v.id, 0) for v in volunteers]
    assert max(every) - min(every) <= 1
    assert sum(every) == 2 * len(rota.assignments)


def test_fair_shares_among_those_always_available_when_some_are_away():
    away = {n: {"unavailable": ((WEEKS[0], WEEKS[3] + timedelta(days=6)),)} for n in (1, 2)}
    volunteers = scheme(15, away)
    rota = plan(WEEKS, three_suites(), volunteers, seed=5)
    counts = rota.visits_per_volunteer()
    always = [counts.get(v.id, 0) for v in volunteers if v.id not in away]
    assert max(always) - min(always) <= 1


def test_nobody_visits_twice_in_a_week_when_there_are_enough_volunteers():
    rota = plan(WEEKS, three_suites(), scheme(8), seed=3)  # 7 volunteers, 6 places a week
    for monday in WEEKS:
        people = [p for a in rota.assignments if a.week_starting == monday for p in a.visitor_ids]
        assert len(people) == len(set(people))


def test_the_same_pair_does_not_go_twice_running_where_another_pair_can():
    rota = plan(WEEKS, three_suites(), scheme(12), seed=9)
    pairs_by_week = [
        {frozenset(a.visitor_ids) for a in rota.assignments if a.week_starting == monday}
        for monday in WEEKS
    ]
    for earlier, later in itertools.pairwise(pairs_by_week):
        assert earlier.isdisjoint(later)


def test_the_last_rotas_final_pairs_are_not_repeated_in_the_first_week():
    suites = [SuiteWeeks(1, "Keyham Lane", tuple(WEEKS[:1]))]
    volunteers = scheme(4)  # three volunteers: three possible pairs
    for seed in range(10):
        rota = plan(WEEKS[:1], suites, volunteers, seed, frozenset({frozenset((1, 2))}))
        assert set(rota.assignments[0].visitor_ids) != {1, 2}


def test_the_same_seed_draws_the_same_rota_and_another_seed_another():
    first = plan(WEEKS, three_suites(), scheme(20), seed=2026)
    again = plan(WEEKS, three_suites(), scheme(20), seed=2026)
    other = plan(WEEKS, three_suites(), scheme(20), seed=2027)
    assert first.assignments == again.assignments
    assert first.assignments != other.assignments


def test_an_impossible_quarter_is_reported_week_by_week_and_nothing_is_planned():
    away = ((WEEKS[5], WEEKS[5] + timedelta(days=6)),)
    volunteers = [
        Volunteer(1, "Ann", unavailable=away),
        Volunteer(2, "Bob", unavailable=away),
        Volunteer(3, "Cat", probation_ends_on=WEEKS[-1]),
        Volunteer(4, "Dev", probation_ends_on=WEEKS[-1], unavailable=away),
    ]
    with pytest.raises(Impossible) as raised:
        plan(WEEKS, three_suites(), volunteers, seed=1)
    assert raised.value.reasons == [
        "Week of 8 February 2027 (Beaumont Leys, Keyham Lane, Euston Street): only 1 volunteer "
        "can visit, and a visit needs a pair"
    ]
    only_probation = [
        Volunteer(3, "Cat", probation_ends_on=WEEKS[-1]),
        Volunteer(4, "Dev", probation_ends_on=WEEKS[1]),
    ]
    with pytest.raises(Impossible) as raised:
        plan(WEEKS, three_suites(), only_probation, seed=1)
    assert len(raised.value.reasons) == 2  # the first two weeks
    assert "Week of 4 January 2027 (Keyham Lane, Euston Street)" in raised.value.reasons[0]
    assert "in probation" in raised.value.reasons[0]
