"""Importing historical visits from a spreadsheet saved as CSV, one row per visit:

    date,suite,arrived,admitted,wait_minutes,visitors,accepted,declined,not_available,not_offered

and, optionally, a delay_reason column: words, which count as an "other" reason for a wait
over five minutes (a shorter wait needs none, so its words are not kept).
Each row is checked by ImportedVisitSchema, by the rules a visit report's date and wait meet.
All or nothing: every row is checked first and every bad row is reported with its line number;
only a file with no bad row is written, all in the one unit of work of the caller. Imported
visits count in the statistics like reviewed reports; their detainees are anonymous entries
with only an outcome.

The work a file can ask for is bounded before any is done: its size (MOST_BYTES), then its
rows (MOST_ROWS), then, once its rows are read, the detainee entries they make (at most
MOST_DETAINEES a visit, as a visit report, and MOST_DETAINEES_A_FILE in all). A row imported
before, from this file or another, is remembered by its natural key (ImportedRow) and not
imported again, so importing a file twice, or a spreadsheet again with rows added at its end,
counts each visit once.
"""

import hashlib
import json
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from icv import clock
from icv.models import (
    DelayReason,
    DetaineeEntry,
    DetaineeOutcome,
    ImportedRow,
    Person,
    ReportStatus,
    Role,
    Suite,
    Visit,
    VisitOutcome,
    VisitSource,
    VisitType,
    VisitVisitor,
)
from icv.schemas.statistics import COUNTS
from icv.schemas.visit_reports import IMMEDIATE_MINUTES
from icv.services import audit, import_file, tallies
from icv.services.import_file import MOST_BYTES, MOST_ROWS, BadLine, ImportRefused

__all__ = ["MOST_BYTES", "MOST_ROWS", "BadLine", "ImportRefused", "Imported", "import_visits"]

# A file of the most detainees takes a few seconds to write; each is a row of the database.
MOST_DETAINEES_A_FILE = 100_000
_INSERT_BATCH = 5000
# Two imports at once on PostgreSQL (a second click) take turns, so the second finds the rows
# of the first imported; on SQLite the write lock takes turns already. Any number will do as
# the key of the advisory lock, as long as nothing else uses it.
_ONE_IMPORT_AT_A_TIME = 7_140_501


@dataclass
class Imported:
    visits: int = 0
    detainees: int = 0
    suites_created: list[str] = field(default_factory=list)
    first: date | None = None
    last: date | None = None
    already_imported: int = 0  # rows left out: their visits were imported before

    @property
    def summary(self) -> str:
        """What was done, in a sentence or two, for the page and the console."""
        before = self.already_imported
        if not self.visits:
            return (
                f"Already imported: the file's {before:,} "
                f"{'visit was' if before == 1 else 'visits were'} imported before, so nothing "
                "was added."
            )
        said = (
            f"Imported {_counted(self.visits, 'visit')} with "
            f"{_counted(self.detainees, 'detainee')}, "
            f"from {self.first:%-d %B %Y} to {self.last:%-d %B %Y}."
        )
        if before:
            said += (
                f" {before:,} {'row was' if before == 1 else 'rows were'} already imported "
                "and left out."
            )
        if self.suites_created:
            said += f" Suites added: {', '.join(self.suites_created)}."
        return said


def _counted(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def import_visits(
    session: Session,
    actor: Person | None,
    data: bytes | str,
    *,
    create_suites: bool = False,
    filename: str | None = None,
) -> Imported:
    """Check every row of the CSV `data`, then write all its visits not imported before or,
    with any bad row, none: ImportRefused lists every bad line."""
    rows, bad = import_file.rows(data)
    _one_import_at_a_time(session)
    suites = _suites_by_name(session)
    if not create_suites:
        for row in rows:
            if row["suite"].casefold() not in suites:
                bad.append(
                    BadLine(
                        row["line"],
                        [f"no suite is called “{row['suite']}” (add it first, or create suites)"],
                    )
                )
    people = _people(session)
    bad += _not_volunteers(rows, people)
    if bad:
        raise ImportRefused(import_file.merged(bad))
    if not rows:
        raise ImportRefused([BadLine(1, ["the file has no visits in it"])])
    detainees = sum(row[count] for row in rows for count in COUNTS)
    if detainees > MOST_DETAINEES_A_FILE:
        too_many = f"the file counts {detainees:,} detainees: a file may count at most "
        raise ImportRefused([BadLine(1, [f"{too_many}{MOST_DETAINEES_A_FILE:,}"])])
    return _write(session, actor, rows, suites, people, filename)


def _one_import_at_a_time(session: Session):
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ONE_IMPORT_AT_A_TIME})


def _suites_by_name(session: Session) -> dict[str, int]:
    """Suite ids by name in any case ("öster street" is "ÖSTER Street", on SQLite too)."""
    return {
        name.casefold(): suite_id
        for suite_id, name in session.execute(select(Suite.id, Suite.name))
    }


@dataclass
class _People:
    """Who a visitor written in the file may be: volunteers by e-mail and by name (a name two
    volunteers share names neither), and the roles of the others' e-mails."""

    by_email: dict = field(default_factory=dict)
    by_name: dict = field(default_factory=dict)
    not_volunteers: dict = field(default_factory=dict)

    def matched(self, written: str) -> tuple[int | None, str]:
        """The person id and name of the volunteer `written` names, or None and it as written."""
        key = written.lower()
        return self.by_email.get(key) or self.by_name.get(key) or (None, written)


def _people(session: Session) -> _People:
    people, repeated = _People(), set()
    query = select(Person.id, Person.name, Person.email, Person.role)
    for person_id, name, email, role in session.execute(query):
        if role is not Role.VOLUNTEER:  # only volunteers visit
            people.not_volunteers[email.lower()] = role
            continue
        people.by_email[email.lower()] = (person_id, name)
        key = name.strip().lower()
        if key in people.by_name:
            repeated.add(key)
        people.by_name[key] = (person_id, name)
    for key in repeated:  # two people of one name: which was on the visit is not known
        del people.by_name[key]
    return people


def _not_volunteers(rows: list[dict], people: _People) -> list[BadLine]:
    """A visitor written as the e-mail of a coordinator or force user: a slip, since only
    volunteers visit, and one that would make them the lead of a visit."""
    bad = []
    for row in rows:
        for written in row["visitors"]:
            role = people.not_volunteers.get(written.lower())
            if role is not None:
                problem = f"the visitor {written} is a {role.label.lower()} user, not a volunteer"
                bad.append(BadLine(row["line"], [f"{problem}: only volunteers visit"]))
    return bad


def _key(row: dict, suite_id: int, earlier: int) -> str:
    """The row's natural key: the visit it describes, as loaded (a time typed 14.05 is 14:05),
    and how many rows describing the same visit came before it in its file."""
    visit = [
        suite_id,
        row["date"].isoformat(),
        *(row[name] and row[name].strftime("%H:%M") for name in ("arrived", "admitted")),
        row["wait_minutes"],
        [written.casefold() for written in row["visitors"]],
        *(row[count] for count in COUNTS),
        earlier,
    ]
    return hashlib.sha256(json.dumps(visit, ensure_ascii=False).encode()).hexdigest()


def _delay(row: dict) -> dict:
    """The words of a long wait's reason, as an "other" reason (the access step's rule)."""
    if not row.get("delay_reason") or (row["wait_minutes"] or 0) <= IMMEDIATE_MINUTES:
        return {"delay_cause": None, "delay_reason": None}
    return {"delay_cause": DelayReason.OTHER, "delay_reason": row["delay_reason"]}


def _new_rows(session: Session, rows: list[dict], suites: dict) -> tuple[list, int]:
    """The rows not imported before, each with its key, and how many were."""
    seen, keyed = Counter(), []
    for row in rows:
        suite_id = suites[row["suite"].casefold()]
        plain = _key(row, suite_id, 0)
        keyed.append((_key(row, suite_id, seen[plain]), row))
        seen[plain] += 1
    keys = [key for key, _ in keyed]
    known = set()
    for start in range(0, len(keys), _INSERT_BATCH):
        batch = keys[start : start + _INSERT_BATCH]
        known.update(session.scalars(select(ImportedRow.key).where(ImportedRow.key.in_(batch))))
    return [(key, row) for key, row in keyed if key not in known], len(known)


def _write(
    session: Session, actor, rows: list[dict], suites: dict, people: _People, filename
) -> Imported:
    result = Imported()
    for row in rows:
        key = row["suite"].casefold()
        if key not in suites:
            suite = Suite(name=row["suite"])
            session.add(suite)
            audit.record(session, actor, "suite_added", suite, after=suite.audit_state())
            suites[key] = suite.id
            result.suites_created.append(suite.name)
    new_rows, result.already_imported = _new_rows(session, rows, suites)
    if not new_rows:
        return result
    now = clock.now()
    visits, visitors, entries, keys = [], [], [], []
    for key, row in new_rows:
        visit_id = uuid.uuid4()
        keys.append({"key": key, "visit_id": visit_id})
        named = []
        for position, written in enumerate(row["visitors"]):
            person_id, name = people.matched(written)
            named.append(person_id)
            visitors.append(
                {"visit_id": visit_id, "position": position, "person_id": person_id, "name": name}
            )
        visits.append(
            {
                "id": visit_id,
                "suite_id": suites[row["suite"].casefold()],
                "visit_date": row["date"],
                "visit_type": VisitType.IN_PERSON,
                "lead_id": named[0] if named else None,
                "source": VisitSource.IMPORT,
                "status": ReportStatus.REVIEWED,
                "outcome": VisitOutcome.COMPLETED,
                "arrived_at": row["arrived"],
                "admitted_at": row["admitted"],
                "wait_minutes": row["wait_minutes"],
                **_delay(row),
                "reviewed_at": now,
                "reviewed_by_id": actor.id if actor is not None else None,
            }
        )
        position = 0
        for outcome in COUNTS:
            for _ in range(row[outcome]):
                entries.append(
                    {
                        "visit_id": visit_id,
                        "position": position,
                        "outcome": DetaineeOutcome(outcome),
                    }
                )
                position += 1
    for table, records in (
        (Visit, visits),
        (VisitVisitor, visitors),
        (DetaineeEntry, entries),
        (ImportedRow, keys),
    ):
        for start in range(0, len(records), _INSERT_BATCH):
            session.execute(insert(table), records[start : start + _INSERT_BATCH])
    tallies.recount(session, [visit["id"] for visit in visits])
    result.visits, result.detainees = len(visits), len(entries)
    result.first = min(visit["visit_date"] for visit in visits)
    result.last = max(visit["visit_date"] for visit in visits)
    audit.record(
        session,
        actor,
        "visits_imported",
        ("visits", None),
        after={
            "file": filename,
            "visits": result.visits,
            "detainees": result.detainees,
            "suites_created": result.suites_created,
            "already_imported": result.already_imported,
            "first": result.first.isoformat(),
            "last": result.last.isoformat(),
        },
    )
    return result
