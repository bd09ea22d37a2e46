"""The statistics of a period as tables: every surface (the web page, each download, the Word
board paper, the `icv report` command) is made from tables(), so a figure reads the same
wherever it is read. icv.reporting.exporters writes them as CSV, XLSX, JSON and HTML."""

from dataclasses import dataclass
from datetime import date

from icv.models import Area, IssueLevel, IssueStatus
from icv.reporting import access_delays, comparison, narrative, rights_tables
from icv.reporting import volunteers as volunteer_figures
from icv.reporting.statistics import (
    BAND_LABELS,
    BANDS,
    DAYS,
    NOT_RECORDED,
    REASONS,
    TIMES_OF_DAY,
)

OUTCOME_LABELS = {
    "offered": "Offered a visit",
    "not_available": "Not available",
    "not_offered": "Not offered",
    "accepted": "Agreed to be seen",
    "declined": "Refused",
}
NEED_LABELS = {
    "vulnerable": "Vulnerable",
    "needs_appropriate_adult": "Needed an appropriate adult",
    "needs_interpreter": "Needed an interpreter",
}


@dataclass
class Table:
    key: str
    title: str  # also the sheet's name in the XLSX: at most 31 characters
    columns: list[str]
    rows: list[list]
    caption: str = ""


def tables(stats: dict) -> list[Table]:
    return [
        _summary(stats),
        *comparison.tables(stats),
        _suites(stats),
        _months(stats),
        _access(stats),
        _access_delays(stats),
        _detainees(stats),
        _reasons(stats),
        _juveniles(stats),
        _days(stats),
        _times(stats),
        _issues(stats),
        _answers(stats),
        *rights_tables.tables(stats),
    ]


def _summary(stats: dict) -> Table:
    visits, detainees = stats["visits"], stats["detainees"]
    rows = [
        ["Visits", visits["total"], None],
        ["Visits abandoned", visits["abandoned"], None],
        *([BAND_LABELS[band], stats["access"][band], None] for band in BANDS),
        ["Detainees present", detainees["present"], None],
        *(
            [OUTCOME_LABELS[outcome], detainees[outcome]["count"], detainees[outcome]["percent"]]
            for outcome in ("offered", "not_available", "not_offered", "accepted", "declined")
        ),
        ["Persons detained by the force", stats["force_detentions"], None],
        ["Visits in person", visits.get("in_person"), None],
        ["Remote visits (phone or video)", visits.get("remote"), None],
        ["Visits completed", visits.get("completed"), None],
        ["Visits attempted (abandoned)", visits.get("attempted"), None],
        *volunteer_figures.summary_rows(stats.get("volunteers")),
    ]
    return Table(
        "summary",
        "Summary",
        ["Figure", "Number", "Per cent"],
        rows,
        f"{narrative.title(stats)}: the figures for the board",
    )


def _suites(stats: dict) -> Table:
    rows = [
        [
            suite["name"],
            suite["visits"],
            suite["abandoned"],
            *(suite[band] for band in BANDS),
            suite.get("weeks_elapsed", suite["weeks"]),
            suite["weeks_closed"],
            suite["weeks_visited"],
            suite["weeks_missed"],
            suite["weeks_visited_percent"],
        ]
        for suite in stats["suites"]
    ]
    return Table(
        "suites",
        "Visits by suite",
        [
            "Suite",
            "Visits",
            "Abandoned",
            "Immediate access",
            "Wait 6 to 15 minutes",
            "Wait 16 minutes or more",
            "Weeks" if stats.get("complete", True) else "Weeks ended to date",
            "Weeks closed",
            "Weeks visited",
            "Weeks missed",
            "Per cent of open weeks visited",
        ],
        rows,
        "Visits and weekly coverage of each suite (a week closed throughout is not missed"
        + ("" if stats.get("complete", True) else "; a week not yet ended is not counted")
        + ")",
    )


def _months(stats: dict) -> Table:
    names = [suite["name"] for suite in stats["suites"]]
    for month in stats["months"]:
        names += [name for name in month["by_suite"] if name not in names]
    rows = [
        [
            date.fromisoformat(month["month"] + "-01").strftime("%B %Y"),
            *(month["by_suite"].get(name, 0) for name in names),
            month["total"],
        ]
        for month in stats["months"]
    ]
    return Table("months", "Visits by month", ["Month", *names, "Total"], rows, "Visits by month")


def _access(stats: dict) -> Table:
    not_banded = stats["access_not_banded"]
    rows = [[BAND_LABELS[band], stats["access"][band]] for band in BANDS]
    rows += [
        ["Abandoned before admission", not_banded["abandoned_before_admission"]],
        ["No wait recorded", not_banded["wait_not_recorded"]],
    ]
    return Table(
        "access",
        "Access",
        ["Wait from arrival to admission", "Visits"],
        rows,
        "How long the visitors waited to be let in",
    )


def _access_delays(stats: dict) -> Table:
    rows = [
        [access_delays.LABELS[reason], count]
        for reason, count in stats["access_delay_reasons"].items()
    ]
    return Table(
        "access_delays",
        "Access delay reasons",
        ["Reason for the delay", "Visits"],
        rows,
        "Why the visitors waited more than 5 minutes to be let in",
    )


def _detainees(stats: dict) -> Table:
    detainees = stats["detainees"]
    rows = [["Present at the time of the visits", detainees["present"], None, ""]]
    for outcome in ("offered", "not_available", "not_offered"):
        figure = detainees[outcome]
        rows.append([OUTCOME_LABELS[outcome], figure["count"], figure["percent"], "present"])
    for outcome in ("accepted", "declined"):
        figure = detainees[outcome]
        rows.append([OUTCOME_LABELS[outcome], figure["count"], figure["percent"], "offered"])
    return Table(
        "detainees",
        "Detainees",
        ["Detainees", "Number", "Per cent", "Per cent of"],
        rows,
        "Detainees in custody at the time of the visits",
    )


def _reasons(stats: dict) -> Table:
    rows = []
    for outcome, reasons in REASONS.items():
        for reason, count in stats["reasons"][outcome].items():
            label = "Not recorded" if reason == NOT_RECORDED else reasons(reason).label
            rows.append([OUTCOME_LABELS[outcome], label, count])
    return Table(
        "reasons",
        "Reasons",
        ["Detainees", "Reason", "Number"],
        rows,
        "Why detainees were not available or not offered a visit",
    )


def _juveniles(stats: dict) -> Table:
    juveniles = stats["juveniles"]
    rows = [["Juveniles (under 18) present", *_pair(juveniles["present"])]]
    rows += [
        [f"Juveniles: {OUTCOME_LABELS[outcome].lower()}", juveniles[outcome], None]
        for outcome in ("accepted", "declined", "not_available", "not_offered")
    ]
    rows += [[NEED_LABELS[need], *_pair(figure)] for need, figure in stats["needs"].items()]
    return Table(
        "juveniles",
        "Juveniles and needs",
        ["Detainees", "Number", "Per cent of detainees present"],
        rows,
        "Juveniles, and detainees' needs",
    )


def _pair(figure: dict) -> list:
    return [figure["count"], figure["percent"]]


def _days(stats: dict) -> Table:
    rows = [[day.capitalize(), stats["days_of_week"][day]] for day in DAYS]
    return Table("days", "Day of week", ["Day", "Visits"], rows, "Visits by day of the week")


def _times(stats: dict) -> Table:
    rows = [[label, stats["times_of_day"][name]] for name, (label, _) in TIMES_OF_DAY.items()]
    rows.append(["Arrival time not recorded", stats["times_of_day"][NOT_RECORDED]])
    return Table(
        "times", "Time of day", ["Arrived", "Visits"], rows, "Visits by the time of arrival"
    )


def _issues(stats: dict) -> Table:
    issues = stats["issues"]
    rows = [["All issues", "", issues["total"]]]
    rows += [["Area", Area(area).label, count] for area, count in issues["by_area"].items()]
    rows += [
        ["Level", IssueLevel(int(level)).label, count]
        for level, count in issues["by_level"].items()
    ]
    rows += [
        ["Status", IssueStatus(status).label, count]
        for status, count in issues["by_status"].items()
    ]
    return Table(
        "issues",
        "Issues",
        ["By", "Group", "Issues"],
        rows,
        "Issues raised on the visits, by area, level and status",
    )


def _answers(stats: dict) -> Table:
    answers = stats["force_answers"]
    rows = [
        ["Issues referred to the force", answers["referred"]],
        ["Answered", answers["answered"]],
        ["Answered by the due date", answers["answered_by_due_date"]],
        ["Answered after the due date", answers["answered_late"]],
        ["Waiting for an answer", answers["awaiting"]],
        ["Average days to answer", answers["mean_days"]],
        ["Longest days to answer", answers["longest_days"]],
    ]
    return Table(
        "answers",
        "Force answers",
        ["Referred issues", "Number"],
        rows,
        "How quickly the force answered referred issues",
    )
