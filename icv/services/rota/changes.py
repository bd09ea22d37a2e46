"""Changing a rota after it is drawn: the coordinator swaps a person or the weeks of two planned
visits; a volunteer hands their place to another volunteer. Each change is checked against the
generator's rules again (icv.services.rota.planner), refused with a message that says which
rule it would break, and audited."""

from datetime import date, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from icv.models import Person, RotaAssignment
from icv.services import Invalid, NotAllowedNow, audit
from icv.services.rota import planner, plans


def _long(monday: date) -> str:
    return planner.week_label(monday)


def rule_broken(session: Session, assignment: RotaAssignment, monday: date, pair: tuple) -> str:
    """What rule the pair (person ids) visiting the assignment's suite in the week of `monday`
    would break, or "" when none."""
    if pair[0] == pair[1]:
        return "A visit needs two different volunteers"
    found = {
        volunteer.id: volunteer
        for volunteer in plans.volunteers(session, monday, monday + timedelta(days=6))
    }
    for person_id in pair:
        volunteer = found.get(person_id)
        if volunteer is None:
            return "Choose a volunteer who can sign in"
        if not volunteer.in_scheme_throughout(monday):
            return f"{volunteer.name} is not in the scheme for the whole {_long(monday)}"
        if not volunteer.available_in(monday):
            return f"{volunteer.name} cannot visit in the {_long(monday)}"
    first, second = found[pair[0]], found[pair[1]]
    if not planner.can_go_together(first, second, monday):
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
        twice = next(found[p].name for p in pair if p in busy.visitor_ids)
        return f"{twice} already visits {busy.suite.name} in the {_long(monday)}"
    return ""


def replace_visitor(
    session: Session,
    actor: Person,
    assignment: RotaAssignment,
    leaving_id: int,
    joining_id: int,
    field: str = "joining",
) -> RotaAssignment:
    """`joining_id` visits in place of `leaving_id`; Invalid (on `field`) if a rule breaks."""
    if leaving_id not in assignment.visitor_ids:
        raise NotAllowedNow("That volunteer is no longer on this visit: look at the rota again")
    partner = next(p for p in assignment.visitor_ids if p != leaving_id)
    if joining_id == leaving_id:
        raise Invalid(field, "Choose someone else to go in their place")
    broken = rule_broken(session, assignment, assignment.week_starting, (joining_id, partner))
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
    return assignment


def swap_weeks(
    session: Session, actor: Person, assignment: RotaAssignment, other_monday: date
) -> RotaAssignment:
    """The pairs of two weeks of the same suite change places; Invalid on `week` if either pair
    would break a rule in its new week."""
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
    return assignment


def _after(assignment: RotaAssignment) -> dict:
    return {
        **assignment.audit_state(),
        "swapped_from": assignment.swapped_from_id,
        "swapped_to": assignment.swapped_to_id,
    }
