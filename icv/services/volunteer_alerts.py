"""What the coordinator should act on about the scheme's volunteers, for their home page:
vetting expiring within 60 days (or expired), no visit in 8 weeks, a term ending within 90
days (or ended). Only volunteers in the scheme today are named. And the rota's planned weeks
of the last 8 weeks that ended with no report of their suite, and planned visits from this week
on whose visitor can no longer go (icv.services.rota.alerts).

alerts(session, today) reads three queries, whatever the number of volunteers: their records,
each one's latest counted visit, and the rota's weeks. Each alert is a dict of kind, person_id
(None for a rota week), name, date and text.
"""

from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from icv.models import COUNTED_STATUSES, Person, Visit, VisitVisitor, VolunteerRecord
from icv.services.rota import alerts as rota_alerts
from icv.services.volunteer_records import in_scheme_on

VETTING_DAYS = 60
TERM_DAYS = 90
NO_VISIT_WEEKS = 8

# The order the panel lists them in, on the same date.
KINDS = ("cannot_go", "vetting", "term", "no_visit", "planned_week")


def alerts(session: Session, today: date) -> list[dict]:
    """Every alert of today, the most pressing (earliest date) first."""
    records = session.execute(
        select(VolunteerRecord, Person.name)
        .join(Person, Person.id == VolunteerRecord.person_id)
        .where(in_scheme_on(today))
        .order_by(func.lower(Person.name))
    ).all()
    latest = _latest_visits(session, today)
    found = []
    for record, name in records:
        found += [
            alert
            for alert in (
                _vetting(record, name, today),
                _term(record, name, today),
                _no_visit(record, name, today, latest.get(record.person_id)),
            )
            if alert is not None
        ]
    found += _planned_weeks_without_report(session, today)
    found += _visits_that_cannot_go(session, today)
    return sorted(found, key=lambda a: (a["date"] or date.min, KINDS.index(a["kind"]), a["name"]))


def _planned_weeks_without_report(session: Session, today: date) -> list[dict]:
    """The rota's planned weeks of the last NO_VISIT_WEEKS weeks that ended with no report of
    their suite: named by the suite, linked to the rota (person_id None)."""
    since = today - timedelta(weeks=NO_VISIT_WEEKS)
    return [
        {
            "kind": "planned_week",
            "person_id": None,
            "name": week["suite"],
            "date": week["week_ending"],
            "text": f"no report for the week of {_long(week['week_starting'])}, planned for "
            + " and ".join(week["visitors"]),
        }
        for week in rota_alerts.planned_weeks_without_report(session, today)
        if week["week_ending"] >= since
    ]


def _visits_that_cannot_go(session: Session, today: date) -> list[dict]:
    """Planned visits from this week on (draft or published rotas) a visitor of which can no
    longer go: named by the suite, linked to its rota (person_id None), dated by its week."""
    return [
        {
            "kind": "cannot_go",
            "person_id": None,
            "name": found["assignment"].suite.name,
            "date": found["assignment"].week_starting,
            "rota_id": found["assignment"].rota_id,
            "text": "; ".join(found["reasons"]) + ": replace them on the rota",
        }
        for found in rota_alerts.visits_that_cannot_go(session, today)
    ]


def _alert(kind: str, record: VolunteerRecord, name: str, day: date | None, text: str) -> dict:
    return {"kind": kind, "person_id": record.person_id, "name": name, "date": day, "text": text}


def _vetting(record, name, today) -> dict | None:
    expires = record.vetting_expires_on
    if expires is None or expires > today + timedelta(days=VETTING_DAYS):
        return None
    verb = "expired" if expires < today else "expires"
    return _alert("vetting", record, name, expires, f"Vetting {verb} on {_long(expires)}")


def _term(record, name, today) -> dict | None:
    ends = record.term_ends_on
    if ends is None or ends > today + timedelta(days=TERM_DAYS):
        return None
    verb = "ended" if ends < today else "ends"
    return _alert("term", record, name, ends, f"Term {verb} on {_long(ends)}")


def _no_visit(record, name, today, last: date | None) -> dict | None:
    """In the scheme for the last 8 weeks with no counted visit in them: a visit 8 weeks ago
    today is within them."""
    since = today - timedelta(weeks=NO_VISIT_WEEKS)
    if record.joined_on > since or (last is not None and last >= since):
        return None
    text = f"No visit since {_long(last)}" if last else "No visit recorded"
    return _alert("no_visit", record, name, last, f"{text}: none in {NO_VISIT_WEEKS} weeks")


def _latest_visits(session: Session, today: date) -> dict[int, date]:
    """Each volunteer's latest counted visit up to today, as a visitor (lead or partner)."""
    query = (
        select(VisitVisitor.person_id, func.max(Visit.visit_date))
        .join(Visit, Visit.id == VisitVisitor.visit_id)
        .where(
            VisitVisitor.person_id.is_not(None),
            Visit.status.in_(COUNTED_STATUSES),
            Visit.visit_date <= today,
        )
        .group_by(VisitVisitor.person_id)
    )
    return dict(session.execute(query).all())


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"
