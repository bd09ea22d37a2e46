"""People who sign in: volunteers, coordinators and force users, and their invitations."""

import enum
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Column, Enum, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from icv import clock
from icv.db import Base, UTCDateTime


class Role(enum.StrEnum):
    VOLUNTEER = "volunteer"
    COORDINATOR = "coordinator"
    FORCE = "force"

    @property
    def label(self) -> str:
        return {"volunteer": "Volunteer", "coordinator": "Coordinator", "force": "Force"}[self]


# The suites a force user answers for; they see reports and issues of these suites only.
force_suites = Table(
    "force_suites",
    Base.metadata,
    Column("person_id", ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
    Column("suite_id", ForeignKey("suites.id", ondelete="CASCADE"), primary_key=True),
)


def new_session_token() -> str:
    return secrets.token_urlsafe(24)


class Person(UserMixin, Base):
    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254), unique=True)
    phone: Mapped[str | None] = mapped_column(String(40))
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=20, values_callable=lambda e: [r.value for r in e])
    )
    active: Mapped[bool] = mapped_column(default=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    # What the session cookie names instead of the id: rotating it (new password,
    # deactivation) ends every session the person had.
    session_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_session_token)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    suites: Mapped[list["Suite"]] = relationship(  # noqa: F821
        secondary=force_suites, order_by="Suite.name"
    )

    def get_id(self) -> str:
        return self.session_token

    @property
    def is_active(self) -> bool:
        return self.active

    def audit_state(self) -> dict:
        """What the audit trail keeps of a person: never the password hash or session token."""
        state = {
            "name": self.name,
            "email": self.email,
            "phone": self.phone,
            "role": self.role.value,
            "active": self.active,
        }
        if self.role is Role.FORCE:
            state["suites"] = [suite.name for suite in self.suites]
        return state

    def __repr__(self) -> str:
        return f"<Person {self.id} {self.role.value}>"


class Invitation(Base):
    """A one-time link by which a person sets their own password.

    Only hashes of its tokens are stored, so reading the database does not let anyone in: the
    link shown once to the coordinator (token_hash), and the link in the e-mail, made as the
    e-mail is sent (mailed_token_hash). Either works, once: using one ends both.
    """

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    mailed_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))

    person: Mapped[Person] = relationship(foreign_keys=[person_id])
