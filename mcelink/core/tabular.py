"""Reading spreadsheets people upload: CSV (UTF-8 with or without BOM, or CP949 as Korean Excel writes it)
and XLSX. Imports use this one reader, then validate every row before writing anything.

The reader is where an import's limits hold (docs/operations.md "Imports: limits"): the file's size and row count
(``IMPORT_MAX_BYTES``, ``IMPORT_MAX_ROWS``), and for XLSX, a zip, the size it unpacks to and its compression ratio,
checked from the zip's directory before the sheet is parsed. Cells that no text field may hold (NUL and other
control characters, half of a UTF-16 pair, more than a spreadsheet cell holds) are per-row problems in the report,
never an exception from the database.
"""

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

if TYPE_CHECKING:
    from mcelink.core.jobs import JobProgress

ERR_FILE_TYPE = gettext_noop("The file must be a CSV or an Excel (.xlsx) file.")
ERR_FILE_EMPTY = gettext_noop("The file has no header row.")
ERR_ENCODING = gettext_noop("The file is neither UTF-8 nor CP949 (EUC-KR) text.")
ERR_FILE_TOO_LARGE = gettext_noop(
    "The file is %(size)s; imports take files up to %(limit)s. Split it into smaller files."
)
ERR_TOO_MANY_ROWS = gettext_noop(
    "The file has more than %(limit)s rows below its header; imports take up to %(limit)s. Split it into smaller files."
)
ERR_XLSX_UNPACKED_TOO_LARGE = gettext_noop(
    "The Excel file unpacks to more than %(limit)s, so it was not opened. Save it as CSV or split it into smaller "
    "files."
)
ERR_XLSX_RATIO = gettext_noop(
    "The Excel file is compressed more than %(limit)s times, as no spreadsheet is, so it was not opened. Save it "
    "again from Excel, or as CSV."
)
ERR_SHEET_UNREADABLE = gettext_noop(
    "The sheet cannot be read after row %(row)s: the file is damaged or holds characters a spreadsheet may not hold."
)
ERR_CELL_TOO_LONG = gettext_noop("Longer than %(n)s characters, the most a spreadsheet cell holds.")
ERR_CELL_CONTROL = gettext_noop("Holds the control character %(char)s, which text may not hold; remove it.")
ERR_CELL_SURROGATE = gettext_noop("Holds a broken character (%(char)s, half of a UTF-16 pair); retype the text.")
MSG_LIMITS = gettext_noop("Up to %(size)s and %(rows)s rows.")
MSG_READING = gettext_noop("reading the file: %(n)s rows")
MAX_REPORTED_ERRORS = 1000
# Excel's own maximum; a longer cell comes from no spreadsheet (a TextField would take it, the engine would choke).
MAX_CELL_CHARS = 32_767
# Only members this large are held to the ratio: a small member's ratio says nothing and costs nothing.
XLSX_RATIO_MIN_BYTES = 1024 * 1024
# C0 control characters except tab, line feed and carriage return (text in a cell may hold those), and the
# surrogates, which are half of a UTF-16 pair and cannot be stored as UTF-8.
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
# What Excel writes for a control character in a cell (ECMA-376 ST_Xstring: _x0000_); openpyxl leaves it as is.
_XLSX_ESCAPED_CONTROL = re.compile("_x(00[01][0-9A-Fa-f]|[Dd][89A-Fa-f][0-9A-Fa-f]{2})_")


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

    cells: set[tuple[int, str]] = field(default_factory=set, repr=False)  # cells with a problem already reported

    def add(self, row: int, column: str, message: str, value: Any = "") -> None:
        """Add a problem; a cell's first problem is its only one (a cell over the limit is not too long twice)."""
        if column:
            if (row, column) in self.cells:
                return
            self.cells.add((row, column))
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            # Shown to people and stored as JSON (PostgreSQL's jsonb takes neither NUL nor half a UTF-16 pair).
            self.errors.append(
                {"row": row, "column": visible(column), "value": visible(str(value)[:200]), "message": visible(message)}
            )

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


def visible(text: str) -> str:
    """``text`` with the characters no report may hold written as U+0000."""
    return _BAD_CHARS.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)


def format_bytes(size: int) -> str:
    """A size as people read a limit: 100 MB, 1.5 MB, 800 KB (1 MB = 1024 KB, as Django's own sizes)."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MB"
    return f"{max(size // 1024, 1)} KB"


def _too_large(size: int) -> str:
    return _(ERR_FILE_TOO_LARGE) % {"size": format_bytes(size), "limit": format_bytes(settings.IMPORT_MAX_BYTES)}


def _too_many_rows() -> TableError:
    return TableError(_(ERR_TOO_MANY_ROWS) % {"limit": f"{settings.IMPORT_MAX_ROWS:,}"})


def import_limits_text() -> str:
    """What an upload form says of the limits, before anyone uploads."""
    return _(MSG_LIMITS) % {
        "size": format_bytes(settings.IMPORT_MAX_BYTES),
        "rows": f"{settings.IMPORT_MAX_ROWS:,}",
    }


def validate_import_file(upload: UploadedFile) -> None:
    """For an upload form: refuse a file over ``IMPORT_MAX_BYTES`` before it becomes a job."""
    if upload.size is not None and upload.size > settings.IMPORT_MAX_BYTES:
        raise ValidationError(_too_large(upload.size), code="file_too_large")


def read_table(source: str | Path | IO[bytes], *, name: str = "", progress: "JobProgress | None" = None) -> Table:
    """Read a CSV or XLSX file (a path or a binary file object) into header and text cells, within the limits;
    ``progress`` hears of the rows read."""
    name = name or str(getattr(source, "name", source))
    limit = settings.IMPORT_MAX_BYTES
    if isinstance(source, str | Path):
        size = Path(source).stat().st_size
        if size > limit:
            raise TableError(_too_large(size))
        raw = Path(source).read_bytes()
    else:
        known = getattr(source, "size", None)  # a Django File knows it without reading
        if isinstance(known, int) and known > limit:
            raise TableError(_too_large(known))
        raw = source.read(limit + 1)
        if len(raw) > limit:
            raise TableError(_too_large(len(raw)))
    if name.lower().endswith(".xlsx") or raw[:2] == b"PK":
        return _read_xlsx(raw, progress)
    if name.lower().endswith((".csv", ".txt")) or not name:
        return _read_csv(raw, progress)
    raise TableError(_(ERR_FILE_TYPE))


def _decode(raw: bytes) -> str:
    # surrogatepass: a file that encodes half a UTF-16 pair (CESU-8, as some exporters write) is read, and the
    # cell that holds it is reported by row and column instead of the whole file being "not UTF-8".
    for encoding, errors in (("utf-8-sig", "surrogatepass"), ("cp949", "strict")):
        try:
            return raw.decode(encoding, errors)
        except UnicodeDecodeError:
            continue
    raise TableError(_(ERR_ENCODING))


class _Reading:
    """Counts the rows read, refuses the one over the limit and tells ``progress`` every so often."""

    def __init__(self, progress: "JobProgress | None", total: int) -> None:
        self.progress, self.limit, self.count = progress, settings.IMPORT_MAX_ROWS, 0
        self.every = progress.every if progress else 0
        if progress:
            progress.start(total=total, message=_(MSG_READING) % {"n": 0})

    def row(self) -> None:
        self.count += 1
        if self.count > self.limit:
            raise _too_many_rows()
        if self.progress and self.count % self.every == 0:
            self.progress.advance(self.count, message=_(MSG_READING) % {"n": f"{self.count:,}"})

    def finish(self) -> None:
        if self.progress:
            self.progress.advance(self.count, message=_(MSG_READING) % {"n": f"{self.count:,}"}, force=True)


def _read_csv(raw: bytes, progress: "JobProgress | None" = None) -> Table:
    text = _decode(raw)
    # A cell may be as long as the file; the cells' own limit is checked afterwards, by row and column (the csv
    # module's default of 131,072 characters raised an error that named no row).
    csv.field_size_limit(max(csv.field_size_limit(), settings.IMPORT_MAX_BYTES))
    reader = csv.reader(io.StringIO(text, newline=""))
    headers = next(reader, None)
    if not headers:
        raise TableError(_(ERR_FILE_EMPTY))
    # The lines below the header: the number of rows unless a quoted cell spans lines.
    reading = _Reading(progress, total=max(text.count("\n") - (1 if text.endswith("\n") else 0), 0))
    rows = []
    for n, cells in enumerate(reader, start=2):
        reading.row()
        if any(c.strip() for c in cells):
            rows.append((n, [c.strip() for c in cells]))
    reading.finish()
    return Table([h.strip() for h in headers], rows)


def _check_xlsx_archive(raw: bytes) -> None:
    """Refuse a zip bomb from the zip's directory, before anything is unpacked. The sizes it declares are the
    sizes read: Python's zipfile stops at a member's declared size and fails its checksum if there is more."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, zlib.error, ValueError) as exc:
        raise TableError(_(ERR_FILE_TYPE)) from exc
    with archive:
        members = archive.infolist()
    unpacked_limit = settings.IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES
    if sum(m.file_size for m in members) > unpacked_limit:
        raise TableError(_(ERR_XLSX_UNPACKED_TOO_LARGE) % {"limit": format_bytes(unpacked_limit)})
    ratio = settings.IMPORT_XLSX_MAX_RATIO
    for member in members:
        if member.file_size > XLSX_RATIO_MIN_BYTES and member.file_size > ratio * max(member.compress_size, 1):
            raise TableError(_(ERR_XLSX_RATIO) % {"limit": f"{ratio:,g}"})


def _read_xlsx(raw: bytes, progress: "JobProgress | None" = None) -> Table:
    _check_xlsx_archive(raw)
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        sheet = book.worksheets[0]
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
        raise TableError(_(ERR_FILE_TYPE)) from exc
    n = 1
    try:
        # The rows the sheet says it has (its <dimension>, when it has one): the total shown, and a sheet that
        # says it has too many is refused before its rows are parsed.
        declared = max((sheet.max_row or 1) - 1, 0)
        if declared > settings.IMPORT_MAX_ROWS:
            raise _too_many_rows()
        values = sheet.iter_rows(values_only=True)
        headers = next(values, None)
        if not headers or not any(headers):
            raise TableError(_(ERR_FILE_EMPTY))
        reading = _Reading(progress, total=declared)
        rows = []
        for n, cells in enumerate(values, start=2):
            reading.row()
            text = [_cell_text(c) for c in cells]
            if any(text):
                rows.append((n, text))
        reading.finish()
    except TableError:
        raise
    except Exception as exc:  # noqa: BLE001 - the sheet's XML is parsed row by row, and may break on any row
        raise TableError(_(ERR_SHEET_UNREADABLE) % {"row": n}) from exc
    finally:
        book.close()
    return Table([_cell_text(h) for h in headers], rows)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    if "_x" in text and isinstance(value, str):
        text = _XLSX_ESCAPED_CONTROL.sub(lambda m: chr(int(m.group(1), 16)), text)
    return text.strip()


def cell_problem(text: str) -> str | None:
    """Why no text field may hold ``text``, or None."""
    if len(text) > MAX_CELL_CHARS:
        return _(ERR_CELL_TOO_LONG) % {"n": f"{MAX_CELL_CHARS:,}"}
    bad = _BAD_CHARS.search(text)
    if bad is None:
        return None
    char = f"U+{ord(bad.group()):04X}"
    return _(ERR_CELL_SURROGATE if "\ud800" <= bad.group() <= "\udfff" else ERR_CELL_CONTROL) % {"char": char}


def _check_cells(table: Table, columns: dict[str, str], report: ImportReport) -> None:
    """Report every cell of the imported columns that no text field may hold (one pass; a row is looked at cell by
    cell only when it has such a cell)."""
    positions = [(i, h) for i, h in enumerate(table.headers) if h in columns]
    for n, cells in table.rows:
        kept = [cells[i] for i, _h in positions if i < len(cells)]
        if max(map(len, kept), default=0) <= MAX_CELL_CHARS and not _BAD_CHARS.search("".join(kept)):
            continue
        for i, header in positions:
            problem = cell_problem(cells[i]) if i < len(cells) else None
            if problem:
                report.add(n, header, problem, cells[i][:50])


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
    problems and the cells no text field may hold; only when it is ``ok`` (the file's header is right) are there
    rows to check. The import writes only if the report stays without problem."""

    report: ImportReport
    table: Table | None = None
    columns: dict[str, str] = field(default_factory=dict)  # header as written → column key
    headers: dict[str, str] = field(default_factory=dict)  # column key → header as written, for the report
    file_ok: bool = False

    @property
    def ok(self) -> bool:
        return self.table is not None and self.file_ok

    def records(self) -> Iterator[tuple[int, dict[str, str]]]:
        assert self.table is not None  # noqa: S101 - only called when ok
        return iter_records(self.table, self.columns)


def table_open(
    source: str | Path | IO[bytes],
    *,
    name: str = "",
    columns: dict[str, list[str]],
    required: set[str],
    progress: "JobProgress | None" = None,
) -> OpenedTable:
    """Read ``source`` and match its header to ``columns`` (``{key: [accepted headers]}``); unreadable files,
    files over a limit, unknown headers and missing required columns go into the report as row 0 or 1, cells no
    text field may hold as their row and column."""
    opened = OpenedTable(report=ImportReport())
    try:
        table = read_table(source, name=name, progress=progress)
    except TableError as exc:
        opened.report.add(0, "", str(exc))
        return opened
    accepted = column_map(columns)
    matched = {h: accepted.get(h) or accepted.get(h.lower()) for h in table.headers}
    opened.columns = {h: key for h, key in matched.items() if key}
    opened.headers = {key: h for h, key in opened.columns.items()}
    for problem in header_problems(table, opened.columns, required):
        opened.report.add(1, "", problem)
    opened.file_ok = opened.report.ok
    _check_cells(table, opened.columns, opened.report)
    opened.table = table
    return opened


def import_lock(name: str) -> None:
    """Inside the transaction that writes an import: wait until no other import of ``name`` is writing, so that
    the second of two imports of the same file sees the first one's rows (and updates them) instead of inserting
    them again. PostgreSQL: an advisory lock held until the transaction ends; SQLite already runs one writing
    transaction at a time (BEGIN IMMEDIATE)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [zlib.crc32(f"mcelink.import:{name}".encode())])


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
