"""The e-mails the rota sends, through the mail queue (icv.services.mail): each volunteer's
visits when a rota is published; after a change to a published one, everyone whose visit it
changes and, when a volunteer changed it, the coordinators. A draft rota is the coordinators'
alone, so changing one e-mails no volunteer; nor is anyone no longer an active volunteer told.
A planned visit has a week and a suite, never a day or a time of day, and so have these
e-mails."""

from datetime import timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from icv import clock
from icv.models import Person, Role, Rota, RotaAssignment, RotaStatus, VolunteerRecord
from icv.services import mail
from icv.services.rota import planner


def coordinators(session: Session) -> list[Person]:
    return session.scalars(
        select(Person)
        .where(Person.role == Role.COORDINATOR, Person.active.is_(True))
        .order_by(Person.id)
    ).all()


def visitor_replaced(
    session: Session, actor: Person | None, assignment: RotaAssignment, leaving_id, joining_id
):
    """Tell the volunteer joining, the partner and, when the coordinator took them off, the
    volunteer leaving; a volunteer's own hand-over, the coordinators too."""
    if assignment.rota.status != RotaStatus.PUBLISHED:
        return
    leaving, joining = session.get(Person, leaving_id), session.get(Person, joining_id)
    handed_over = actor is not None and actor.id == leaving_id
    partner = assignment.partner_of(joining_id)
    context = {
        "week": planner.week_label(assignment.week_starting),
        "suite": assignment.suite.name,
        "leaving": leaving,
        "joining": joining,
        "partner": partner,
        "link": mail.link("rota.mine"),
    }
    recipients = (joining, partner) if handed_over else (joining, partner, leaving)
    told = _may_be_told(session, [person.id for person in recipients])
    for person in recipients:
        if person.id in told:
            mail.queue_template(session, person, "emails/rota_visitor_replaced.txt", **context)
    if handed_over:
        for person in coordinators(session):
            mail.queue_template(
                session,
                person,
                "emails/rota_handed_over.txt",
                **{**context, "link": mail.link("rota.show", rota_id=assignment.rota_id)},
            )


def weeks_swapped(session: Session, first: RotaAssignment, second: RotaAssignment):
    """The pairs of two weeks of one suite have changed places: tell each visitor, once, the
    week or weeks they now go in and with whom."""
    if first.rota.status == RotaStatus.PUBLISHED:
        weeks = sorted((first.week_starting, second.week_starting))
        _tell_visitors(
            session,
            (first, second),
            "emails/rota_weeks_swapped.txt",
            suite=first.suite.name,
            weeks=[planner.week_label(monday) for monday in weeks],
        )


def rota_published(session: Session, rota: Rota):
    """Tell each volunteer on the rota their visits in it."""
    _tell_visitors(session, rota.assignments, "emails/rota_published.txt", period=rota.period)


def _tell_visitors(session: Session, assignments, template: str, **context):
    """E-mail each visitor of `assignments` once, `visits` listing theirs soonest first as
    (week, suite, partner)."""
    visits: dict[int, list[tuple]] = {}
    for visit in sorted(assignments, key=lambda a: (a.week_starting, a.suite.name)):
        for person_id in visit.visitor_ids:
            visits.setdefault(person_id, []).append(
                (
                    planner.week_label(visit.week_starting),
                    visit.suite.name,
                    visit.partner_of(person_id),
                )
            )
    context["link"] = mail.link("rota.mine")
    told = _may_be_told(session, visits)
    for person_id, theirs in visits.items():
        if person_id in told:
            person = session.get(Person, person_id)
            mail.queue_template(session, person, template, visits=theirs, **context)


def _may_be_told(session: Session, person_ids) -> set[int]:
    """Of `person_ids`, in one query, those a plan of unannounced visits may go to: active
    volunteers who have not left the scheme (not someone deactivated, made a force user or
    whose record says they have left, since)."""
    return set(
        session.scalars(
            select(Person.id)
            .outerjoin(VolunteerRecord, VolunteerRecord.person_id == Person.id)
            .where(
                Person.id.in_(list(person_ids)),
                Person.active.is_(True),
                Person.role == Role.VOLUNTEER,
                or_(VolunteerRecord.left_on.is_(None), VolunteerRecord.left_on > clock.today()),
            )
        )
    )


def clashes(session: Session, person: Person, starts_on, ends_on) -> list[RotaAssignment]:
    """`person`'s planned visits (published rotas) in the weeks from `starts_on` to `ends_on`,
    soonest first."""
    return session.scalars(
        select(RotaAssignment)
        .join(Rota, Rota.id == RotaAssignment.rota_id)
        .where(
            Rota.status == RotaStatus.PUBLISHED,
            RotaAssignment.week_starting <= ends_on,
            RotaAssignment.week_starting >= starts_on - timedelta(days=6),
            or_(
                RotaAssignment.first_visitor_id == person.id,
                RotaAssignment.second_visitor_id == person.id,
            ),
        )
        .order_by(RotaAssignment.week_starting)
    ).all()


def dates_unavailable_added(session: Session, person: Person, starts_on, ends_on) -> list:
    """`person` has said they cannot visit from `starts_on` to `ends_on`: their planned visits
    in those weeks (clashes(), above); the coordinators are e-mailed of them."""
    found = clashes(session, person, starts_on, ends_on)
    if found:
        _tell_cannot_go(session, person, found)
    return found


def _tell_cannot_go(session: Session, person: Person, clashes: list[RotaAssignment]):
    visits = [
        f"{planner.week_label(a.week_starting)[0].upper()}"
        f"{planner.week_label(a.week_starting)[1:]}: {a.suite.name}"
        for a in clashes
    ]
    for coordinator in coordinators(session):
        mail.queue_template(
            session,
            coordinator,
            "emails/rota_cannot_go.txt",
            volunteer=person,
            visits=visits,
            link=mail.link("rota.show", rota_id=clashes[0].rota_id),
        )
