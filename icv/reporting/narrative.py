"""The statistics in the words an annual report uses, ready to paste into a board paper:

"During 2016/17 a total of 145 visits were made as follows: Beaumont Leys 40 (closed January
to March for refurbishment), Keyham Lane 52, Euston Street 53."
"""

from datetime import date

from icv import periods


def paragraphs(stats: dict) -> list[str]:
    return [
        paragraph for paragraph in (_visits(stats), _access(stats), _detainees(stats)) if paragraph
    ]


def text(stats: dict) -> str:
    return "\n\n".join(paragraphs(stats))


def number(count: int) -> str:
    """1,083; and "one" for one, as the annual report writes it."""
    return "one" if count == 1 else f"{count:,}"


def _plural(count: int, singular: str, plural: str) -> str:
    return singular if count == 1 else plural


def _visits(stats: dict) -> str:
    label, total = stats["period"]["label"], stats["visits"]["total"]
    if not total:
        return f"No visits were made during {label}."
    suites = [
        f"{suite['name']} {suite['visits']:,}{_closures(suite['closures'])}"
        for suite in stats["suites"]
        if suite["visits"] or suite["closures"]
    ]
    sentence = (
        f"During {label} a total of {total:,} {_plural(total, 'visit was', 'visits were')} "
        f"made as follows: {', '.join(suites)}."
    )
    abandoned = stats["visits"]["abandoned"]
    if abandoned:
        sentence += (
            f" {number(abandoned).capitalize()} of these "
            f"{_plural(abandoned, 'visit was', 'visits were')} abandoned."
        )
    return sentence


def _closures(closures: list[dict]) -> str:
    if not closures:
        return ""
    spans = [_closure(closure) for closure in closures]
    return f" ({'; '.join(spans)})"


def _closure(closure: dict) -> str:
    starts, ends = date.fromisoformat(closure["starts_on"]), date.fromisoformat(closure["ends_on"])
    if (starts.year, starts.month) == (ends.year, ends.month):
        when = f"in {starts:%B}"
    elif starts.year == ends.year:
        when = f"{starts:%B} to {ends:%B}"
    else:
        when = f"{starts:%B %Y} to {ends:%B %Y}"
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
        f"Of the {total:,} {_plural(total, 'visit', 'visits')} undertaken during "
        f"{stats['period']['label']} immediate access to the custody suite was provided on "
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
