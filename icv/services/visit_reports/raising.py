"""A "no" to a rights check becomes an issue in one tap: the issues step lists each "no" not
yet raised, and a button of the issues form pre-fills an issue from it, as a checklist concern
is pre-filled (icv.visits.steps), keeping what is typed on the page. Nothing is saved until the
lead saves the step, so it works the same with or without JavaScript."""

from dataclasses import dataclass

from icv.models import RIGHTS, RightsAnswer, Visit
from icv.models.rights import RightsCheck, no_answer_text


@dataclass(frozen=True)
class NoAnswer:
    position: int  # the detainee's number on the report
    check: RightsCheck

    @property
    def key(self) -> str:
        """How a link names it: 2-food_and_drink."""
        return f"{self.position}-{self.check.name}"

    @property
    def text(self) -> str:
        return no_answer_text(self.position, self.check)

    def issue_row(self) -> dict:
        return {"area": self.check.area.value, "description": self.text}


def no_answers(visit: Visit) -> list[NoAnswer]:
    """Every "no" on the report, detainee by detainee, in the order of the checks."""
    return [
        NoAnswer(entry.position, check)
        for entry in sorted(visit.detainees, key=lambda entry: entry.position)
        for check in RIGHTS
        if getattr(entry, check.name) is RightsAnswer.NO
    ]


def not_raised(visit: Visit, rows: list[dict]) -> list[NoAnswer]:
    """The "no" answers no issue (saved, or pre-filled on the page) begins with."""
    descriptions = [row.get("description") or "" for row in rows]
    return [
        answer
        for answer in no_answers(visit)
        if not any(text.startswith(answer.text) for text in descriptions)
    ]


EVERY = "all"  # the key "Raise them all" asks with


def rows_to_raise(visit: Visit, keys: list[str], rows: list[dict]) -> list[dict]:
    """An issue row for each "no" asked to be raised (by key, or every one) and not raised
    already; a key that names no "no" (the answer changed since, or a page made up) is passed
    over."""
    asked = set(keys)
    return [
        answer.issue_row()
        for answer in not_raised(visit, rows)
        if answer.key in asked or EVERY in asked
    ]
