"""Issue 14, item 7: the strategic technology import reports cells its fields cannot hold by row and column, and
two imports of the same list at once do not collide."""

import io
import re

import pytest
from django.db import connection
from django.utils import translation
from openpyxl import Workbook

from mcelink.core.tests.barriers import imports_side_by_side
from mcelink.taxonomy.models import StrategicTechnology
from mcelink.taxonomy.services import strategic_technology_import

pytestmark = pytest.mark.django_db

HEADER = ["분야", "대상기술", "기술설명", "관련법령"]


def csv_file(rows: list[list[str]]) -> io.BytesIO:
    f = io.BytesIO(("\n".join(",".join(r) for r in [HEADER, *rows]) + "\n").encode())
    f.name = "list.csv"
    return f


def xlsx_file(rows: list[list[str]]) -> io.BytesIO:
    """Control characters written as Excel writes them (_x000B_), which openpyxl does not do itself."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for cells in [HEADER, *rows]:
        ws.append([re.sub("[\x00-\x1f]", lambda m: f"_x{ord(m.group()):04X}_", c) for c in cells])
    f = io.BytesIO()
    wb.save(f)
    f.seek(0)
    f.name = "list.xlsx"
    return f


def test_texts_longer_than_their_fields_are_row_problems_and_nothing_is_written():
    before = list(StrategicTechnology.objects.values_list("code", "name_ko"))
    rows = [["반도체", "가" * 201, "설명", ""], ["반도체", "법령이 긴 기술", "", "법" * 301]]
    with translation.override("en"):
        report = strategic_technology_import(source=csv_file(rows), name="list.csv", actor=None)
    assert [(e["row"], e["column"], e["message"]) for e in report["errors"]] == [
        (2, "대상기술", "Longer than 200 characters."),
        (3, "관련법령", "Longer than 300 characters."),
    ]
    assert list(StrategicTechnology.objects.values_list("code", "name_ko")) == before


@pytest.mark.parametrize("make", [csv_file, xlsx_file])
def test_a_control_character_in_a_description_is_a_row_problem(make):
    rows = [["반도체", "제어 문자 기술", "설명\x0b끝", ""]]
    f = make(rows)
    report = strategic_technology_import(source=f, name=f.name, actor=None)
    assert [(e["row"], e["column"]) for e in report["errors"]] == [(2, "기술설명")]
    assert "제어 문자(U+000B)" in report["errors"][0]["message"]
    assert not StrategicTechnology.objects.filter(name_ko="제어 문자 기술").exists()


@pytest.mark.serial
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL runs the two imports' transactions side by side; SQLite runs one writer at a time",
)
def test_two_imports_of_the_same_list_at_once_create_it_once_and_report_the_second_as_updates():
    data = csv_file([["반도체", "동시 기술 A", "", ""], ["반도체", "동시 기술 B", "", ""]]).getvalue()
    reports = imports_side_by_side(
        kind="taxonomy.import_strategic_tech",
        data=data,
        run=lambda f, progress: strategic_technology_import(source=f, name="same.csv", actor=None, progress=progress),
    )
    assert sorted((r["failed"], r["created"], r["updated"]) for r in reports) == [(False, 0, 2), (False, 2, 0)]
    assert StrategicTechnology.objects.filter(name_ko__startswith="동시 기술").count() == 2
