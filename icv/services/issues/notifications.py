"""Who is told about an issue, and the e-mails they get (written in templates/emails/).

A referral goes to the force users who answer for the suite, an answer to the coordinators,
and the daily reminder of overdue answers to each force user with a copy to the coordinators.
"""

from collections import defaultdict
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from icv.models import Issue, Person, Role, force_suites
from icv.services import mail, working_days


def referred(session: Session, issue: Issue, coordinator: Person, again: bool):
    for person in force_users(session, issue.visit.suite_id):
        mail.queue_template(
            session,
            person,
            "emails/issue_referred.txt",
            issue=issue,
            coordinator=coordinator,
            again=again,
            link=mail.link("issues.force_show", issue_id=issue.id),
        )


def answered(session: Session, issue: Issue, force_user: Person):
    for person in coordinators(session):
        mail.queue_template(
            session,
            person,
            "emails/issue_answered.txt",
            issue=issue,
            force_user=force_user,
            link=mail.link("issues.show", issue_id=issue.id),
        )


def overdue(session: Session, reminded: list[Issue], today: date):
    """Each force user's overdue issues, and a copy of the day's reminders to the coordinators."""
    users = force_users_by_suite(session, {issue.visit.suite_id for issue in reminded})
    by_recipient: dict[str, tuple[Person, list[Issue]]] = {}
    for issue in reminded:
        for person in users.get(issue.visit.suite_id, []):
            by_recipient.setdefault(person.email, (person, []))[1].append(issue)
    for person, issues in by_recipient.values():
        _reminder(session, person, issues, today, "issues.force_show", copy=False)
    for person in coordinators(session):
        _reminder(session, person, reminded, today, "issues.show", copy=True)


def _reminder(session, person, issues, today, endpoint, copy):
    mail.queue_template(
        session,
        person,
        "emails/issues_overdue.txt",
        copy=copy,
        overdue=[
            {
                "issue": issue,
                "late": working_days.working_days_between(issue.due_on, today),
                "link": mail.link(endpoint, issue_id=issue.id),
            }
            for issue in issues
        ],
    )


def force_users(session: Session, suite_id: int) -> list[Person]:
    """The active force users who answer for the suite."""
    return force_users_by_suite(session, {suite_id}).get(suite_id, [])


def force_users_by_suite(session: Session, suite_ids) -> dict[int, list[Person]]:
    rows = session.execute(
        select(force_suites.c.suite_id, Person)
        .join(Person, Person.id == force_suites.c.person_id)
        .where(
            force_suites.c.suite_id.in_(set(suite_ids)),
            Person.role == Role.FORCE,
            Person.active.is_(True),
        )
        .order_by(Person.name)
    ).all()
    found: dict[int, list[Person]] = defaultdict(list)
    for suite_id, person in rows:
        found[suite_id].append(person)
    return found


def coordinators(session: Session) -> list[Person]:
    return session.scalars(
        select(Person)
        .where(Person.role == Role.COORDINATOR, Person.active.is_(True))
        .order_by(Person.name)
    ).all()
