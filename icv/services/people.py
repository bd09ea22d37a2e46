"""People: sign-in, invitations, roles, deactivation. Every change is audited.

Input comes loaded by icv.schemas.people (PersonSchema, NewPasswordSchema); what only the
records can tell is checked here: an e-mail address nobody else has, suites that exist.
"""

import hashlib
import secrets
from collections.abc import Iterable
from datetime import timedelta

from flask import current_app
from sqlalchemy import bindparam, func, or_, select, update
from sqlalchemy.orm import Session, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key
from werkzeug.security import check_password_hash, generate_password_hash

from icv import clock, db, invitation_links
from icv.kept import Kept
from icv.models import Invitation, Person, Role, Suite
from icv.models.people import new_session_token
from icv.schemas.people import SELECT_SUITES
from icv.services import Invalid, NotAllowedNow, audit, mail, volunteer_records

# Checked when the e-mail matches no one, so a wrong address takes as long as a wrong password
# and the timing does not tell which addresses exist.
_DUMMY_HASH = generate_password_hash("not a real password")


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_by_email(session: Session, email: str) -> Person | None:
    return session.scalar(select(Person).where(Person.email == normalise_email(email)))


def authenticate(session: Session, email: str, password: str) -> Person | None:
    """The active person with this e-mail and password (SignInSchema), or None. Failures are
    audited.

    The password is checked between two transactions, holding none: scrypt is slow by design,
    and on SQLite a sign-in's transaction holds the one write lock (icv.db), so checking it
    inside made every other sign-in and save wait, some past the busy timeout, with a server
    error (finding 6). The person is read again after, and the hash checked is still theirs."""
    person = find_by_email(session, email)
    hashed = person.password_hash if person is not None else None
    session.rollback()  # it has only read: this ends its transaction and frees the lock
    matches = check_password_hash(hashed or _DUMMY_HASH, password)
    if (
        person is not None
        and person.active
        and hashed
        and hashed == person.password_hash
        and matches
    ):
        audit.record(session, person, "signed_in", person)
        session.flush()
        return person
    audit.record(
        session,
        None,
        "sign_in_failed",
        ("people", person.id if person else None),
        # Only a known address: what someone typed may be their password in the wrong box.
        after={"email": person.email} if person else None,
    )
    session.flush()
    return None


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def _check_unique_email(session: Session, email: str, person: Person | None = None):
    existing = find_by_email(session, email)
    if existing is not None and (person is None or existing.id != person.id):
        raise Invalid("email", "Someone already has this email address")


def _force_suites(session: Session, role: Role, suite_ids: Iterable[int]) -> list[Suite]:
    if role is not Role.FORCE:
        return []
    ids = set(suite_ids)
    suites = session.scalars(
        select(Suite).where(Suite.id.in_(ids)).order_by(Suite.position, Suite.name)
    ).all()
    if len(suites) != len(ids):
        raise Invalid("suites", SELECT_SUITES)
    return list(suites)


def create_person(
    session: Session,
    actor: Person | None,
    *,
    name: str,
    email: str,
    role: Role,
    phone: str | None = None,
    suite_ids: Iterable[int] = (),
    password: str | None = None,
) -> Person:
    """Add a person. Without a password they cannot sign in until they accept an invitation."""
    role = Role(role)
    _check_unique_email(session, email)
    person = Person(
        name=name,
        email=normalise_email(email),
        phone=phone,
        role=role,
        suites=_force_suites(session, role, suite_ids),
    )
    if password is not None:
        person.password_hash = hash_password(password)
    session.add(person)
    session.flush()
    # A volunteer's record starts with them: joined today, for a three-year term.
    record = volunteer_records.on_added(session, person)
    audit.record(session, actor, "person_added", person, after=_with_record(person, record))
    session.flush()
    return person


def _with_record(person: Person, record) -> dict:
    """What the audit trail keeps of a person, and of the volunteer's record a change to
    the person made."""
    state = person.audit_state()
    if record is not None:
        state["record"] = record.audit_state()
    return state


def update_person(
    session: Session,
    actor: Person,
    person: Person,
    *,
    name: str,
    email: str,
    role: Role,
    phone: str | None = None,
    suite_ids: Iterable[int] = (),
) -> Person:
    role = Role(role)
    if person.id == actor.id and role is not person.role:
        raise Invalid("role", "You cannot change your own role")
    _check_unique_email(session, email, person)
    suites = _force_suites(session, role, suite_ids)
    before = person.audit_state()
    person.name = name
    person.email = normalise_email(email)
    person.phone = phone
    person.role = role
    person.suites = suites
    if before["role"] != role.value or before["email"] != person.email:
        # Someone's sessions were granted under the old role or address; make them sign in again.
        person.session_token = new_session_token()
    record = volunteer_records.on_added(session, person)  # made a volunteer: a record starts
    audit.record(session, actor, "person_changed", person, before, _with_record(person, record))
    session.flush()
    return person


def set_active(session: Session, actor: Person, person: Person, active: bool) -> Person:
    if person.id == actor.id and not active:
        raise NotAllowedNow("You cannot deactivate yourself")
    record = volunteer_records.record_of(session, person)
    before = _with_record(person, record)
    person.active = active
    if not active:
        person.session_token = new_session_token()  # ends every session they have
        _expire_invitations(session, person)  # and no link sent before revives with them
    # A volunteer deactivated has left the scheme (today, unless their record says when);
    # reactivated, they are in it again.
    record = volunteer_records.on_active_changed(session, person, active)
    action = "person_reactivated" if active else "person_deactivated"
    audit.record(session, actor, action, person, before, _with_record(person, record))
    session.flush()
    return person


def sign_out(session: Session, person: Person):
    """End every session `person` has, here and on any other device: a copy of the cookie taken
    before signing out names a token that is no more."""
    person.session_token = new_session_token()
    audit.record(session, person, "signed_out", person)
    session.flush()


def set_password(session: Session, actor: Person | None, person: Person, password: str):
    person.password_hash = hash_password(password)
    person.session_token = new_session_token()
    audit.record(session, actor, "password_set", person)
    session.flush()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite(session: Session, actor: Person | None, person: Person) -> str:
    """Make a new one-time link for `person` to set their password, and e-mail it.

    Earlier unused links stop working. Returns the link, which is shown once to the
    coordinator too, for schemes without e-mail.
    """
    if not person.active:
        raise NotAllowedNow("Reactivate this person before inviting them")
    _expire_invitations(session, person)
    now = clock.now()
    token = secrets.token_urlsafe(32)
    days = current_app.config["INVITATION_DAYS"]
    invitation = Invitation(
        person_id=person.id,
        token_hash=_token_hash(token),
        expires_at=now + timedelta(days=days),
        created_by_id=actor.id if actor else None,
    )
    session.add(invitation)
    link = mail.link("auth.invitation", token=token)
    # The e-mail is stored with the link masked: the mailer puts in a token of its own as it
    # sends (mailed_invitation_token), so no working link is ever kept.
    mail.queue_template(
        session,
        person,
        "emails/invitation.txt",
        invitation=invitation,
        actor=actor,
        days=days,
        link=invitation_links.mask(link),
    )
    audit.record(session, actor, "person_invited", person, after={"valid_days": days})
    session.flush()
    return link


def _expire_invitations(session: Session, person: Person):
    """Every unused link `person` has stops working now."""
    now = clock.now()
    for earlier in session.scalars(
        select(Invitation).where(Invitation.person_id == person.id, Invitation.used_at.is_(None))
    ):
        earlier.expires_at = min(earlier.expires_at, now)


def _is_open(invitation: Invitation) -> bool:
    return (
        invitation.used_at is None
        and invitation.expires_at > clock.now()
        and invitation.person.active
    )


def open_invitation(session: Session, token: str) -> Invitation | None:
    """The invitation this token belongs to, if it is unused, unexpired and for an active person."""
    hashed = _token_hash(token)
    invitation = session.scalar(
        select(Invitation).where(
            or_(Invitation.token_hash == hashed, Invitation.mailed_token_hash == hashed)
        )
    )
    return invitation if invitation is not None and _is_open(invitation) else None


def open_invitation_ids():
    """A query of the invitations that can still be used, for the mailer's list of e-mails
    still worth sending."""
    return (
        select(Invitation.id)
        .join(Person, Invitation.person_id == Person.id)
        .where(
            Invitation.used_at.is_(None),
            Invitation.expires_at > clock.now(),
            Person.active.is_(True),
        )
    )


def mailed_invitation_token(invitation: Invitation) -> str | None:
    """A new token for the e-mail that carries `invitation`, made as it is sent and kept only
    as a hash; None if the invitation can no longer be used (it was used, replaced or has
    expired). A later try at sending replaces the token of an earlier one."""
    if not _is_open(invitation):
        return None
    token = secrets.token_urlsafe(32)
    invitation.mailed_token_hash = _token_hash(token)
    return token


def accept_invitation(session: Session, invitation: Invitation, password: str) -> Person:
    """Set the password by the link, once: of several browsers using one link at the same
    moment, the database lets only the first claim it (NotAllowedNow for the others)."""
    person, now = invitation.person, clock.now()
    claimed = session.execute(
        update(Invitation)
        .where(
            Invitation.id == invitation.id,
            Invitation.used_at.is_(None),
            Invitation.expires_at > now,
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        raise NotAllowedNow("This link has been used already")
    set_committed_value(invitation, "used_at", now)
    person.password_hash = hash_password(password)
    person.session_token = new_session_token()
    audit.record(session, person, "invitation_accepted", person)
    session.flush()
    return person


_SIGNED_IN = select(Person).where(
    Person.session_token == bindparam("token"), Person.active.is_(True)
)


# The columns of the signed-in person kept between requests (icv.kept): never the password
# hash, which a view that needs it reads from the database.
_KEPT_COLUMNS = ("id", "name", "email", "phone", "role", "active", "session_token", "created_at")
_signed_in = Kept(entries=10_000)


def load_signed_in(session: Session, session_token: str) -> Person | None:
    """The person a session cookie names, while they are active and the token unrotated. Read
    at every request (the statement is built once), except on SQLite while the database's
    generation is the one they were read in (icv.db.Generation): nothing has been written
    since, so the person is as they were, and is attached to the session without a query."""
    generation = db.generation()  # before reading: a change after it makes a new one
    if generation is not None:
        kept = _signed_in.get(session_token)
        if kept is not None and kept[0] == generation:
            return _attached(session, kept[1])
    person = session.scalar(_SIGNED_IN, {"token": session_token})
    if person is not None and generation is not None:
        _signed_in.set(session_token, (generation, {c: getattr(person, c) for c in _KEPT_COLUMNS}))
    return person


def _attached(session: Session, columns: dict) -> Person:
    """A Person of the session as the database holds them, made from their kept columns (the
    others load when first read, as after a commit)."""
    loaded = session.identity_map.get(identity_key(Person, columns["id"]))
    if loaded is not None:
        return loaded
    person = Person.__mapper__.class_manager.new_instance()
    for column, value in columns.items():
        set_committed_value(person, column, value)
    make_transient_to_detached(person)
    session.add(person)
    return person


def listing(session: Session, role: Role | None = None):
    query = select(Person).order_by(Person.active.desc(), func.lower(Person.name))
    if role is not None:
        query = query.where(Person.role == role)
    return session.scalars(query).all()
