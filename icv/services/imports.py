"""Importing historical visits from a spreadsheet saved as CSV, one row per visit:

    date,suite,arrived,admitted,wait_minutes,visitors,accepted,declined,not_available,not_offered

Each row is checked by ImportedVisitSchema, by the rules a visit report's date and wait meet.
All or nothing: every row is checked first and every bad row is reported with its line number;
only a file with no bad row is written, all in the one unit of work of the caller. Imported
visits count in the statistics like reviewed reports; their detainees are anonymous entries
with only an outcome.
"""

import csv
import io
import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from icv import clock
from icv.models import (
    DetaineeEntry,
    DetaineeOutcome,
    Person,
    ReportStatus,
    Suite,
    Visit,
    VisitOutcome,
    VisitSource,
    VisitType,
    VisitVisitor,
)
from icv.schemas import ValidationError
from icv.schemas.statistics import COLUMNS, COUNTS, ImportedVisitSchema
from icv.services import audit, tallies

MOST_ROWS = 100_000
# Ten years of a national scheme's visits: more in one file is not history but a mistake.
MOST_DETAINEES_A_FILE = 1_000_000
_INSERT_BATCH = 5000


@dataclass
class BadLine:
    line: int
    problems: list[str]

    @property
    def message(self) -> str:
        return f"Line {self.line}: {'; '.join(self.problems)}"


class ImportRefused(Exception):
    """The file has bad lines (or is no CSV of visits); nothing was written."""

    def __init__(self, bad_lines: list[BadLine]):
        self.bad_lines = bad_lines
        super().__init__("\n".join(bad.message for bad in bad_lines))


@dataclass
class Imported:
    visits: int = 0
    detainees: int = 0
    suites_created: list[str] = field(default_factory=list)
    first: date | None = None
    last: date | None = None


def import_visits(
    session: Session,
    actor: Person | None,
    data: bytes | str,
    *,
    create_suites: bool = False,
    filename: str | None = None,
) -> Imported:
    """Check every row of the CSV `data`, then write all its visits or, with any bad row,
    none: ImportRefused lists every bad line."""
    rows, bad = _parse(data)
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
    if bad:
        raise ImportRefused(_merged(bad))
    if not rows:
        raise ImportRefused([BadLine(1, ["the file has no visits in it"])])
    detainees = sum(row[count] for row in rows for count in COUNTS)
    if detainees > MOST_DETAINEES_A_FILE:
        too_many = f"the file counts {detainees:,} detainees: a file may count at most "
        raise ImportRefused([BadLine(1, [f"{too_many}{MOST_DETAINEES_A_FILE:,}"])])
    return _write(session, actor, rows, suites, filename)


def _merged(bad: list[BadLine]) -> list[BadLine]:
    by_line: dict[int, BadLine] = {}
    for item in bad:
        by_line.setdefault(item.line, BadLine(item.line, []))
        by_line[item.line].problems.extend(item.problems)
    return [by_line[line] for line in sorted(by_line)]


# -- Reading and checking ---------------------------------------------------------------------


def _parse(data: bytes | str) -> tuple[list[dict], list[BadLine]]:
    if isinstance(data, bytes):
        try:
            # Excel's "Unicode text" is UTF-16, and says so in its first two bytes.
            data = data.decode("utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig")
        except UnicodeDecodeError:
            try:
                data = data.decode("cp1252")  # Excel's "CSV" on Windows
            except UnicodeDecodeError:
                return [], [BadLine(1, ["the file is not text: save the spreadsheet as CSV"])]
    data = data.lstrip("\ufeff")
    reader = csv.reader(io.StringIO(data, newline=""))
    try:
        header = next(reader, None)
    except csv.Error as error:
        return [], [BadLine(1, [f"the file is not CSV ({error})"])]
    problem = _header_problem(header)
    if problem:
        return [], [BadLine(1, [problem])]
    names = [name.strip().lower() for name in header]
    rows, bad = [], []
    line = reader.line_num
    try:
        for cells in reader:
            line, start = reader.line_num, line + 1
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) + len(bad) >= MOST_ROWS:
                bad.append(BadLine(start, [f"a file can hold at most {MOST_ROWS:,} visits"]))
                break
            if len(cells) != len(names):
                bad.append(
                    BadLine(start, [f"has {len(cells)} columns, the header has {len(names)}"])
                )
                continue
            row, problems = _check(start, dict(zip(names, cells, strict=True)))
            if problems:
                bad.append(BadLine(start, problems))
            else:
                rows.append(row)
    except csv.Error as error:
        bad.append(BadLine(reader.line_num, [f"cannot be read as CSV ({error})"]))
    return rows, bad


def _header_problem(header) -> str | None:
    expected = ",".join(COLUMNS)
    if not header:
        return f"the file is empty: its first line must be the header {expected}"
    names = [name.strip().lower() for name in header]
    missing = [name for name in COLUMNS if name not in names]
    unknown = [name for name in names if name not in COLUMNS]
    repeated = sorted({name for name in names if names.count(name) > 1})
    problems = []
    if missing:
        problems.append(f"the header has no column {', '.join(missing)}")
    if unknown:
        problems.append(f"the header has unknown columns {', '.join(unknown) or '(blank)'}")
    if repeated:
        problems.append(f"the header repeats {', '.join(repeated)}")
    if problems:
        return "; ".join(problems) + f" (the header must be {expected})"
    return None


def _check(line: int, cells: dict) -> tuple[dict | None, list[str]]:
    """The row as ImportedVisitSchema loads it, or the problems with it in column order."""
    try:
        row = ImportedVisitSchema().load({name: value.strip() for name, value in cells.items()})
    except ValidationError as error:
        messages = error.normalized_messages()
        return None, [text for name in (*COLUMNS, "_schema") for text in messages.get(name, [])]
    return {**row, "line": line}, []


# -- Writing ----------------------------------------------------------------------------------


def _suites_by_name(session: Session) -> dict[str, int]:
    """Suite ids by name in any case ("öster street" is "ÖSTER Street", on SQLite too)."""
    return {
        name.casefold(): suite_id
        for suite_id, name in session.execute(select(Suite.id, Suite.name))
    }


def _people(session: Session) -> tuple[dict, dict]:
    by_email, by_name, repeated = {}, {}, set()
    for person_id, name, email in session.execute(select(Person.id, Person.name, Person.email)):
        by_email[email.lower()] = (person_id, name)
        key = name.strip().lower()
        if key in by_name:
            repeated.add(key)
        by_name[key] = (person_id, name)
    for key in repeated:  # two people of one name: which was on the visit is not known
        del by_name[key]
    return by_email, by_name


def _write(session: Session, actor, rows: list[dict], suites: dict, filename) -> Imported:
    result = Imported()
    for row in rows:
        key = row["suite"].casefold()
        if key not in suites:
            suite = Suite(name=row["suite"])
            session.add(suite)
            audit.record(session, actor, "suite_added", suite, after=suite.audit_state())
            suites[key] = suite.id
            result.suites_created.append(suite.name)
    by_email, by_name = _people(session)
    now = clock.now()
    visits, visitors, entries = [], [], []
    for row in rows:
        visit_id = uuid.uuid4()
        named = []
        for position, written in enumerate(row["visitors"]):
            person_id, name = (
                by_email.get(written.lower())
                or by_name.get(written.lower())
                or (
                    None,
                    written,
                )
            )
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
    for table, records in ((Visit, visits), (VisitVisitor, visitors), (DetaineeEntry, entries)):
        for start in range(0, len(records), _INSERT_BATCH):
            session.execute(insert(table), records[start : start + _INSERT_BATCH])
    tallies.recount(session, [visit["id"] for visit in visits])
    result.visits, result.detainees = len(visits), len(entries)
    result.first = min(row["date"] for row in rows)
    result.last = max(row["date"] for row in rows)
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
            "first": result.first.isoformat(),
            "last": result.last.isoformat(),
        },
    )
    return result
