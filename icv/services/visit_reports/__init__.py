"""Visit reports: a pair's report of a custody visit, from the lead's first draft to the
coordinator's review.

    access      who may see a report, and who may change it now
    lists       the lists people work from: a volunteer's home, the review list
    drafting    the lead fills the draft in, step by step
    amending    a report sent back or open for an amendment is changed in a copy
    workflow    submit; the partner confirms or sends it back; the coordinator reviews or asks
                for an amendment
"""

from icv.services.visit_reports.access import (
    FORCE_SEES,
    editable,
    may_see,
    opened,
    submitted_by,
    visible,
    waits_for_partner,
)
from icv.services.visit_reports.amending import working
from icv.services.visit_reports.drafting import (
    NoLongerDraft,
    StaleVersion,
    check_version,
    concerns_without_issue,
    delete_draft,
    mark_all_satisfactory,
    save_access,
    save_checklist,
    save_detainees,
    save_draft,
    save_issues,
    save_observations,
    save_visit,
    start_draft,
)
from icv.services.visit_reports.lists import (
    ReviewFilter,
    active_volunteers,
    for_review,
    for_volunteer,
)
from icv.services.visit_reports.workflow import (
    body,
    confirm,
    digest,
    mark_reviewed,
    problems_before_submit,
    records_nothing,
    request_amendment,
    return_to_lead,
    submit,
)

__all__ = [
    "FORCE_SEES",
    "NoLongerDraft",
    "ReviewFilter",
    "StaleVersion",
    "active_volunteers",
    "body",
    "check_version",
    "concerns_without_issue",
    "confirm",
    "delete_draft",
    "digest",
    "editable",
    "for_review",
    "for_volunteer",
    "mark_all_satisfactory",
    "mark_reviewed",
    "may_see",
    "opened",
    "problems_before_submit",
    "records_nothing",
    "request_amendment",
    "return_to_lead",
    "save_access",
    "save_checklist",
    "save_detainees",
    "save_draft",
    "save_issues",
    "save_observations",
    "save_visit",
    "start_draft",
    "submit",
    "submitted_by",
    "visible",
    "waits_for_partner",
    "working",
]
