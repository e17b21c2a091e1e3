"""Issue 14, items 6 and 7: an import's limits (size, rows, XLSX zip bombs), progress while the file is read, cells
no text field may hold reported by row and column, and two imports of the same file at once."""

import io
import zipfile
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import translation
from openpyxl import Workbook

from mcelink.companies.imports import registry_import
from mcelink.companies.models import Organization
from mcelink.core.jobs import JobProgress
from mcelink.core.models import AuditLog, Job
from mcelink.core.tests.barriers import imports_side_by_side

pytestmark = pytest.mark.django_db

HEADER = ["business_number", "kind", "name_ko", "description_ko"]


def csv_file(rows: list[list[str]], *, header: list[str] = HEADER, name: str = "orgs.csv") -> io.BytesIO:
    text = "\n".join(",".join(cells) for cells in [header, *rows]) + "\n"
    f = io.BytesIO(text.encode("utf-8", "surrogatepass"))
    f.name = name
    return f


def _rezip(data: bytes, replace: dict[str, bytes]) -> bytes:
    """The same zip with some members' contents replaced, packed as tightly as zip packs."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst,
    ):
        for info in src.infolist():
            dst.writestr(info.filename, replace.get(info.filename, src.read(info)))
    return out.getvalue()


def xlsx_file(rows: list[list[Any]], *, header: list[str] = HEADER, raw: dict[str, str] | None = None) -> io.BytesIO:
    """An XLSX written by openpyxl; ``raw`` puts text into the sheet's XML as Excel would write it, where openpyxl
    refuses to (control characters as _x0000_) or cuts (cells over 32,767 characters)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(header)
    for cells in rows:
        ws.append(cells)
    buffer = io.BytesIO()
    wb.save(buffer)
    data = buffer.getvalue()
    if raw:
        sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
        for placeholder, text in raw.items():
            assert placeholder in sheet
            sheet = sheet.replace(placeholder, text)
        data = _rezip(data, {"xl/worksheets/sheet1.xml": sheet.encode()})
    f = io.BytesIO(data)
    f.name = "orgs.xlsx"
    return f


def xlsx_bomb(rows: int) -> io.BytesIO:
    """A real workbook whose sheet holds ``rows`` identical rows: a few KB that unpack to megabytes."""
    data = xlsx_file([["1234567891", "sme", "PLACEHOLDER", ""]]).getvalue()
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    head, rest = sheet.split("<sheetData>")
    _rows, tail = rest.split("</sheetData>")
    first = _rows.split("</row>")[0] + "</row>"
    row = '<row><c t="inlineStr"><is><t>1234567891</t></is></c><c t="inlineStr"><is><t>sme</t></is></c></row>'
    body = f"{head}<sheetData>{first}{row * rows}</sheetData>{tail}".encode()
    f = io.BytesIO(_rezip(data, {"xl/worksheets/sheet1.xml": body}))
    f.name = "bomb.xlsx"
    return f


NAMES = ["크기초과", "기업0", "좋은행", "나쁜행", "가" * 201]


def problems(report: dict[str, Any]) -> list[tuple[int, str]]:
    return [(e["row"], e["column"]) for e in report["errors"]]


# --- Limits ---------------------------------------------------------------------------------------------------


def test_the_upload_form_refuses_a_file_over_the_size_limit_and_names_the_limit(client, make_user, settings):
    settings.IMPORT_MAX_BYTES = 2048
    client.force_login(make_user("program_manager"))
    big = SimpleUploadedFile("big.csv", b"business_number,kind,name_ko\n" + b"1234567891,sme,x\n" * 200)
    page = client.get("/organizations/import/").content.decode()
    assert "2 KB" in page  # the form says the limit before anyone uploads
    response = client.post("/organizations/import/", {"kind": "organizations", "file": big})
    assert response.status_code == 200
    text = response.content.decode()
    assert "2 KB까지" in text and "파일 크기가 3 KB" in text
    assert not Job.objects.exists()


def test_the_job_refuses_a_file_over_the_size_limit_before_reading_it(settings):
    settings.IMPORT_MAX_BYTES = 100
    f = csv_file([["1234567891", "sme", "크기초과", "x" * 200]])
    with translation.override("en"):
        report = registry_import(kind="organizations", source=f, actor=None)
    assert problems(report) == [(0, "")]
    assert report["errors"][0]["message"].startswith("The file is ") and "up to 1 KB" in report["errors"][0]["message"]
    assert not Organization.objects.filter(name_ko__in=NAMES).exists()


@pytest.mark.parametrize("make", [csv_file, xlsx_file])
def test_a_file_over_the_row_limit_is_refused_and_one_at_the_limit_is_imported(make, settings):
    settings.IMPORT_MAX_ROWS = 3
    rows = [["", "sme", f"기업{n}", ""] for n in range(4)]
    with translation.override("en"):
        report = registry_import(kind="organizations", source=make(rows), actor=None)
    assert problems(report) == [(0, "")]
    assert report["errors"][0]["message"].startswith("The file has more than 3 rows below its header")
    assert not Organization.objects.filter(name_ko__in=NAMES).exists()
    assert registry_import(kind="organizations", source=make(rows[:3]), actor=None)["created"] == 3


def test_an_xlsx_zip_bomb_is_refused_from_the_zip_directory_before_the_sheet_is_parsed(monkeypatch):
    bomb = xlsx_bomb(200_000)
    packed = len(bomb.getvalue())
    unpacked = sum(i.file_size for i in zipfile.ZipFile(bomb).infolist())
    assert unpacked > 100 * packed  # what the guard is for: a few KB that unpack to megabytes
    bomb.seek(0)

    def parse(*args, **kwargs):
        raise AssertionError("the bomb reached the XLSX parser")

    monkeypatch.setattr(openpyxl, "load_workbook", parse)
    with translation.override("en"):
        report = registry_import(kind="organizations", source=bomb, actor=None)
    assert problems(report) == [(0, "")]
    assert report["errors"][0]["message"].startswith("The Excel file is compressed more than 100 times")
    with translation.override("ko"):
        bomb.seek(0)
        report = registry_import(kind="organizations", source=bomb, actor=None)
    assert "100배 넘게 압축" in report["errors"][0]["message"]


def test_an_xlsx_that_unpacks_beyond_the_limit_is_refused_before_it_is_parsed(monkeypatch, settings):
    settings.IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES = 10 * 1024
    f = xlsx_file([["1234567891", "sme", "보통", "소개 " * 3000]])  # ~20 KB of sheet, compressed a normal amount
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: pytest.fail("parsed"))
    with translation.override("en"):
        report = registry_import(kind="organizations", source=f, actor=None)
    assert report["errors"][0]["message"].startswith("The Excel file unpacks to more than 10 KB")


def test_an_xlsx_sheet_that_breaks_while_read_names_the_row_instead_of_failing_the_job():
    # &#0; is no XML character: the parser stops on the third row, half-way through the sheet.
    f = xlsx_file([["1234567891", "sme", "좋음", ""], ["2208162517", "sme", "BROKEN", ""]], raw={"BROKEN": "&#0;"})
    with translation.override("en"):
        report = registry_import(kind="organizations", source=f, actor=None)
    assert problems(report) == [(0, "")]
    assert report["errors"][0]["message"].startswith("The sheet cannot be read after row ")


# --- Progress while reading -----------------------------------------------------------------------------------


class RecordedProgress(JobProgress):
    """The job's own progress, with what it said along the way kept for the test to read."""

    def __init__(self, job: Job) -> None:
        super().__init__(job, every=10)
        self.seen: list[tuple[int, int, str]] = []

    def start(self, *, total: int, message: str = "") -> None:
        super().start(total=total, message=message)
        self.seen.append((self.job.done, self.job.total, self.job.message))

    def advance(self, done: int, *, message: str | None = None, force: bool = False) -> None:
        super().advance(done, message=message, force=force)
        self.seen.append((self.job.done, self.job.total, self.job.message))


@pytest.mark.parametrize("make", [csv_file, xlsx_file])
def test_the_job_shows_the_rows_read_and_their_total_while_the_file_is_read(make):
    job = Job.objects.create(kind="companies.import", params={"kind": "organizations"})
    progress = RecordedProgress(job)
    rows = [["", "sme", f"기업{n}", ""] for n in range(25)]
    with translation.override("en"):
        registry_import(kind="organizations", source=make(rows), actor=None, progress=progress)
    reading = [s for s in progress.seen if s[2].startswith("reading the file")]
    assert reading[0] == (0, 25, "reading the file: 0 rows")
    assert (10, 25, "reading the file: 10 rows") in reading and reading[-1] == (25, 25, "reading the file: 25 rows")
    # Then the rows are checked, with a progress of their own.
    assert progress.seen.index(reading[-1]) < progress.seen.index((0, 25, "checking rows"))


# --- Cells no text field may hold -----------------------------------------------------------------------------

BAD_CELLS = {
    # name: (text in a CSV, text in the sheet's XML as Excel writes it, the problem reported)
    "NUL": ("소개\x00글", "소개_x0000_글", "control character U+0000"),
    "C0 control": ("소개\x01글", "소개_x0001_글", "control character U+0001"),
    "lone surrogate": ("소개\ud800글", "소개_xD800_글", "broken character (U+D800"),
    "over a cell's limit": ("가" * 131_072, "가" * 131_072, "Longer than 32,767 characters"),
}


@pytest.mark.parametrize("case", BAD_CELLS)
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_cell_no_text_field_may_hold_is_a_row_problem_and_nothing_is_written(case, kind):
    in_csv, in_xml, expected = BAD_CELLS[case]
    rows = [["1234567891", "sme", "좋은행", ""], ["2208162517", "sme", "나쁜행", "PLACEHOLDER"]]
    if kind == "csv":
        rows[1][3] = in_csv
        f = csv_file(rows)
    else:
        f = xlsx_file(rows, raw={"PLACEHOLDER": in_xml})
    before, orgs = AuditLog.objects.count(), Organization.objects.count()
    with translation.override("en"):
        report = registry_import(kind="organizations", source=f, actor=None)
    assert report["failed"] and problems(report) == [(3, "description_ko")]
    assert expected in report["errors"][0]["message"]
    assert Organization.objects.count() == orgs and AuditLog.objects.count() == before
    # The report is stored with the job as it is (PostgreSQL's jsonb takes neither NUL nor half a UTF-16 pair).
    job = Job.objects.create(kind="companies.import", report=report)
    job.refresh_from_db()
    assert "\x00" not in job.report["errors"][0]["value"]


def test_the_cell_problems_are_reported_in_korean_with_the_other_row_problems():
    rows = [["1234567891", "sme", "가" * 201, "소개\x00"], ["1234567890", "우주기업", "제어\x07문자", ""]]
    report = registry_import(kind="organizations", source=csv_file(rows), actor=None)
    errors = {(e["row"], e["column"]): e for e in report["errors"]}
    assert list(errors) == [(2, "description_ko"), (3, "name_ko"), (2, "name_ko"), (3, "business_number"), (3, "kind")]
    assert "제어 문자(U+0000)" in errors[2, "description_ko"]["message"]
    assert errors[2, "description_ko"]["value"] == "소개[U+0000]"
    assert "제어 문자(U+0007)" in errors[3, "name_ko"]["message"]
    assert errors[2, "name_ko"]["message"] == "200자를 넘습니다."  # the field's own length, as before


def test_excel_s_escaped_carriage_return_is_read_as_one():
    f = xlsx_file([["1234567891", "sme", "줄바꿈", "PLACEHOLDER"]], raw={"PLACEHOLDER": "첫 줄_x000D_\n둘째 줄"})
    assert registry_import(kind="organizations", source=f, actor=None)["created"] == 1
    assert Organization.objects.get(name_ko="줄바꿈").description_ko == "첫 줄\r\n둘째 줄"


# --- Two imports of the same file at once ---------------------------------------------------------------------


@pytest.mark.serial
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL runs the two imports' transactions side by side; SQLite runs one writer at a time",
)
def test_two_imports_of_the_same_file_at_once_create_it_once_and_report_the_second_as_updates():
    data = csv_file([[f"{n}", "sme", f"동시{n}", ""] for n in ("1234567891", "2208162517")]).getvalue()
    reports = imports_side_by_side(
        kind="companies.import",
        params={"kind": "organizations"},
        data=data,
        run=lambda f, progress: registry_import(kind="organizations", source=f, actor=None, progress=progress),
    )
    assert sorted((r["failed"], r["created"], r["updated"]) for r in reports) == [(False, 0, 2), (False, 2, 0)]
    assert Organization.objects.filter(name_ko__startswith="동시").count() == 2
