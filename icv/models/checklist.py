"""The suite checklist the visitors walk, and the areas an issue can be about."""

import uuid

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from icv.db import Base
from icv.models.labels import Labelled, enum_column


class Area(Labelled):
    """The parts of a suite the visitors check, and the other places an issue can arise."""

    CELLS_AND_BEDDING = "cells_and_bedding"
    TOILETS_AND_WASHING = "toilets_and_washing"
    SHOWERS = "showers"
    EXERCISE_YARD = "exercise_yard"
    KITCHEN_AND_FOOD = "kitchen_and_food"
    MEDICAL_ROOM = "medical_room"
    CCTV = "cctv"
    FIRE_SAFETY = "fire_safety"
    HEATING_LIGHTING_VENTILATION = "heating_lighting_ventilation"
    CLEANLINESS = "cleanliness"
    RIGHTS_INFORMATION = "rights_information"
    READING_AND_RELIGIOUS_MATERIALS = "reading_and_religious_materials"
    CUSTODY_RECORD = "custody_record"
    DETAINEE_CARE = "detainee_care"
    ACCESS = "access"
    OTHER = "other"


Area.LABELS = {
    "cells_and_bedding": "Cells and bedding",
    "toilets_and_washing": "Toilets and washing",
    "showers": "Showers",
    "exercise_yard": "Exercise yard",
    "kitchen_and_food": "Kitchen and food stock",
    "medical_room": "Medical room",
    "cctv": "CCTV",
    "fire_safety": "Fire safety",
    "heating_lighting_ventilation": "Heating, lighting and ventilation",
    "cleanliness": "Cleanliness",
    "rights_information": "Rights information (PACE leaflets, Codes of Practice)",
    "reading_and_religious_materials": "Reading and religious materials",
    "custody_record": "Custody record checked",
    "detainee_care": "Detainee care and welfare",
    "access": "Access to the suite",
    "other": "Something else",
}

# The checklist, in the order the visitors walk the suite.
CHECKLIST_AREAS = tuple(Area)[:13]


class CheckState(Labelled):
    SATISFACTORY = "satisfactory"
    CONCERN = "concern"
    NOT_CHECKED = "not_checked"


CheckState.LABELS = {
    "satisfactory": "Satisfactory",
    "concern": "Concern",
    "not_checked": "Not checked",
}


class SuiteCheck(Base):
    __tablename__ = "suite_checks"

    visit_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("visits.id", ondelete="CASCADE"), primary_key=True
    )
    area: Mapped[Area] = enum_column(Area, length=40, primary_key=True)
    state: Mapped[CheckState] = enum_column(CheckState, length=20)
    note: Mapped[str | None] = mapped_column(String(500))

    visit: Mapped["Visit"] = relationship(back_populates="checks")  # noqa: F821
