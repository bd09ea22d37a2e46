"""The rota generator: a pure function from the quarter's weeks, suites and volunteers to a pair
for every open suite-week, drawn at random (a seeded random.Random, so a seed gives the same rota
again) under the scheme's rules:

- every suite open in a week gets one pair that week;
- nobody is planned in a week they are not in the scheme throughout, or have said they cannot
  visit on any day of;
- a volunteer in probation goes with an experienced volunteer, never with another in probation;
- nobody visits twice in one week where that can be avoided;
- visits are shared fairly: each pair is chosen among those whose visits so far are fewest, so
  counts stay within one of each other where availability allows;
- the same two volunteers do not go together twice running where another pair can.

A quarter that cannot be planned (in some week too few volunteers are available, or none but
volunteers in probation) raises Impossible with every reason, and nothing is planned: never half
a rota. Nothing here reads or writes the database.
"""

import itertools
import random
from dataclasses import dataclass, field
from datetime import date, timedelta


@dataclass(frozen=True)
class Volunteer:
    id: int
    name: str
    joined_on: date | None = None  # None: no record, taken as in the scheme
    left_on: date | None = None
    probation_ends_on: date | None = None
    unavailable: tuple[tuple[date, date], ...] = ()  # (first, last) days, inclusive

    def in_scheme_throughout(self, monday: date) -> bool:
        sunday = monday + timedelta(days=6)
        joined = self.joined_on is None or self.joined_on <= monday
        return joined and (self.left_on is None or self.left_on > sunday)

    def available_in(self, monday: date) -> bool:
        sunday = monday + timedelta(days=6)
        return not any(first <= sunday and last >= monday for first, last in self.unavailable)

    def in_probation_in(self, monday: date) -> bool:
        return self.probation_ends_on is not None and monday <= self.probation_ends_on


@dataclass(frozen=True)
class SuiteWeeks:
    """A suite and the Mondays of the weeks it is open (not closed for the whole week)."""

    id: int
    name: str
    open_weeks: tuple[date, ...]


@dataclass(frozen=True)
class Assignment:
    suite_id: int
    week_starting: date
    visitor_ids: tuple[int, int]


@dataclass
class Plan:
    assignments: list[Assignment] = field(default_factory=list)

    def visits_per_volunteer(self) -> dict[int, int]:
        counts: dict[int, int] = {}
        for assignment in self.assignments:
            for person_id in assignment.visitor_ids:
                counts[person_id] = counts.get(person_id, 0) + 1
        return counts


class Impossible(Exception):
    """The quarter cannot be planned; `reasons` says which weeks, which suites and why."""

    def __init__(self, reasons: list[str]):
        super().__init__("; ".join(reasons))
        self.reasons = reasons


def week_label(monday: date) -> str:
    return f"week of {monday.day} {monday:%B %Y}"


def can_go_together(first: Volunteer, second: Volunteer, monday: date) -> bool:
    return first.id != second.id and not (
        first.in_probation_in(monday) and second.in_probation_in(monday)
    )


def who_can_visit(volunteers: list[Volunteer], monday: date) -> list[Volunteer]:
    return [v for v in volunteers if v.in_scheme_throughout(monday) and v.available_in(monday)]


def problems(weeks: list[date], suites: list[SuiteWeeks], volunteers: list[Volunteer]) -> list:
    """Why each week that cannot have its pairs cannot: the reasons of Impossible."""
    reasons = []
    for monday in weeks:
        needing = [suite.name for suite in suites if monday in suite.open_weeks]
        if not needing:
            continue
        able = who_can_visit(volunteers, monday)
        experienced = [v for v in able if not v.in_probation_in(monday)]
        where = f"W{week_label(monday)[1:]} ({', '.join(needing)})"
        if len(able) < 2:
            reasons.append(
                f"{where}: {'only 1 volunteer' if able else 'no volunteer'} can visit, and a "
                "visit needs a pair"
            )
        elif not experienced:
            reasons.append(
                f"{where}: every volunteer who can visit is in probation, and one in probation "
                "goes with an experienced volunteer"
            )
    return reasons


def plan(
    weeks: list[date],
    suites: list[SuiteWeeks],
    volunteers: list[Volunteer],
    seed: int,
    previous_pairs: frozenset[frozenset[int]] = frozenset(),
) -> Plan:
    """A pair for every open suite-week, or Impossible. `previous_pairs` are the pairs of the
    week before the first (the last rota's), not to be repeated straight away."""
    reasons = problems(weeks, suites, volunteers)
    if reasons:
        raise Impossible(reasons)
    rng = random.Random(seed)  # noqa: S311  (a fair draw, repeatable by its seed; not a secret)
    counts = {volunteer.id: 0 for volunteer in volunteers}
    together: dict[frozenset[int], int] = {}
    last_week_pairs = set(previous_pairs)
    result = Plan()
    for monday in sorted(weeks):
        open_suites = [suite for suite in suites if monday in suite.open_weeks]
        rng.shuffle(open_suites)  # no suite always has the first pick
        able = who_can_visit(volunteers, monday)
        this_week: set[int] = set()
        pairs_this_week = set()
        for suite in open_suites:
            first, second = _best_pair(
                able, monday, counts, together, last_week_pairs, this_week, rng
            )
            pair = frozenset((first.id, second.id))
            for volunteer in (first, second):
                counts[volunteer.id] += 1
                this_week.add(volunteer.id)
            together[pair] = together.get(pair, 0) + 1
            pairs_this_week.add(pair)
            result.assignments.append(Assignment(suite.id, monday, (first.id, second.id)))
        last_week_pairs = pairs_this_week
    result.assignments.sort(key=lambda a: (a.week_starting, a.suite_id))
    return result


def _best_pair(able, monday, counts, together, last_week_pairs, this_week, rng):
    """The pair that best keeps the rules: first nobody twice this week, then the fewest
    visits so far (the larger count of the two, then both), then not the pair of last week,
    then the pair least often together; ties drawn at random."""
    order = list(able)
    rng.shuffle(order)
    best, best_key = None, None
    for first, second in itertools.combinations(order, 2):
        if not can_go_together(first, second, monday):
            continue
        pair = frozenset((first.id, second.id))
        key = (
            (first.id in this_week) + (second.id in this_week),
            max(counts[first.id], counts[second.id]),
            counts[first.id] + counts[second.id],
            pair in last_week_pairs,
            together.get(pair, 0),
        )
        if best_key is None or key < best_key:
            best, best_key = (first, second), key
    return best
