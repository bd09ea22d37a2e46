"""How long the statistics take on a national-scale database, against one hand-written query.

Builds 150 suites with a visit a week each for ten financial years (2010/11 to 2019/20: about
78,000 visits and 600,000 detainee entries, with issues and closures), on a temporary SQLite
file and on PostgreSQL (ICV_BENCH_DATABASE_URL names a server database to connect to first; a
separate database, icv_bench, is created there and dropped afterwards). Then times, for a
one-year and a ten-year period, the whole report (statistics.compute: every figure of the
page) and a single hand-written aggregate query over the same rows (the detainees of the
counted visits, by outcome, from the start of the earliest period the report compares with, as
the report counts those too: a year's report holds the year before), and prints both and
their ratio.

Targets: a one-year report under 200 ms, and within 2x of the hand-written query.
"""

import os
import random
import sys
import tempfile
import time as clock
import uuid
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from icv import create_app, migrate, periods
from icv.models import (
    DetaineeEntry,
    Issue,
    Suite,
    SuiteClosure,
    Visit,
)
from icv.reporting import headline, statistics
from icv.services import tallies

SUITES = 150
FIRST_YEAR, YEARS = 2010, 10
DETAINEES_PER_VISIT = (2, 14)  # uniform: 7.7 on average
ONE_YEAR_TARGET_MS = 200
DEFAULT_POSTGRESQL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
BENCH_DATABASE = "icv_bench"
NOW = datetime(2020, 6, 1, tzinfo=UTC)

OUTCOMES = ["accepted"] * 38 + ["declined"] * 2 + ["not_available"] * 55 + ["not_offered"] * 5
NOT_AVAILABLE = ["asleep", "in_interview", "with_legal_adviser", "at_hospital", "out_of_cell"]
NOT_OFFERED = ["staff_advised_risk", "visitors_prioritised_others", "language_or_capacity"]

HAND_WRITTEN = text(
    """
    SELECT count(*) AS present,
           sum(CASE WHEN d.outcome IN ('accepted', 'declined') THEN 1 ELSE 0 END) AS offered,
           sum(CASE WHEN d.outcome = 'accepted' THEN 1 ELSE 0 END) AS accepted,
           sum(CASE WHEN d.outcome = 'declined' THEN 1 ELSE 0 END) AS declined,
           sum(CASE WHEN d.outcome = 'not_available' THEN 1 ELSE 0 END) AS not_available,
           sum(CASE WHEN d.outcome = 'not_offered' THEN 1 ELSE 0 END) AS not_offered
    FROM detainee_entries d JOIN visits v ON v.id = d.visit_id
    WHERE v.visit_date BETWEEN :start AND :end AND v.status <> 'draft'
    """
)


# -- The data ---------------------------------------------------------------------------------


def generate(seed=2016):
    """Suites, closures, and visits in batches with their detainees and issues, as plain rows."""
    rng = random.Random(seed)  # noqa: S311  (made-up data, the same on every run)
    suites = [
        {"id": n, "name": f"Suite {n:03d}", "active": True, "created_at": NOW}
        for n in range(1, SUITES + 1)
    ]
    closures = []
    for suite_id in range(1, SUITES + 1, 8):  # every eighth suite is closed for a while
        starts_on = date(FIRST_YEAR, 4, 1) + timedelta(days=rng.randrange(YEARS * 365 - 90))
        closures.append(
            {
                "suite_id": suite_id,
                "starts_on": starts_on,
                "ends_on": starts_on + timedelta(days=rng.randrange(14, 90)),
                "reason": "Refurbishment",
            }
        )
    first_monday = date(FIRST_YEAR, 4, 5)
    weeks = (date(FIRST_YEAR + YEARS, 3, 31) - first_monday).days // 7 + 1
    batches = []
    for week in range(weeks):
        visits, entries, issues = [], [], []
        for suite_id in range(1, SUITES + 1):
            visits_row, entry_rows, issue_rows = _visit(rng, suite_id, first_monday, week)
            visits.append(visits_row)
            entries += entry_rows
            issues += issue_rows
        batches.append((visits, entries, issues))
    return suites, closures, batches


def _visit(rng, suite_id, first_monday, week):
    visit_id = uuid.uuid4()
    day = first_monday + timedelta(weeks=week, days=rng.randrange(7))
    abandoned = rng.random() < 0.01
    arrived = time(rng.randrange(24), rng.randrange(60))
    wait = rng.choice([0, 1, 2, 3, 4, 5] * 15 + [8, 10, 12, 15] * 2 + [20])
    admitted_minutes = arrived.hour * 60 + arrived.minute + wait
    admitted = (
        time(admitted_minutes // 60, admitted_minutes % 60) if admitted_minutes < 1440 else None
    )
    visit = {
        "id": visit_id,
        "suite_id": suite_id,
        "visit_date": day,
        "visit_type": "in_person",
        "source": "import",
        "status": "reviewed",
        "outcome": "abandoned" if abandoned else "completed",
        "arrived_at": arrived,
        "admitted_at": None if abandoned else admitted,
        "wait_minutes": None if abandoned or admitted is None else wait,
        "version": 1,
        "created_at": NOW,
        "updated_at": NOW,
    }
    entries = []
    for position in range(0 if abandoned else rng.randint(*DETAINEES_PER_VISIT)):
        outcome = rng.choice(OUTCOMES)
        reason = {"not_available": NOT_AVAILABLE, "not_offered": NOT_OFFERED}.get(outcome)
        entries.append(
            {
                "visit_id": visit_id,
                "position": position,
                "age_group": "juvenile" if rng.random() < 0.04 else "adult",
                "sex": "male" if rng.random() < 0.85 else "female",
                "vulnerable": rng.random() < 0.1,
                "needs_appropriate_adult": rng.random() < 0.04,
                "needs_interpreter": rng.random() < 0.06,
                "outcome": outcome,
                "reason": rng.choice(reason) if reason else None,
            }
        )
    issues = []
    if rng.random() < 0.05:
        referred = datetime.combine(day, time(12), UTC) + timedelta(days=1)
        answered = rng.random() < 0.9
        issues.append(
            {
                "visit_id": visit_id,
                "position": 0,
                "area": rng.choice(["cells_and_bedding", "cctv", "showers", "cleanliness"]),
                "description": "Bench issue",
                "resolved_on_spot": False,
                "level": rng.randint(1, 3),
                "status": "closed" if answered else "referred",
                "due_on": day + timedelta(days=14),
                "referred_at": referred,
                "responded_at": referred + timedelta(days=rng.randrange(1, 30))
                if answered
                else None,
                "created_at": NOW,
            }
        )
    return visit, entries, issues


# -- Loading ----------------------------------------------------------------------------------


def load(engine, data):
    """Bulk inserts: COPY on PostgreSQL, executemany on SQLite; never the ORM row by row."""
    suites, closures, batches = data
    with engine.begin() as connection:
        connection.execute(insert(Suite.__table__), suites)
        connection.execute(insert(SuiteClosure.__table__), closures)
        if engine.dialect.name == "postgresql":
            _copy(connection, batches)
        else:
            for visits, entries, issues in _chunks(batches, 26):
                connection.execute(insert(Visit.__table__), visits)
                connection.execute(insert(DetaineeEntry.__table__), entries)
                if issues:
                    connection.execute(insert(Issue.__table__), issues)
    with Session(engine) as session:
        tallies.recount_all(session)  # as every writer of entries does, here in one go
        session.commit()
    with engine.connect() as connection:
        connection.exec_driver_sql("ANALYZE")
        connection.commit()


def _chunks(batches, size):
    for start in range(0, len(batches), size):
        chunk = batches[start : start + size]
        yield (
            [row for visits, _, _ in chunk for row in visits],
            [row for _, entries, _ in chunk for row in entries],
            [row for _, _, issues in chunk for row in issues],
        )


def _copy(connection, batches):
    cursor = connection.connection.driver_connection.cursor()
    for table, index in (("visits", 0), ("detainee_entries", 1), ("issues", 2)):
        rows = [row for batch in batches for row in batch[index]]
        columns = list(rows[0])
        with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[column] for column in columns])
    cursor.close()


# -- Timing -----------------------------------------------------------------------------------


def timed(function, runs):
    function()  # warm the caches, as a server that has answered once has them warm
    times = []
    for _ in range(runs):
        started = clock.perf_counter()
        result = function()
        times.append((clock.perf_counter() - started) * 1000)
    return sorted(times)[len(times) // 2], result


def measure(name, url, data):
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    engine = app.extensions["icv.engine"]
    started = clock.perf_counter()
    migrate.upgrade(app)
    load(engine, data)
    loaded = clock.perf_counter() - started
    session = app.extensions["icv.sessionmaker"]()
    with engine.connect() as connection:
        visits = connection.scalar(text("SELECT count(*) FROM visits"))
        entries = connection.scalar(text("SELECT count(*) FROM detainee_entries"))
    print(f"\n{name}: {visits:,} visits, {entries:,} detainee entries, loaded in {loaded:.1f} s")
    one_year = periods.financial_year(FIRST_YEAR + YEARS - 1)
    ten_years = periods.date_range(date(FIRST_YEAR, 4, 1), date(FIRST_YEAR + YEARS, 3, 31))
    results = []
    print(f"  {'period':<10} {'report':>10} {'one query':>10} {'ratio':>7}  detainees")
    for label, period, runs in (("one year", one_year, 9), ("ten years", ten_years, 5)):
        report_ms, figures = timed(lambda p=period: statistics.compute(session, p), runs)
        # The report also counts the periods it compares with (a year: the year before), so
        # the hand-written query is timed over the same rows: from the earliest of those.
        start = min([period.start, *(p.start for p in headline.compared_with(period).values())])
        with engine.connect() as connection:
            query_ms, _ = timed(
                lambda p=period, s=start, c=connection: c.execute(
                    HAND_WRITTEN, {"start": s.isoformat(), "end": p.end.isoformat()}
                ).one(),
                runs,
            )
            row = connection.execute(
                HAND_WRITTEN, {"start": period.start.isoformat(), "end": period.end.isoformat()}
            ).one()
        assert figures["detainees"]["present"] == row.present, "the report and the query differ"
        assert figures["detainees"]["accepted"]["count"] == row.accepted
        ratio = report_ms / query_ms
        results.append((label, report_ms, query_ms, ratio))
        print(
            f"  {label:<10} {report_ms:>8.1f}ms {query_ms:>8.1f}ms {ratio:>6.2f}x  {row.present:,}"
        )
    session.close()
    engine.dispose()
    return results


def postgresql_url():
    base = os.environ.get("ICV_BENCH_DATABASE_URL", DEFAULT_POSTGRESQL)
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')
            connection.exec_driver_sql(f'CREATE DATABASE "{BENCH_DATABASE}"')
    except Exception as error:
        print(f"\nPostgreSQL skipped: cannot create {BENCH_DATABASE} through {base} ({error})")
        return None, None
    return admin, make_url(base).set(database=BENCH_DATABASE).render_as_string(hide_password=False)


def main():
    started = clock.perf_counter()
    data = generate()
    visits = sum(len(batch[0]) for batch in data[2])
    print(f"Generated {visits:,} visits in {clock.perf_counter() - started:.1f} s")
    verdicts = []
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite'}"
        verdicts.append(("SQLite", measure("SQLite", url, data)))
    admin, url = postgresql_url()
    if url:
        try:
            verdicts.append(("PostgreSQL", measure("PostgreSQL", url, data)))
        finally:
            with admin.connect() as connection:
                connection.exec_driver_sql(
                    f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)'
                )
            admin.dispose()
    print()
    failed = False
    for name, results in verdicts:
        _, report_ms, _, ratio = results[0]
        fast = report_ms < ONE_YEAR_TARGET_MS
        close = ratio <= 2
        failed |= not (fast and close)
        print(
            f"{name}: one-year report {report_ms:.0f} ms "
            f"({'under' if fast else 'OVER'} {ONE_YEAR_TARGET_MS} ms), "
            f"{ratio:.2f}x the hand-written query ({'within' if close else 'NOT within'} 2x)"
        )
    print(f"Bench took {clock.perf_counter() - started:.0f} s")
    if failed:
        print("A target is missed (figures on a busy machine vary: run it again to be sure).")
    return 0  # a measurement, not a test: make bench goes on to the other scripts


if __name__ == "__main__":
    sys.exit(main())
