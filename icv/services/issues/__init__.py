"""Issues raised on a visit, and their life with the force afterwards.

    access          who may see which issue
    lists           the coordinator's list and the force's inbox
    workflow        refer, answer, close, refer again; the daily reminder of overdue answers
    notifications   who is told, and the e-mails they get
    timeline        an issue's history, read back from the audit trail

(The issue dashboard's figures are statistics: icv.reporting.issues.)
"""

from icv.services.issues.access import may_see, visible
from icv.services.issues.lists import (
    IssueFilter,
    for_coordinator,
    inbox,
    waiting_for_answer,
)
from icv.services.issues.notifications import force_users
from icv.services.issues.timeline import Moment, timeline
from icv.services.issues.workflow import (
    DUE_WORKING_DAYS,
    MAY_ANSWER,
    MAY_CLOSE,
    MAY_REFER,
    MAY_REFER_AGAIN,
    agreed,
    answer,
    check_status,
    close,
    refer,
    refer_again,
    remind,
    suggested_due_on,
)

__all__ = [
    "DUE_WORKING_DAYS",
    "MAY_ANSWER",
    "MAY_CLOSE",
    "MAY_REFER",
    "MAY_REFER_AGAIN",
    "IssueFilter",
    "Moment",
    "agreed",
    "answer",
    "check_status",
    "close",
    "for_coordinator",
    "force_users",
    "inbox",
    "may_see",
    "refer",
    "refer_again",
    "remind",
    "suggested_due_on",
    "timeline",
    "visible",
    "waiting_for_answer",
]
