"""What the visitors check with each detainee they see: their rights and entitlements under
PACE Code C, each answered yes, no, not asked or declined to say.

Each check is a column of the detainee entry (DetaineeEntry), not a row of its own: an entry's
answers then travel wherever an entry travels (saved step by step, copied for an amendment,
kept in every version, sent by the API) with no new part to carry, and the statistics count a
check with one COUNT(*) FILTER (WHERE told_rights = 'yes') over the period's entries, in the
same pass as every other check. The database checks each answer is one of the four.
"""

from dataclasses import dataclass

from icv.models.checklist import Area
from icv.models.labels import Labelled


class RightsAnswer(Labelled):
    YES = "yes"
    NO = "no"
    NOT_ASKED = "not_asked"
    DECLINED_TO_SAY = "declined_to_say"


RightsAnswer.LABELS = {
    "yes": "Yes",
    "no": "No",
    "not_asked": "Not asked",
    "declined_to_say": "Declined to say",
}


@dataclass(frozen=True)
class RightsCheck:
    name: str  # the entry's column, and its key in the statistics and the API
    label: str  # the question the visitor answers
    code: str  # what the Code says the detainee is entitled to, shown as the question's hint
    area: Area  # where a "no" goes when it is raised as an issue


RIGHTS = (
    RightsCheck(
        "told_rights",
        "Told of their rights",
        "PACE Code C 3.1: told of the right to have someone informed of their arrest, to "
        "consult a solicitor free of charge and to consult the Codes of Practice, and given "
        "a written notice of their rights.",
        Area.RIGHTS_INFORMATION,
    ),
    RightsCheck(
        "offered_legal_advice",
        "Offered free legal advice",
        "Code C 6.1: told they may at any time consult a solicitor privately, and that free "
        "independent legal advice is available.",
        Area.RIGHTS_INFORMATION,
    ),
    RightsCheck(
        "had_legal_advice",
        "Has had legal advice",
        "Code C 6.1: if they asked for legal advice, they have been able to speak to a solicitor.",
        Area.RIGHTS_INFORMATION,
    ),
    RightsCheck(
        "arrest_told",
        "Someone told of their arrest (if they asked)",
        "Code C 5.1: on request, one person known to them is told where they are, as soon "
        "as practicable and at public expense.",
        Area.RIGHTS_INFORMATION,
    ),
    RightsCheck(
        "offered_codes",
        "Offered the Codes of Practice",
        "Code C 3.1: the right to consult the Codes of Practice.",
        Area.RIGHTS_INFORMATION,
    ),
    RightsCheck(
        "food_and_drink",
        "Offered food and drink",
        "Code C 8.6: at least two light meals and one main meal in any 24 hours; drinks with "
        "meals and on reasonable request.",
        Area.DETAINEE_CARE,
    ),
    RightsCheck(
        "washing_and_toilet",
        "Offered washing and toilet facilities",
        "Code C 8.4: access to toilet and washing facilities must be provided.",
        Area.DETAINEE_CARE,
    ),
    RightsCheck(
        "medical_care_needed",
        "Medical care needed",
        "Code C 9.5: clinical attention must be arranged at once for a detainee who appears "
        "ill, injured or otherwise in need of it.",
        Area.DETAINEE_CARE,
    ),
    RightsCheck(
        "medical_care_given",
        "Medical care given (if needed)",
        "Code C 9.5: answer only if care was needed: it has been arranged or given.",
        Area.DETAINEE_CARE,
    ),
    RightsCheck(
        "bedding",
        "Bedding",
        "Code C 8.3: bedding of a reasonable standard, clean and sanitary.",
        Area.CELLS_AND_BEDDING,
    ),
    RightsCheck(
        "fresh_air",
        "Fresh air or exercise (where the stay is long)",
        "Code C 8.7: brief outdoor exercise offered daily if practicable.",
        Area.DETAINEE_CARE,
    ),
    RightsCheck(
        "custody_record_checked",
        "Custody record checked with their consent",
        "ICV Code of Practice: with the detainee's consent, visitors may check their custody "
        "record.",
        Area.CUSTODY_RECORD,
    ),
)
RIGHTS_NAMES = tuple(check.name for check in RIGHTS)
RIGHTS_BY_NAME = {check.name: check for check in RIGHTS}

# Vulnerability, beyond the three needs every entry has had: each a tick box on the entry.
# Present "where needed": an adult or interpreter present counts only for a detainee who
# needed one (the schema clears it otherwise).
PRESENT_WHERE_NEEDED = {
    "appropriate_adult_present": "needs_appropriate_adult",
    "interpreter_present": "needs_interpreter",
}
VULNERABILITY = (
    "vulnerable",
    "mental_health_concern",
    "needs_appropriate_adult",
    "appropriate_adult_present",
    "needs_interpreter",
    "interpreter_present",
)
VULNERABILITY_LABELS = {
    "vulnerable": "Vulnerable",
    "mental_health_concern": "Mental health concern",
    "needs_appropriate_adult": "Needed an appropriate adult",
    "appropriate_adult_present": "Appropriate adult present (where needed)",
    "needs_interpreter": "Needed an interpreter",
    "interpreter_present": "Interpreter present (where needed)",
}


def no_answer_text(position: int, check: RightsCheck) -> str:
    """How an issue raised from a "no" begins: the detainee by number (never a name) and the
    check. An issue beginning so has been raised from that answer."""
    return f"Detainee {position}: {check.label} — no."
