"""Read-only API keys to the statistics, for a program such as a PCC's dashboard.

A key is shown once, when the coordinator makes it; only its hash is kept. Making and revoking
a key are in the audit trail.
"""

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from icv import clock
from icv.models import ApiToken, Person
from icv.services import NotAllowedNow, audit

PREFIX = "icv_"  # so a key pasted somewhere is recognisable for what it is


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create(session: Session, actor: Person, name: str) -> tuple[ApiToken, str]:
    """A new key named `name` (ApiTokenSchema); returns it with the key, shown only now."""
    key = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(name=name, token_hash=_hash(key), created_by_id=actor.id)
    session.add(token)
    audit.record(session, actor, "api_token_created", token, after=token.audit_state())
    session.flush()
    return token, key


def revoke(session: Session, actor: Person, token: ApiToken) -> ApiToken:
    if not token.active:
        raise NotAllowedNow("This key is already revoked")
    before = token.audit_state()
    token.revoked_at = clock.now()
    audit.record(session, actor, "api_token_revoked", token, before, token.audit_state())
    session.flush()
    return token


def active(session: Session, key: str) -> ApiToken | None:
    """The unrevoked token this key is, if any."""
    if not key.startswith(PREFIX) or len(key) > 100:
        return None
    return session.scalar(
        select(ApiToken).where(ApiToken.token_hash == _hash(key), ApiToken.revoked_at.is_(None))
    )


def listing(session: Session) -> list[ApiToken]:
    return session.scalars(
        select(ApiToken).order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc())
    ).all()
