"""Posts kept over a sign-in: a step of a report sent after its session had ended is kept for
its person, then given back to the step once they have signed in again (icv.held_posts)."""

import secrets
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session
from werkzeug.datastructures import ImmutableMultiDict

from icv import clock
from icv.models import HeldPost, Person

KEPT_FOR = timedelta(days=7)  # then removed (icv retention purge): it may hold custody numbers
MOST_FIELDS = 20_000  # a report's most detainees and issues, several fields each


def hold(session: Session, person: Person, path: str, fields: list[tuple[str, str]]) -> str:
    """Keep `fields`, posted to `path` by `person`; the token to take them back with."""
    token = secrets.token_urlsafe(32)
    session.add(HeldPost(token=token, person_id=person.id, path=path, fields=fields[:MOST_FIELDS]))
    session.flush()
    return token


def take(session: Session, person: Person, token: str, path: str) -> ImmutableMultiDict | None:
    """What `person` posted to `path` under `token`, taken out of keeping; None if there is no
    such post of theirs (another person's, a used or an old token)."""
    held = session.scalar(
        select(HeldPost).where(
            HeldPost.token == token[:64],
            HeldPost.person_id == person.id,
            HeldPost.path == path,
            HeldPost.held_at > clock.now() - KEPT_FOR,
        )
    )
    if held is None:
        return None
    session.delete(held)
    session.flush()
    return ImmutableMultiDict([tuple(pair) for pair in held.fields])


def remove_old(session: Session) -> int:
    """Remove posts kept longer than KEPT_FOR; how many went."""
    result = session.execute(delete(HeldPost).where(HeldPost.held_at <= clock.now() - KEPT_FOR))
    return result.rowcount
