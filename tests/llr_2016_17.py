"""The 145 visits of Leicester, Leicestershire and Rutland's 2016/17, as a CSV to import, built
so that its totals are exactly those PRODUCT.md quotes from the annual report."""

import csv
import io
from datetime import date, timedelta

HEADER = (
    "date,suite,arrived,admitted,wait_minutes,visitors,accepted,declined,not_available,not_offered"
)

# In the order the annual report lists them: the coordinator sets it (Suite.position), since an
# import creates the suites in the order of the name.
SUITES = {"Beaumont Leys": 40, "Keyham Lane": 52, "Euston Street": 53}
# Beaumont Leys was closed January to March 2017 for refurbishment.
CLOSURE = (date(2017, 1, 1), date(2017, 3, 31), "Refurbishment")

EXPECTED_JSON = {
    "period": {"label": "2016/17", "start": "2016-04-01", "end": "2017-03-31"},
    "visits": {
        "total": 145,
        "abandoned": 0,
        "by_suite": {"Beaumont Leys": 40, "Euston Street": 53, "Keyham Lane": 52},
        "in_person": 145,
        "remote": 0,
        "completed": 145,
        "attempted": 0,
    },
    "access": {"immediate": 131, "wait_6_to_15": 13, "wait_16_plus": 1},
    "detainees": {
        "present": 1083,
        "offered": {"count": 437, "percent": 40},
        "not_available": {"count": 591, "percent": 55},
        "not_offered": {"count": 55, "percent": 5},
        "accepted": {"count": 414, "percent": 95},
        "declined": {"count": 23, "percent": 5},
    },
}

NARRATIVE = [
    "During 2016/17 a total of 145 visits were made as follows: Beaumont Leys 40 (closed "
    "from January 2017 to March 2017 for refurbishment), Keyham Lane 52, Euston Street 53.",
    "Of the 145 visits undertaken during 2016/17 immediate access to the custody suite was "
    "provided on 131 occasions, 13 visits incurred a wait of between six and 15 minutes and "
    "one a wait of 16+ minutes.",
    "1,083 detainees were in detention at the time of the visits: 437 (40%) were offered a "
    "visit, 591 (55%) were not available (e.g. in interview, asleep), 55 (5%) were not offered "
    "(e.g. staff advised not to, or visitors prioritised vulnerable detainees). 414 (95%) of "
    "those offered agreed to be seen and 23 (5%) refused.",
]


def _spread(total: int, parts: int) -> list[int]:
    each, extra = divmod(total, parts)
    return [each + (1 if index < extra else 0) for index in range(parts)]


def _visit_days() -> list[tuple[date, str]]:
    """One visit a week at each suite (two in one week at Euston Street), Beaumont Leys until
    it closed at the new year: the first rows name the suites in the order the scheme added
    them."""
    first_monday = date(2016, 4, 4)
    days = [(date(2016, 4, 1), "Beaumont Leys")]
    for week in range(52):
        monday = first_monday + timedelta(weeks=week)
        if week < 39:
            days.append((monday + timedelta(days=week % 5), "Beaumont Leys"))
        days.append((monday + timedelta(days=1 + week % 6), "Keyham Lane"))
        days.append((monday + timedelta(days=1 + week % 4), "Euston Street"))
    days.append((date(2016, 11, 26), "Euston Street"))
    return days


def rows() -> list[dict]:
    days = _visit_days()
    assert len(days) == 145
    waits = [index % 6 for index in range(131)] + [6 + index % 10 for index in range(13)] + [20]
    counts = {
        "accepted": _spread(414, 145),
        "declined": _spread(23, 145),
        "not_available": _spread(591, 145),
        "not_offered": _spread(55, 145),
    }
    result = []
    for index, ((day, suite), wait) in enumerate(zip(days, waits, strict=True)):
        row = {"date": day.isoformat(), "suite": suite, "visitors": "Margaret Ashby;Rajesh Patel"}
        if index % 3 == 0:  # some rows give both times, some only the wait
            arrived = 600 + 7 * index % 780
            row["arrived"] = f"{arrived // 60:02d}:{arrived % 60:02d}"
            admitted = arrived + wait
            row["admitted"] = f"{admitted // 60:02d}:{admitted % 60:02d}"
            row["wait_minutes"] = ""
        else:
            row.update(arrived="", admitted="", wait_minutes=str(wait))
        for outcome, spread in counts.items():
            row[outcome] = str(spread[index])
        result.append(row)
    return result


def csv_text(extra_rows=()) -> str:
    output = io.StringIO()
    writer = csv.DictWriter(output, fieldnames=HEADER.split(","), lineterminator="\n")
    writer.writeheader()
    writer.writerows([*rows(), *extra_rows])
    return output.getvalue()
