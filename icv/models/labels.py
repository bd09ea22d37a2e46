"""What the models share: enums whose members carry the words a person reads, stored
portably."""

import enum

from sqlalchemy import Enum
from sqlalchemy.orm import mapped_column


def enum_column(enum_class, length=30, name=None, **kwargs):
    """A portable enum: stored as its value in a VARCHAR, checked by the database. `name`
    names the check when several columns of a table hold the same enum."""
    return mapped_column(
        Enum(
            enum_class,
            native_enum=False,
            length=length,
            values_callable=lambda members: [member.value for member in members],
            create_constraint=True,
            name=name or enum_class.__name__.lower(),
        ),
        **kwargs,
    )


class Labelled(enum.StrEnum):
    """An enum whose members carry the words a person reads."""

    @property
    def label(self) -> str:
        return self.LABELS[self.value]  # type: ignore[attr-defined]

    @classmethod
    def choices(cls):
        return [(member.value, member.label) for member in cls]
