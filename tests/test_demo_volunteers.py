"""The demo scheme's volunteer records: 29 in the scheme, joined over several years, some on
probation, vetting and a term running out soon, meetings and training days, dates unavailable
this quarter, and a few who have left."""

from sqlalchemy import func, select

from icv import clock, periods
from icv.models import Person, Unavailability, VolunteerAttendance, VolunteerRecord
from icv.services import volunteer_alerts, volunteer_records


def test_the_demo_volunteers_have_records_the_alerts_read(runner, db):
    assert runner.invoke(args=["demo"]).exit_code == 0
    today = clock.today()
    assert volunteer_records.count_in_scheme(db, today) == 29
    records = db.scalars(select(VolunteerRecord)).all()
    left = [r for r in records if r.left_on is not None]
    assert len(left) == 3
    assert all(not db.get(Person, r.person_id).active for r in left)
    joined_years = {r.joined_on.year for r in records}
    assert len(joined_years) >= 5
    probation = [r for r in records if r.left_on is None and r.in_probation_on(today)]
    assert 2 <= len(probation) <= 3
    kinds = {alert["kind"] for alert in volunteer_alerts.alerts(db, today)}
    assert {"vetting", "term"} <= kinds
    quarter = periods.quarter_of(today)
    unavailable = db.scalars(select(Unavailability)).all()
    assert len(unavailable) >= 3
    assert all(u.starts_on >= today and u.ends_on <= quarter.end for u in unavailable)
    attended = db.scalar(select(func.count()).select_from(VolunteerAttendance))
    assert attended > 29
