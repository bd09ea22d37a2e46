"""The rows of CSV files of past visits that have been imported, each by its natural key, so
that importing a row again adds nothing (icv.services.imports)."""

import uuid

from sqlalchemy import ForeignKey, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from icv.db import Base


class ImportedRow(Base):
    __tablename__ = "imported_rows"

    # SHA-256 (hex) of the visit the row describes, as loaded, and how many identical rows
    # came before it in its file: the second of two identical rows is a second visit.
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    visit_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("visits.id", ondelete="CASCADE"), index=True
    )
