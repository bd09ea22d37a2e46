"""Two-step sign-in: a person's authenticator app (a TOTP secret) and their recovery codes."""

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from icv import clock
from icv.db import Base, UTCDateTime


class TwoStepKey(Base):
    """The secret a person's authenticator app shares with icv (RFC 6238, 30-second steps).

    It is kept as it is, because checking a code needs it; it never goes into the audit trail,
    and no page shows it once set-up is confirmed. Until then (`enabled_at` empty) it is the
    secret the set-up page offers, the same on every visit, so a scan made before the session
    ran out still works. `last_step` is the time-step of the last code taken, so no code is
    taken twice.
    """

    __tablename__ = "two_step_keys"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    secret: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_step: Mapped[int | None] = mapped_column(Integer)

    @property
    def enabled(self) -> bool:
        return self.enabled_at is not None

    def __repr__(self) -> str:  # never the secret
        return f"<TwoStepKey of person {self.person_id}>"


class RecoveryCode(Base):
    """A one-time code to sign in with when the phone is not to hand. Only its hash is kept:
    the codes are shown once, when made."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
