"""Changing a rota after it is drawn: the coordinator swaps a person or the weeks of two planned
visits; a volunteer hands their place to another volunteer. Each change is checked against the
generator's rules again (icv.services.rota.planner), refused with a message that says which
rule it would break, and audited.

Changes to one rota are made one at a time: each locks the rota's row before it reads what it
checks (two swaps at the same moment cannot both put a volunteer on two suites in one week),
and a change made from a page showing visitors who have changed since is refused (Conflict)
rather than made over the other change.

Replacing one visitor checks the person joining (in the scheme, free that week, not visiting
twice that week, and a probation pair), not the partner staying: a visit both of whose
visitors can no longer go is fixed one visitor at a time, and `cannot_go` names the partner
who must be replaced too."""

from datetime import date, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from icv.models import Person, RotaAssignment
from icv.services import Conflict, Invalid, audit
from icv.services.rota import alerts, notices, planner, plans

CHANGED = (
    "The visitors of this visit have just been changed by someone else: look at the rota "
    "again before you change it"
)


CHANGED_HEADING = "This visit has just changed"
HANDED_ON = "You are no longer on this visit: someone has just changed it. Look at your rota again"


def _long(monday: date) -> str:
    return planner.week_label(monday)


def lock(session: Session, assignment: RotaAssignment, based_on: tuple | None = None):
    """Lock the assignment's rota (one change to a rota at a time) and read the assignment
    again; Conflict if its visitors are no longer `based_on` (the visitors the page showed)."""
    if not plans.lock(session, assignment.rota_id):  # the draft was drawn again meanwhile
        raise plans.drawn_again()  # its rota row is gone: no period to read
    session.refresh(assignment)
    if based_on is not None and sorted(based_on) != sorted(assignment.visitor_ids):
        raise Conflict(CHANGED, CHANGED_HEADING)


def rule_broken(
    session: Session,
    assignment: RotaAssignment,
    monday: date,
    pair: tuple,
    joining: tuple | None = None,
) -> str:
    """What rule the pair (person ids) visiting the assignment's suite in the week of `monday`
    would break, or "" when none. Only those `joining` (by default both) are held to being in
    the scheme and free that week: a partner staying on is not refused for their own dates."""
    if pair[0] == pair[1]:
        return "A visit needs two different volunteers"
    joining = pair if joining is None else joining
    found = {
        volunteer.id: volunteer
        for volunteer in plans.volunteers(session, monday, monday + timedelta(days=6))
    }
    for person_id in pair:
        volunteer = found.get(person_id)
        if volunteer is None:
            if person_id in joining:
                return "Choose a volunteer who can sign in"
            continue
        if person_id not in joining:
            continue
        if not volunteer.in_scheme_throughout(monday):
            return f"{volunteer.name} is not in the scheme for the whole {_long(monday)}"
        if not volunteer.available_in(monday):
            return f"{volunteer.name} cannot visit in the {_long(monday)}"
    first, second = found.get(pair[0]), found.get(pair[1])
    if first and second and not planner.can_go_together(first, second, monday):
        return (
            f"{first.name} and {second.name} are both in probation: one in probation goes "
            "with an experienced volunteer"
        )
    busy = session.scalars(
        select(RotaAssignment).where(
            RotaAssignment.rota_id == assignment.rota_id,
            RotaAssignment.week_starting == monday,
            RotaAssignment.id != assignment.id,
            or_(
                RotaAssignment.first_visitor_id.in_(pair),
                RotaAssignment.second_visitor_id.in_(pair),
            ),
        )
    ).first()
    if busy is not None:
        twice = next(p for p in pair if p in busy.visitor_ids)
        name = found[twice].name if twice in found else session.get(Person, twice).name
        return f"{name} already visits {busy.suite.name} in the {_long(monday)}"
    return ""


def cannot_go(session: Session, assignment: RotaAssignment) -> list[str]:
    """What stops each visitor of the assignment going in its week (their dates unavailable,
    or not in the scheme), as sentences: empty when both can go."""
    return alerts.cannot_go(session, [assignment]).get(assignment.id, [])


def replace_visitor(
    session: Session,
    actor: Person,
    assignment: RotaAssignment,
    leaving_id: int,
    joining_id: int,
    field: str = "joining",
    based_on: tuple | None = None,
) -> list[str]:
    """`joining_id` visits in place of `leaving_id`; Invalid (on `field`) if a rule breaks,
    Conflict if the visit changed since the page showed `based_on`. The warnings to show: the
    partner cannot go either, or the new pair also goes together the week before or after."""
    lock(session, assignment, based_on)
    if leaving_id not in assignment.visitor_ids:
        raise Conflict(
            "That volunteer is no longer on this visit: someone has just changed it. Look at "
            "the rota again",
            CHANGED_HEADING,
        )
    partner = next(p for p in assignment.visitor_ids if p != leaving_id)
    if joining_id == leaving_id:
        raise Invalid(field, "Choose someone else to go in their place")
    broken = rule_broken(
        session, assignment, assignment.week_starting, (joining_id, partner), (joining_id,)
    )
    if broken:
        raise Invalid(field, broken)
    before = assignment.audit_state()
    if assignment.first_visitor_id == leaving_id:
        assignment.first_visitor_id = joining_id
    else:
        assignment.second_visitor_id = joining_id
    assignment.swapped_from_id, assignment.swapped_to_id = leaving_id, joining_id
    session.flush()
    session.expire(assignment, ["first_visitor", "second_visitor", "swapped_from", "swapped_to"])
    audit.record(session, actor, "rota.visitor_swapped", assignment, before, _after(assignment))
    notices.visitor_replaced(session, actor, assignment, leaving_id, joining_id)
    warnings = [
        reason.replace(" cannot go in the ", " also cannot go in the ") + ": replace them too"
        for reason in cannot_go(session, assignment)
        if reason.startswith(session.get(Person, partner).name + " ")
    ]
    return warnings + together_running(session, assignment)


def together_running(session: Session, assignment: RotaAssignment) -> list[str]:
    """A warning for each week before or after in which the assignment's pair also go
    together (the generator avoids the same pair two weeks running; a swap only warns)."""
    pair = set(assignment.visitor_ids)
    found = []
    for monday in (
        assignment.week_starting - timedelta(weeks=1),
        assignment.week_starting + timedelta(weeks=1),
    ):
        for other in session.scalars(
            select(RotaAssignment).where(RotaAssignment.week_starting == monday)
        ):
            if set(other.visitor_ids) == pair:
                names = " and ".join(person.name for person in assignment.visitors)
                found.append(f"{names} also go together in the {_long(monday)}")
    return found


def swap_weeks(
    session: Session,
    actor: Person,
    assignment: RotaAssignment,
    other_monday: date,
    based_on: tuple | None = None,
) -> list[str]:
    """The pairs of two weeks of the same suite change places; Invalid on `week` if either pair
    would break a rule in its new week. The warnings to show, as replace_visitor's."""
    lock(session, assignment, based_on)
    other = session.scalar(
        select(RotaAssignment).where(
            RotaAssignment.rota_id == assignment.rota_id,
            RotaAssignment.suite_id == assignment.suite_id,
            RotaAssignment.week_starting == other_monday,
        )
    )
    if other is None or other.id == assignment.id:
        raise Invalid(
            "week",
            f"{assignment.suite.name} has no other visit planned in the {_long(other_monday)}: "
            "choose a week it has one",
        )
    session.refresh(other)
    for moving, monday in ((assignment, other_monday), (other, assignment.week_starting)):
        pair = moving.visitor_ids
        staying = other if moving is assignment else assignment
        broken = rule_broken(session, staying, monday, pair)
        if broken:
            raise Invalid("week", broken)
    before = [assignment.audit_state(), other.audit_state()]
    mine, theirs = assignment.visitor_ids, other.visitor_ids
    assignment.first_visitor_id, assignment.second_visitor_id = theirs
    other.first_visitor_id, other.second_visitor_id = mine
    for changed in (assignment, other):
        changed.swapped_from_id = changed.swapped_to_id = None
    session.flush()
    for changed in (assignment, other):
        session.expire(changed, ["first_visitor", "second_visitor"])
    audit.record(
        session,
        actor,
        "rota.weeks_swapped",
        assignment,
        before,
        [assignment.audit_state(), other.audit_state()],
    )
    notices.weeks_swapped(session, assignment, other)
    return together_running(session, assignment) + together_running(session, other)


def _after(assignment: RotaAssignment) -> dict:
    return {
        **assignment.audit_state(),
        "swapped_from": assignment.swapped_from_id,
        "swapped_to": assignment.swapped_to_id,
    }
