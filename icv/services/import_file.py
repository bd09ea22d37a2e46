"""Reading a CSV file of past visits: its rows as ImportedVisitSchema loads them, and every
bad line with what is wrong with it. A file too big, or of too many rows, is refused before
any row is checked."""

import csv
import io
from dataclasses import dataclass

from icv.schemas import ValidationError
from icv.schemas.statistics import COLUMNS, OPTIONAL_COLUMNS, ImportedVisitSchema

# Ten years of a large scheme (35 suites visited weekly) is 18,200 visits of about 8
# detainees each, in about 1.5 MB; a longer history is imported a few years to a file.
MOST_BYTES = 2 * 1024 * 1024
MOST_ROWS = 20_000


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


def rows(data: bytes | str) -> tuple[list[dict], list[BadLine]]:
    """The rows of the file that read, each with its line number, and the bad lines."""
    size = len(data) if isinstance(data, bytes) else len(data.encode())
    if size > MOST_BYTES:
        most = f"{MOST_BYTES // 1024 // 1024} MB"
        raise ImportRefused(
            [
                BadLine(
                    1,
                    [
                        f"the file is more than {most}: a file may be at most {most} and "
                        f"{MOST_ROWS:,} visits (import a long history a few years to a file)"
                    ],
                )
            ]
        )
    return _parse(data)


def merged(bad: list[BadLine]) -> list[BadLine]:
    by_line: dict[int, BadLine] = {}
    for item in bad:
        by_line.setdefault(item.line, BadLine(item.line, []))
        by_line[item.line].problems.extend(item.problems)
    return [by_line[line] for line in sorted(by_line)]


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
    lines, bad = [], []
    line = reader.line_num
    try:
        for cells in reader:
            line, start = reader.line_num, line + 1
            if any(cell.strip() for cell in cells):
                lines.append((start, cells))
            if len(lines) > MOST_ROWS:  # before any row is checked
                return [], [BadLine(start, [f"a file can hold at most {MOST_ROWS:,} visits"])]
    except csv.Error as error:
        bad.append(BadLine(reader.line_num, [f"cannot be read as CSV ({error})"]))
    rows = []
    for start, cells in lines:
        if len(cells) != len(names):
            bad.append(BadLine(start, [f"has {len(cells)} columns, the header has {len(names)}"]))
            continue
        row, problems = _check(start, dict(zip(names, cells, strict=True)))
        if problems:
            bad.append(BadLine(start, problems))
        else:
            rows.append(row)
    return rows, bad


def _header_problem(header) -> str | None:
    expected = ",".join(COLUMNS)
    if not header:
        return f"the file is empty: its first line must be the header {expected}"
    names = [name.strip().lower() for name in header]
    missing = [name for name in COLUMNS if name not in names]
    unknown = [name for name in names if name not in (*COLUMNS, *OPTIONAL_COLUMNS)]
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
        named = (*COLUMNS, *OPTIONAL_COLUMNS, "_schema")
        return None, [text for name in named for text in messages.get(name, [])]
    return {**row, "line": line}, []
