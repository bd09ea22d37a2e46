"""The e-mails a change of the rota sends, through the mail queue (icv.services.mail): who now
goes, their partner and, when a volunteer changed it, the coordinators. A planned visit has a
week and a suite, never a day or a time of day, and so have these e-mails."""

from datetime import timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from icv.models import Person, Role, Rota, RotaAssignment, RotaStatus
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
    """Tell the volunteer joining and the partner; a volunteer's own hand-over, the
    coordinators too."""
    leaving, joining = session.get(Person, leaving_id), session.get(Person, joining_id)
    partner = assignment.partner_of(joining_id)
    context = {
        "week": planner.week_label(assignment.week_starting),
        "suite": assignment.suite.name,
        "leaving": leaving,
        "joining": joining,
        "partner": partner,
        "link": mail.link("rota.mine"),
    }
    for person in (joining, partner):
        mail.queue_template(session, person, "emails/rota_visitor_replaced.txt", **context)
    if actor is not None and actor.id == leaving_id:
        for person in coordinators(session):
            mail.queue_template(
                session,
                person,
                "emails/rota_handed_over.txt",
                **{**context, "link": mail.link("rota.show", rota_id=assignment.rota_id)},
            )


def dates_unavailable_added(session: Session, person: Person, starts_on, ends_on) -> list:
    """`person` has said they cannot visit from `starts_on` to `ends_on`: their planned visits
    (published rotas) in those weeks, soonest first; the coordinators are e-mailed of them."""
    clashes = session.scalars(
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
    if clashes:
        _tell_cannot_go(session, person, clashes)
    return clashes


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
