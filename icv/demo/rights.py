"""The demo's rights and entitlements: answers in plausible proportions for each detainee seen,
a reason for some declines, a little vulnerability, and a few Terrorism Act detainees at the
one suite that holds them (as a designated TACT suite would)."""

import random

from icv.models import RIGHTS, DeclinedReason, DetaineeEntry, DetaineeOutcome, RightsAnswer

TACT_SUITE = "Euston Street"
YES, NO, NOT_ASKED, DECLINED_TO_SAY = RightsAnswer
# Weights of yes, no, not asked, declined to say: nearly all told and fed, fewer asked about
# the Codes, few long enough in custody for exercise to be asked.
WEIGHTS = {
    "told_rights": (94, 1, 4, 1),
    "offered_legal_advice": (92, 2, 5, 1),
    "had_legal_advice": (55, 15, 25, 5),
    "arrest_told": (40, 4, 52, 4),
    "offered_codes": (70, 8, 20, 2),
    "food_and_drink": (90, 3, 6, 1),
    "washing_and_toilet": (85, 3, 11, 1),
    "medical_care_needed": (20, 70, 8, 2),
    "medical_care_given": (90, 3, 5, 2),
    "bedding": (88, 4, 7, 1),
    "fresh_air": (15, 10, 74, 1),
    "custody_record_checked": (30, 5, 55, 10),
}


def answer(rng: random.Random, entries: list[DetaineeEntry], suite_name: str):
    """Fill in what the visitors found with each of a visit's detainees."""
    for entry in entries:
        entry.tact = suite_name == TACT_SUITE and rng.random() < 0.04
        entry.mental_health_concern = rng.random() < 0.08
        entry.appropriate_adult_present = entry.needs_appropriate_adult and rng.random() < 0.8
        entry.interpreter_present = entry.needs_interpreter and rng.random() < 0.7
        if entry.outcome is DetaineeOutcome.DECLINED and rng.random() < 0.7:
            entry.reason = rng.choices(list(DeclinedReason), weights=[60, 15, 20, 5])[0].value
            entry.reason_detail = "Praying" if entry.reason == "other" else None
        if entry.outcome is DetaineeOutcome.ACCEPTED:
            for check in RIGHTS:
                setattr(entry, check.name, rng.choices(list(RightsAnswer), WEIGHTS[check.name])[0])
            if entry.medical_care_needed is not YES:
                entry.medical_care_given = None
