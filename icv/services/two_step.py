"""Two-step sign-in: after the password, a code from the person's authenticator app (TOTP,
RFC 6238, by the maintained `pyotp`), or one of their one-time recovery codes.

Coordinators and force users, who read everything about the suites, must use it; a volunteer
may choose to. The secret is kept as it is (checking a code needs it), never audited and never
shown once set-up is confirmed. A code is taken once: the time-step of the last one taken is
kept, and moved on by one conditional UPDATE, so two requests racing with the same code cannot
both pass. Recovery codes are kept as hashes only, and each is spent by a conditional UPDATE
too. Every outcome is in the audit trail.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field

import pyotp
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from icv import clock
from icv.models import Person, RecoveryCode, Role, TwoStepKey
from icv.models.people import new_session_token
from icv.schemas.two_step import RECOVERY_ALPHABET, RECOVERY_LENGTH
from icv.services import NotAllowedNow, audit

REQUIRED_OF = frozenset({Role.COORDINATOR, Role.FORCE})
STEP_SECONDS = 30
# A code from the step before or after this one is taken too: a phone's clock may be a little
# out, and a code typed as the step turns is still the person's.
DRIFT_STEPS = 1
RECOVERY_CODES = 10

WRONG_CODE = "The code is not right: enter the code your app shows now"
WRONG_CODE_OR_RECOVERY = (
    "The code is not right: enter the code your app shows now, or a recovery code you have not used"
)
USED_CODE = "This code has been used: wait for your app to show a new one, then enter that"
ALREADY_SET_UP = "Two-step sign-in is already set up"
NOT_SET_UP = "Two-step sign-in is not set up"


@dataclass
class Verdict:
    """What became of a code: taken, or the message to show at the field."""

    error: str | None = None
    recovery_codes_left: int | None = None  # when a recovery code was taken
    recovery_codes: list[str] = field(default_factory=list)  # made when set-up is confirmed

    @property
    def passed(self) -> bool:
        return self.error is None


def required(person: Person) -> bool:
    return person.role in REQUIRED_OF


def key_of(session: Session, person: Person) -> TwoStepKey | None:
    return session.get(TwoStepKey, person.id)


def enabled(session: Session, person: Person) -> bool:
    key = key_of(session, person)
    return key is not None and key.enabled


def asked(session: Session, person: Person) -> bool:
    """Whether signing in takes a second step (or setting it up) after the password."""
    return required(person) or enabled(session, person)


def new_secret() -> str:
    """A secret to set up. It is kept by the browser setting up (icv.auth.two_step), not
    here, until a code made from it confirms it: so nobody else who has the password and
    opens the set-up page meanwhile sees it (each browser is shown its own)."""
    return pyotp.random_base32()


def provisioning_uri(person: Person, secret: str, issuer: str) -> str:
    """What the QR code holds, for an authenticator app to add the account."""
    return pyotp.TOTP(secret).provisioning_uri(name=person.email, issuer_name=issuer)


def _matching_step(secret: str, code: str) -> int | None:
    """The time-step, near now, whose code this is."""
    if not (len(code) == 6 and code.isdigit()):
        return None
    totp = pyotp.TOTP(secret)
    now = int(clock.now().timestamp()) // STEP_SECONDS
    for step in range(now - DRIFT_STEPS, now + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.at(step * STEP_SECONDS), code):
            return step
    return None


def _take_step(session: Session, key: TwoStepKey, step: int) -> bool:
    """Move the last step taken on to `step`, if no code of it or later was taken before."""
    taken = session.execute(
        update(TwoStepKey)
        .where(
            TwoStepKey.person_id == key.person_id,
            or_(TwoStepKey.last_step.is_(None), TwoStepKey.last_step < step),
        )
        .values(last_step=step)
        .execution_options(synchronize_session=False)
    ).rowcount
    session.expire(key, ["last_step"])
    return taken == 1


def _failed(session: Session, person: Person, message: str, why: str) -> Verdict:
    audit.record(session, person, "two_step_failed", person, after={"why": why})
    session.flush()
    return Verdict(error=message)


def enable(session: Session, person: Person, code: str, secret: str) -> Verdict:
    """Confirm set-up of `secret` with a code made from it: two-step is on, every other
    session of the person ends (it began with the password alone), and a first set of
    recovery codes is made (in the verdict, to show once). Of two browsers confirming at
    once, one does; the other is told it is set up already."""
    key = key_of(session, person)
    if key is not None and key.enabled:
        raise NotAllowedNow(ALREADY_SET_UP)
    step = _matching_step(secret, code)
    if step is None:
        return _failed(session, person, WRONG_CODE, "wrong code at set-up")
    now = clock.now()
    if key is None:
        try:
            with session.begin_nested():
                session.add(
                    TwoStepKey(person_id=person.id, secret=secret, enabled_at=now, last_step=step)
                )
        except IntegrityError:
            raise NotAllowedNow(ALREADY_SET_UP) from None
    else:  # a key left unconfirmed by an earlier version of icv, which kept them here
        claimed = session.execute(
            update(TwoStepKey)
            .where(TwoStepKey.person_id == person.id, TwoStepKey.enabled_at.is_(None))
            .values(secret=secret, enabled_at=now, last_step=step)
            .execution_options(synchronize_session=False)
        ).rowcount
        session.expire(key)
        if claimed != 1:
            raise NotAllowedNow(ALREADY_SET_UP)
    person.session_token = new_session_token()
    audit.record(session, person, "two_step_enabled", person)
    return Verdict(recovery_codes=_new_recovery_codes(session, person))


def check(session: Session, person: Person, code: str) -> Verdict:
    """The second step of signing in: a code from the app (6 digits), or a recovery code."""
    key = key_of(session, person)
    if key is None or not key.enabled:
        raise NotAllowedNow(NOT_SET_UP)
    if code.isdigit():
        step = _matching_step(key.secret, code)
        if step is None:
            return _failed(session, person, WRONG_CODE_OR_RECOVERY, "wrong code")
        if not _take_step(session, key, step):
            return _failed(session, person, USED_CODE, "code used before")
        audit.record(session, person, "two_step_passed", person)
        session.flush()
        return Verdict()
    return _spend_recovery_code(session, person, code)


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def _spend_recovery_code(session: Session, person: Person, code: str) -> Verdict:
    spent = session.execute(
        update(RecoveryCode)
        .where(
            RecoveryCode.person_id == person.id,
            RecoveryCode.code_hash == _hash(code),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=clock.now())
        .execution_options(synchronize_session=False)
    ).rowcount
    if spent != 1:
        return _failed(session, person, WRONG_CODE_OR_RECOVERY, "wrong recovery code")
    left = recovery_codes_left(session, person)
    audit.record(session, person, "recovery_code_used", person, after={"left": left})
    session.flush()
    return Verdict(recovery_codes_left=left)


def recovery_codes_left(session: Session, person: Person) -> int:
    return session.scalar(
        select(func.count())
        .select_from(RecoveryCode)
        .where(RecoveryCode.person_id == person.id, RecoveryCode.used_at.is_(None))
    )


def _new_recovery_codes(session: Session, person: Person) -> list[str]:
    session.execute(delete(RecoveryCode).where(RecoveryCode.person_id == person.id))
    codes = [
        "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
        for _ in range(RECOVERY_CODES)
    ]
    session.add_all(RecoveryCode(person_id=person.id, code_hash=_hash(code)) for code in codes)
    session.flush()
    return codes


def renew_recovery_codes(session: Session, person: Person) -> list[str]:
    """A new set of recovery codes, to show once; the old ones stop working."""
    if not enabled(session, person):
        raise NotAllowedNow(NOT_SET_UP)
    codes = _new_recovery_codes(session, person)
    audit.record(session, person, "recovery_codes_renewed", person, after={"codes": len(codes)})
    session.flush()
    return codes


def reset(session: Session, actor: Person | None, person: Person):
    """Forget a person's app and recovery codes (a lost phone): they set two-step up again at
    their next sign-in, if their role needs it. Their sessions end."""
    if actor is not None and actor.id == person.id:
        raise NotAllowedNow("You cannot reset your own two-step sign-in: ask another coordinator")
    if key_of(session, person) is None:
        raise NotAllowedNow(NOT_SET_UP)
    session.execute(delete(RecoveryCode).where(RecoveryCode.person_id == person.id))
    session.execute(delete(TwoStepKey).where(TwoStepKey.person_id == person.id))
    person.session_token = new_session_token()
    audit.record(session, actor, "two_step_reset", person)
    session.flush()


def status(session: Session, person: Person) -> dict:
    """What a page says of someone's two-step sign-in: never the secret."""
    on = enabled(session, person)
    return {
        "required": required(person),
        "enabled": on,
        "recovery_codes_left": recovery_codes_left(session, person) if on else None,
    }
