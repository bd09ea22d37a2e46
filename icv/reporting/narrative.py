"""The statistics in the words an annual report uses, ready to paste into a board paper:

"During 2016/17 a total of 145 visits were made as follows: Beaumont Leys 40 (closed from
January 2017 to March 2017 for refurbishment), Keyham Lane 52, Euston Street 53."

A year reads "During 2016/17", a quarter "During 2016/17 Q3 (October to December 2016)", a
range of dates "Between 1 November 2025 and 30 November 2026"; a period not yet over adds
"to date".
"""

from datetime import date

from icv import periods
from icv.models import Area
from icv.reporting import comparison


def paragraphs(stats: dict) -> list[str]:
    return [
        paragraph
        for paragraph in (
            _visits(stats),
            comparison.paragraph(stats, _noun(stats)),
            _volunteers(stats),
            _access(stats),
            _detainees(stats),
            _issues(stats),
        )
        if paragraph
    ]


def text(stats: dict) -> str:
    return "\n\n".join(paragraphs(stats))


def title(stats: dict) -> str:
    """The period's label, with "to date" while it is in progress: "2026/27 to date"."""
    return stats["period"]["label"] + ("" if stats.get("complete", True) else " to date")


def span(stats: dict) -> str:
    """The period as a sentence names it: "2016/17", "2016/17 Q3 (October to December 2016)",
    "1 November 2025 to 30 November 2026"."""
    period = stats["period"]
    start, end = date.fromisoformat(period["start"]), date.fromisoformat(period["end"])
    if _noun(stats) == "quarter":
        named = f"{period['label']} ({start:%B} to {end:%B %Y})"
    else:
        named = period["label"]
    return named + ("" if stats.get("complete", True) else " to date")


def during(stats: dict) -> str:
    """ "during 2016/17", "during 2016/17 Q3 (October to December 2016)", "between 1 November
    2025 and 30 November 2026" (a range is named by its two ends, not "during … to …")."""
    if _noun(stats) == "period":
        period = stats["period"]
        start, end = date.fromisoformat(period["start"]), date.fromisoformat(period["end"])
        todate = "" if stats.get("complete", True) else " (to date)"
        return f"between {_long(start)} and {_long(end)}{todate}"
    return f"during {span(stats)}"


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def number(count: int) -> str:
    """1,083; and "one" for one, as the annual report writes it."""
    return "one" if count == 1 else f"{count:,}"


def _plural(count: int, singular: str, plural: str) -> str:
    return singular if count == 1 else plural


def _visits(stats: dict) -> str:
    total = stats["visits"]["total"]
    if not total:
        return f"No visits were made {during(stats)}."
    suites = [
        f"{suite['name']} {suite['visits']:,}{_closures(suite['closures'])}"
        for suite in stats["suites"]
        if suite["visits"] or suite["closures"]
    ]
    sentence = (
        f"{_capital(during(stats))} a total of {total:,} "
        f"{_plural(total, 'visit was', 'visits were')} made as follows: {', '.join(suites)}."
    )
    abandoned = stats["visits"]["abandoned"]
    if abandoned:
        sentence += (
            f" {number(abandoned).capitalize()} of these visits "
            f"{_plural(abandoned, 'was', 'were')} abandoned."
        )
    return sentence


def _volunteers(stats: dict) -> str:
    """ "At 31 March 2017 the scheme had 29 volunteers; 3 joined and 2 left during the year."
    Nothing when no volunteer's record is kept (history imported without them)."""
    volunteers = stats.get("volunteers")
    if not volunteers or not any(volunteers[key] for key in ("active_at_end", "joined", "left")):
        return ""
    at = date.fromisoformat(volunteers["at"])
    active, joined, left = volunteers["active_at_end"], volunteers["joined"], volunteers["left"]
    sentence = (
        f"At {_long(at)} the scheme had {number(active)} "
        f"{_plural(active, 'volunteer', 'volunteers')}"
    )
    if joined or left:
        sentence += (
            f"; {_count(joined, 'volunteer', bare=True)} joined and "
            f"{_count(left, 'volunteer', bare=True)} left {_the_span(stats)}"
        )
    return sentence + "."


def _the_span(stats: dict) -> str:
    """ "during the year", "during the quarter", "in the period"."""
    noun = _noun(stats)
    return "in the period" if noun == "period" else f"during the {noun}"


def _capital(words: str) -> str:
    return words[:1].upper() + words[1:]


def _closures(closures: list[dict]) -> str:
    if not closures:
        return ""
    spans = [_closure(closure) for closure in closures]
    return f" ({'; '.join(spans)})"


def _closure(closure: dict) -> str:
    starts, ends = date.fromisoformat(closure["starts_on"]), date.fromisoformat(closure["ends_on"])
    # Always with the year: a board paper is read years later, and closures cross years.
    if (starts.year, starts.month) == (ends.year, ends.month):
        when = f"in {starts:%B %Y}"
    else:
        when = f"from {starts:%B %Y} to {ends:%B %Y}"
    reason = closure["reason"].strip()
    if reason[:1].isupper() and not reason[1:2].isupper():
        reason = reason[0].lower() + reason[1:]  # "Refurbishment" reads "for refurbishment"
    return f"closed {when} for {reason}" if reason else f"closed {when}"


def _access(stats: dict) -> str:
    total = stats["visits"]["total"]
    if not total:
        return ""
    access = stats["access"]
    immediate, short, long_ = (
        access["immediate"],
        access["wait_6_to_15"],
        access["wait_16_plus"],
    )
    sentence = (
        f"Of the {total:,} {_plural(total, 'visit', 'visits')} undertaken "
        f"{during(stats)} immediate access to the custody suite was provided on "
        f"{number(immediate)} {_plural(immediate, 'occasion', 'occasions')}, "
        f"{_count(short, 'visit')} incurred a wait of between six and 15 minutes and "
        f"{_count(long_, 'visit', bare=True)} a wait of 16+ minutes."
    )
    not_banded = stats["access_not_banded"]
    before, unknown = not_banded["abandoned_before_admission"], not_banded["wait_not_recorded"]
    if before:
        sentence += (
            f" {number(before).capitalize()} {_plural(before, 'visit was', 'visits were')} "
            "abandoned before the visitors were admitted."
        )
    if unknown:
        sentence += (
            f" No access time was recorded for {number(unknown)} "
            f"{_plural(unknown, 'visit', 'visits')}."
        )
    return sentence


def _count(count: int, noun: str, bare: bool = False) -> str:
    """ "13 visits", "one visit", "no visits"; bare: "13", "one", "none"."""
    if count == 0:
        return "none" if bare else f"no {noun}s"
    if bare:
        return number(count)
    return f"{number(count)} {_plural(count, noun, noun + 's')}"


def _share(figure: dict) -> str:
    count, rate = figure["count"], figure["percent"]
    return f"{count:,}" if rate is None else f"{count:,} ({rate}%)"


def _detainees(stats: dict) -> str:
    if not stats["visits"]["total"]:
        return ""
    detainees = stats["detainees"]
    present = detainees["present"]
    detained = stats.get("force_detentions")
    if detained is not None:
        opening = (
            f"{present:,} {_plural(present, 'detainee was', 'detainees were')} in police "
            f"cells at the time of custody visits, out of {detained:,} persons detained "
            f"during the {_noun(stats)}"
        )
    else:
        opening = (
            f"{present:,} {_plural(present, 'detainee was', 'detainees were')} in "
            "detention at the time of the visits"
        )
    if not present:
        return opening + "."
    sentence = (
        f"{opening}: {_share(detainees['offered'])} were offered a visit, "
        f"{_share(detainees['not_available'])} were not available (e.g. in interview, asleep), "
        f"{_share(detainees['not_offered'])} were not offered (e.g. staff advised not to, or "
        "visitors prioritised vulnerable detainees)."
    )
    if detainees["offered"]["count"]:
        sentence += (
            f" {_share(detainees['accepted'])} of those offered agreed to be seen and "
            f"{_share(detainees['declined'])} refused."
        )
    return sentence


def _noun(stats: dict) -> str:
    try:
        return periods.parse(stats["period"]["label"]).noun
    except periods.PeriodError:
        return "period"


# -- Issues -----------------------------------------------------------------------------------

LEVEL_WORDS = {"1": "easily fixed", "2": "urgent", "3": "unacceptable"}
# The force's answer to a level 3 issue is quoted up to this many characters. The issue's own
# description is not: the paragraph goes into a published report, and what visitors wrote is
# free text that may name someone; the area says what it was about.
QUOTED = 160


def _issues(stats: dict) -> str:
    """ "14 issues were raised on the visits during 2016/17: … The force answered 7 of the 10
    referred to it within the due date …", then each level 3 issue and what the force did."""
    if not stats["visits"]["total"]:
        return ""
    issues = stats["issues"]
    total = issues["total"]
    if not total:
        return ""  # imported history records no issues: silence, not "none were raised"
    levels = [
        f"{number(count)} at level {level} ({LEVEL_WORDS[level]})"
        for level, count in issues["by_level"].items()
        if count
    ]
    sentence = (
        f"{number(total).capitalize()} {_plural(total, 'issue was', 'issues were')} raised on "
        f"the visits {during(stats)}: {_listed(levels)}."
    )
    answers = stats["force_answers"]
    referred = answers["referred"]
    if referred:
        in_time = answers["answered_by_due_date"]
        late = answers["answered_late"]
        if referred == 1:  # never "answered 0 of the one issue"
            sentence += (
                " The force answered the one issue referred to it within the due date"
                if in_time
                else " The force answered the one issue referred to it after the due date"
                if late
                else " The force did not answer the one issue referred to it within the due date"
            )
        else:
            sentence += (
                f" The force answered {number(in_time) if in_time else 'none'} of the "
                f"{number(referred)} issues referred to it within the due date"
            )
        if late and referred > 1:
            sentence += f" and {number(answers['answered_late'])} after it"
        sentence += "."
        if answers["awaiting"]:
            awaiting = answers["awaiting"]
            sentence += (
                f" {number(awaiting).capitalize()} {_plural(awaiting, 'awaits', 'await')} "
                "the force's answer."
            )
    serious = stats.get("level_3_issues") or []
    if serious:
        sentence += (
            f" The level 3 (unacceptable) {_plural(len(serious), 'issue was', 'issues were')}: "
            + "; ".join(_serious(issue) for issue in serious)
            + "."
        )
    return sentence


def _listed(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def _serious(issue: dict) -> str:
    """ "at Keyham Lane on 3 May 2016, about cells and bedding: the force answered “Replaced
    that day” " """
    day = date.fromisoformat(issue["visit_date"])
    where = f"at {issue['suite']} " if issue["suite"] else ""
    what = Area(issue["area"]).label
    what = what[0].lower() + what[1:] if not what[1:2].isupper() else what  # CCTV stays
    return f"{where}on {day.day} {day:%B %Y}, about {what}: {_done(issue)}"


def _done(issue: dict) -> str:
    if issue["force_response"]:
        done = f"the force answered {_quoted(issue['force_response'])}"
        if issue["action_taken_on"]:
            acted = date.fromisoformat(issue["action_taken_on"])
            done += f", acting on {acted.day} {acted:%B %Y}"
        return done
    if issue["referred"]:
        due = date.fromisoformat(issue["due_on"]) if issue["due_on"] else None
        return "referred to the force, whose answer is awaited" + (
            f" (due {due.day} {due:%B %Y})" if due else ""
        )
    if issue["resolved_on_spot"]:
        return "resolved on the spot"
    return "not yet referred to the force"


def _quoted(words: str) -> str:
    text = " ".join((words or "").split()).rstrip(".")
    if len(text) > QUOTED:
        text = text[: QUOTED - 1].rstrip() + "…"
    return f"“{text}”"
