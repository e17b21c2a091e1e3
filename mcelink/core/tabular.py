"""Reading spreadsheets people upload: CSV (UTF-8 with or without BOM, or CP949 as Korean Excel writes it)
and XLSX. Imports use this one reader, then validate every row before writing anything."""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

ERR_FILE_TYPE = gettext_noop("The file must be a CSV or an Excel (.xlsx) file.")
ERR_FILE_EMPTY = gettext_noop("The file has no header row.")
ERR_ENCODING = gettext_noop("The file is neither UTF-8 nor CP949 (EUC-KR) text.")
MAX_REPORTED_ERRORS = 1000


class TableError(Exception):
    """The file as a whole cannot be read (not a row problem)."""


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, list[str]]]  # (spreadsheet row number, cells as text); the header is row 1


@dataclass
class ImportReport:
    """The per-row report of an all-or-nothing import."""

    errors: list[dict[str, Any]] = field(default_factory=list)
    error_count: int = 0

    def add(self, row: int, column: str, message: str, value: Any = "") -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append({"row": row, "column": column, "value": str(value)[:200], "message": str(message)})

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def as_dict(self, **extra: Any) -> dict[str, Any]:
        return {
            "errors": self.errors,
            "error_count": self.error_count,
            "errors_truncated": self.error_count > len(self.errors),
            "failed": not self.ok,
            **extra,
        }


def read_table(source: str | Path | IO[bytes], *, name: str = "") -> Table:
    """Read a CSV or XLSX file (a path or a binary file object) into header and text cells."""
    name = name or str(getattr(source, "name", source))
    raw = Path(source).read_bytes() if isinstance(source, str | Path) else source.read()
    if name.lower().endswith(".xlsx") or raw[:2] == b"PK":
        return _read_xlsx(raw)
    if name.lower().endswith((".csv", ".txt")) or not name:
        return _read_csv(raw)
    raise TableError(_(ERR_FILE_TYPE))


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp949"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError(_(ERR_ENCODING))


def _read_csv(raw: bytes) -> Table:
    reader = csv.reader(io.StringIO(_decode(raw), newline=""))
    headers = next(reader, None)
    if not headers:
        raise TableError(_(ERR_FILE_EMPTY))
    rows = [(n, [c.strip() for c in cells]) for n, cells in enumerate(reader, start=2) if any(c.strip() for c in cells)]
    return Table([h.strip() for h in headers], rows)


def _read_xlsx(raw: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(raw), read_only=True, data_only=True).worksheets[0]
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
        raise TableError(_(ERR_FILE_TYPE)) from exc
    values = sheet.iter_rows(values_only=True)
    headers = next(values, None)
    if not headers or not any(headers):
        raise TableError(_(ERR_FILE_EMPTY))
    rows = []
    for n, cells in enumerate(values, start=2):
        text = [_cell_text(c) for c in cells]
        if any(text):
            rows.append((n, text))
    return Table([_cell_text(h) for h in headers], rows)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def iter_records(table: Table, columns: dict[str, str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows as {canonical column: text}, given a map of accepted header → canonical column."""
    positions = {columns[h]: i for i, h in enumerate(table.headers) if h in columns}
    for n, cells in table.rows:
        yield n, {key: (cells[i] if i < len(cells) else "") for key, i in positions.items()}


def header_problems(table: Table, columns: dict[str, str], required: set[str]) -> list[str]:
    """File-level problems: unknown headers and missing required columns."""
    problems = [_("Unknown column: %(name)r") % {"name": h} for h in table.headers if h and h not in columns]
    present = {columns[h] for h in table.headers if h in columns}
    problems += [_("Missing column: %(name)r") % {"name": c} for c in sorted(required - present)]
    return problems


def column_map(columns: dict[str, list[str]]) -> dict[str, str]:
    """Accepted header (as given, or lower-cased) → column key, from ``{key: [aliases]}``; a key is its own alias."""
    accepted = {}
    for key, aliases in columns.items():
        for name in (key, *aliases):
            accepted[name] = key
            accepted[name.lower()] = key
    return accepted


@dataclass
class OpenedTable:
    """A file read and its header checked: the shared start of every table import. ``report`` holds the file's
    problems; only when it is ``ok`` are there rows to check."""

    report: ImportReport
    table: Table | None = None
    columns: dict[str, str] = field(default_factory=dict)  # header as written → column key
    headers: dict[str, str] = field(default_factory=dict)  # column key → header as written, for the report

    @property
    def ok(self) -> bool:
        return self.table is not None and self.report.ok

    def records(self) -> Iterator[tuple[int, dict[str, str]]]:
        assert self.table is not None  # noqa: S101 - only called when ok
        return iter_records(self.table, self.columns)


def table_open(
    source: str | Path | IO[bytes], *, name: str = "", columns: dict[str, list[str]], required: set[str]
) -> OpenedTable:
    """Read ``source`` and match its header to ``columns`` (``{key: [accepted headers]}``); unreadable files,
    unknown headers and missing required columns go into the report as row 0 or 1."""
    opened = OpenedTable(report=ImportReport())
    try:
        table = read_table(source, name=name)
    except TableError as exc:
        opened.report.add(0, "", str(exc))
        return opened
    accepted = column_map(columns)
    matched = {h: accepted.get(h) or accepted.get(h.lower()) for h in table.headers}
    opened.columns = {h: key for h, key in matched.items() if key}
    opened.headers = {key: h for h, key in opened.columns.items()}
    for problem in header_problems(table, opened.columns, required):
        opened.report.add(1, "", problem)
    opened.table = table
    return opened


def format_report(report: dict[str, Any]) -> str:
    """A report as text for the command line."""
    if not report.get("failed"):
        counts = {k: v for k, v in report.items() if isinstance(v, int) and k != "error_count"}
        return "OK — " + ", ".join(f"{k}: {v}" for k, v in counts.items())
    lines = [f"{report['error_count']} problem(s); nothing was written.", "row\tcolumn\tvalue\tproblem"]
    lines += [f"{e['row']}\t{e['column']}\t{e['value']}\t{e['message']}" for e in report["errors"]]
    if report.get("errors_truncated"):
        lines.append(f"… and {report['error_count'] - len(report['errors'])} more")
    return "\n".join(lines)
