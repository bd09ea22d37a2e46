"""The rights-and-entitlements, vulnerability, TACT and declined-reason figures
(icv.reporting.rights) as tables, for every surface figure_tables.tables() feeds: the page, CSV,
XLSX and the printable report."""

from icv.models import RIGHTS, DeclinedReason, RightsAnswer
from icv.models.rights import PRESENT_WHERE_NEEDED, VULNERABILITY, VULNERABILITY_LABELS
from icv.reporting import figure_tables
from icv.reporting.rights import NOT_RECORDED


def tables(stats: dict) -> list:
    return [_rights(stats), _vulnerability(stats), _declined_reasons(stats)]


def _rights(stats: dict):
    columns = ["Check"]
    for answer in RightsAnswer:
        columns += [answer.label, f"{answer.label} (%)"]
    columns += ["Not recorded"]
    rows = []
    for check in RIGHTS:
        figures = stats["rights"][check.name]
        row = [check.label]
        for answer in RightsAnswer:
            row += [figures[answer.value]["count"], figures[answer.value]["percent"]]
        rows.append([*row, figures[NOT_RECORDED]["count"]])
    seen = stats["detainees"]["accepted"]["count"]
    return figure_tables.Table(
        "rights",
        "Rights and entitlements",
        columns,
        rows,
        f"What the {seen:,} detainees seen said of each right and entitlement "
        "(per cent of detainees seen)",
    )


def _vulnerability(stats: dict):
    rows = []
    for flag in VULNERABILITY:
        figure = stats["vulnerability"][flag]
        of = "needed one" if flag in PRESENT_WHERE_NEEDED else "present"
        rows.append([VULNERABILITY_LABELS[flag], figure["count"], figure["percent"], of])
    tact = stats["tact"]
    rows += [
        ["Held under the Terrorism Act (TACT)", *_pair(tact["present"]), "present"],
        ["TACT detainees seen", *_pair(tact["seen"]), "TACT detainees present"],
    ]
    return figure_tables.Table(
        "vulnerability",
        "Vulnerability and TACT",
        ["Detainees", "Number", "Per cent", "Per cent of"],
        rows,
        "Vulnerable detainees, and detainees held under the Terrorism Act",
    )


def _declined_reasons(stats: dict):
    rows = [
        ["Not recorded" if reason == NOT_RECORDED else DeclinedReason(reason).label, count]
        for reason, count in stats["declined_reasons"].items()
    ]
    return figure_tables.Table(
        "declined_reasons",
        "Declined reasons",
        ["Reason", "Detainees"],
        rows,
        "Why detainees offered a visit declined it",
    )


def _pair(figure: dict) -> list:
    return [figure["count"], figure["percent"]]
