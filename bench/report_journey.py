"""Server time of each step of the standard visit report (8 detainees, 2 issues).

Files the report through the app's own forms, as a phone would with JavaScript on, on a fresh
SQLite database loaded with the demo scheme, and prints the median server time of each page
and the number of page loads against the number of steps in the journey.

    .venv/bin/python bench/report_journey.py [--runs 30]
"""

import argparse
import statistics
import tempfile
import time
from datetime import date, timedelta

from icv import create_app, demo, migrate

DETAINEES = [
    {"outcome": "accepted", "age_group": "adult", "sex": "male"},
    {"outcome": "accepted", "age_group": "juvenile", "sex": "female"},
    {"outcome": "declined"},
    {"outcome": "not_available", "not_available_reason": "asleep"},
    {"outcome": "not_available", "not_available_reason": "in_interview"},
    {"outcome": "not_available", "not_available_reason": "with_legal_adviser"},
    {"outcome": "not_offered", "not_offered_reason": "staff_advised_risk"},
    {"outcome": "not_offered", "not_offered_reason": "language_or_capacity"},
]
ISSUES = [
    {"area": "cctv", "description": "Camera in cell 2 not recording", "level": "2"},
    {
        "area": "cells_and_bedding",
        "description": "Blanket torn",
        "level": "1",
        "resolved_on_spot": "y",
    },
]


def rows(prefix, entries):
    return {f"{prefix}-{i}-{k}": v for i, entry in enumerate(entries) for k, v in entry.items()}


def journey(client, suite_id, partner_id):
    """The standard report; yields (page, seconds) for each page a person waits for."""
    day = date.today() - timedelta(days=1)

    def timed(label, method, url, data=None):
        started = time.perf_counter()
        response = client.open(url, method=method, data=data)
        while response.status_code == 302:  # the browser follows the redirect: same page load
            response = client.get(response.headers["Location"])
        elapsed = time.perf_counter() - started
        assert response.status_code == 200, (label, response.status_code)
        return label, elapsed, response

    label, elapsed, _ = timed("home", "GET", "/")
    yield label, elapsed
    started = time.perf_counter()
    response = client.post("/visits/new")
    report = response.headers["Location"].rsplit("/", 1)[0]
    client.get(response.headers["Location"])
    yield "start report → the visit", time.perf_counter() - started
    steps = [
        (
            "the visit → access",
            f"{report}/visit",
            {
                "suite_id": str(suite_id),
                "visit_date": [str(day.day), str(day.month), str(day.year)],
                "visit_type": "in_person",
                "partner": str(partner_id),
                "outcome": "completed",
            },
        ),
        ("access → detainees", f"{report}/access", {"arrived_at": "14:05", "admitted_at": "14:07"}),
        ("detainees → the suite", f"{report}/detainees", rows("detainees", DETAINEES)),
        (
            "the suite → issues",
            f"{report}/checklist",
            {"cctv-state": "concern", "cctv-note": "Camera not recording"},
        ),
        ("issues → observations", f"{report}/issues", rows("issues", ISSUES)),
        ("observations → check", f"{report}/observations", {"observations": "Busy"}),
        ("check → submitted", f"{report}/check", {}),
    ]
    for label, url, data in steps:
        label, elapsed, _ = timed(label, "POST", url, data)
        yield label, elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite",
                "SECRET_KEY": "bench",
                "WTF_CSRF_ENABLED": False,
                "SERVER_NAME": "bench.test",
            }
        )
        migrate.upgrade(app)
        with app.app_context():
            session = app.extensions["icv.sessionmaker"]()
            demo.load(session)
            session.commit()
            from icv.services import people, suites

            volunteer = people.find_by_email(session, "volunteer@example.org")
            partner = next(
                p
                for p in people.listing(session)
                if p.role.value == "volunteer" and p.id != volunteer.id
            )
            suite_id, partner_id = suites.listing(session)[0].id, partner.id
            session.close()
        client = app.test_client()
        client.post("/sign-in", data={"email": "volunteer@example.org", "password": demo.PASSWORD})
        times: dict[str, list[float]] = {}
        for _ in range(runs):
            for label, elapsed in journey(client, suite_id, partner_id):
                times.setdefault(label, []).append(elapsed * 1000)
    print(f"Standard visit report (8 detainees, 2 issues), SQLite, median of {runs} runs")
    print(f"{'page':<28}{'median ms':>10}{'p90 ms':>9}")
    for label, values in times.items():
        p90 = sorted(values)[int(len(values) * 0.9) - 1]
        print(f"{label:<28}{statistics.median(values):>10.1f}{p90:>9.1f}")
    total = sum(statistics.median(v) for v in times.values())
    page_loads = len(times)
    print(f"{'whole journey':<28}{total:>10.1f}")
    print(
        f"page loads: {page_loads}; steps in the journey: 9 (home, 6 steps, check, submitted)"
        f"; ratio {page_loads / 9:.2f}"
    )


if __name__ == "__main__":
    main()
