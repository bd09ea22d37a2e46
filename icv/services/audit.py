"""Writing the audit trail. Called by the other services inside their transaction."""

from flask import g, has_request_context, request
from sqlalchemy import select
from sqlalchemy.orm import Session

from icv.models import AuditEvent, Person


def record(session: Session, actor: Person | None, action: str, entity, before=None, after=None):
    """Add an audit event for `entity` (a model instance, or a (kind, id) pair)."""
    if isinstance(entity, tuple):
        kind, entity_id = entity
    else:
        session.flush()  # a new record needs its id before it can be named
        kind, entity_id = entity.__tablename__, entity.id
    session.add(
        AuditEvent(
            actor_id=actor.id if actor is not None else None,
            action=action,
            entity=kind,
            entity_id=None if entity_id is None else str(entity_id),
            before=before,
            after=after,
            remote_addr=request.remote_addr if has_request_context() else None,
        )
    )


def read(session: Session, actor: Person | None, action: str, entity, **details):
    """Record that `actor` (None: a program, by the API key it sent) read or downloaded
    `entity`: personal data leaves the service only with a trace."""
    token = g.get("api_token") if has_request_context() else None
    if token is not None:
        details["api_key"] = token.name
    record(session, actor, action, entity, after=details or None)


def recent(session: Session, limit: int = 100, entity: str | None = None, entity_id=None):
    query = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)
    if entity is not None:
        query = query.where(AuditEvent.entity == entity)
    if entity_id is not None:
        query = query.where(AuditEvent.entity_id == str(entity_id))
    return session.scalars(query).all()
