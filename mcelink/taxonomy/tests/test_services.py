import io

import pytest
from django.utils.translation import gettext, override

from mcelink.core.models import AuditLog
from mcelink.taxonomy.models import HSCode, Industry, StrategicTechnology
from mcelink.taxonomy.services import (
    ERR_DUPLICATE_TECHNOLOGY,
    ERR_UNKNOWN_INDUSTRY,
    hs_nomenclature_load,
    strategic_technologies_load_sample,
    strategic_technology_import,
)

pytestmark = pytest.mark.django_db

OFFICIAL_COUNTS = {
    "semiconductor": 32,
    "display": 14,
    "automotive": 15,
    "machinery_metals": 44,
    "electrical_electronics": 25,
    "basic_chemicals": 15,
    "bio": 5,
}


def csv_file(text: str, encoding: str = "utf-8-sig") -> io.BytesIO:
    f = io.BytesIO(text.encode(encoding))
    f.name = "list.csv"
    return f


def test_the_nomenclature_holds_every_hs2022_subheading_and_the_korean_codes_in_one_tree():
    assert HSCode.objects.filter(level=6, code="848690").exists()
    assert HSCode.objects.filter(level=10).count() == 12243
    national = HSCode.objects.get(code="8486902010")
    assert national.name_ko and national.name_en
    chain = [national.parent.code, national.parent.parent.code, national.parent.parent.parent.code]
    assert chain == ["84869020", "848690", "8486"]
    assert national.parent.parent.parent.parent.code == "84"
    assert national.section == "XVI"


def test_the_hs2022_files_total_row_is_no_code_and_an_earlier_load_of_it_goes():
    assert not HSCode.objects.exclude(code__regex=r"^[0-9]+$").exists()
    HSCode.objects.create(code="TOTAL", level=5, section="TOTAL", name_en="Total of all HS2022 commodities")
    hs_nomenclature_load()
    assert not HSCode.objects.filter(code="TOTAL").exists()
    assert HSCode.objects.filter(parent__isnull=True).exclude(level=2).count() == 0  # the chapter list


def test_loading_the_nomenclature_again_changes_nothing():
    before = HSCode.objects.count()
    assert hs_nomenclature_load() == 0
    assert HSCode.objects.count() == before


def test_sample_list_has_the_official_counts_150_plus_50():
    counts = {i.code: i.technologies.count() for i in Industry.objects.all()}
    for code, n in OFFICIAL_COUNTS.items():
        assert counts[code] == n
    assert sum(OFFICIAL_COUNTS.values()) == 150
    assert counts["space"] + counts["defense"] + counts["hydrogen"] == 50
    assert StrategicTechnology.objects.count() == 200
    assert not StrategicTechnology.objects.filter(is_sample=False).exists()
    assert strategic_technologies_load_sample() == 0


def test_semiconductor_sample_topics_that_the_default_data_relies_on():
    assert "HBM" in StrategicTechnology.objects.get(code="SEMI-01").name_en
    assert "ring frames" in StrategicTechnology.objects.get(code="SEMI-09").name_en
    assert "Pt/Pd" in StrategicTechnology.objects.get(code="SEMI-12").name_en
    assert StrategicTechnology.objects.get(code="SEMI-15").hs_codes.filter(code="850511").exists()


def test_official_import_replaces_samples_of_the_industries_in_the_file_only(
    make_user, django_capture_on_commit_callbacks
):
    actor = make_user("program_manager")
    f = csv_file(
        "분야,대상기술,기술설명,관련법령\n"
        "반도체,HBM·3D 적층 첨단 패키징(TSV) 기술,실리콘 관통전극 적층,소재부품장비산업법\n"
        "반도체,반도체 신규 기술 A,설명 A,소재부품장비산업법\n"
        "바이오,바이오 신규 기술,설명,\n"
    )
    with django_capture_on_commit_callbacks() as callbacks:
        report = strategic_technology_import(source=f, name="list.csv", actor=actor, year=2025)
    assert report["failed"] is False
    assert len(callbacks) == 1  # the engine's index is rebuilt from the new list once the import commits
    assert (report["created"], report["updated"]) == (2, 1)
    semi = StrategicTechnology.objects.filter(industry__code="semiconductor")
    assert semi.count() == 2 and not semi.filter(is_sample=True).exists()
    kept = semi.get(code="SEMI-01")  # matched by name: keeps its code and HS links
    assert kept.is_sample is False and kept.hs_codes.exists() and kept.related_law == "소재부품장비산업법"
    assert semi.get(name_ko="반도체 신규 기술 A").code == "SEMI-33"
    assert StrategicTechnology.objects.filter(industry__code="display", is_sample=True).count() == 14
    assert AuditLog.objects.filter(action="taxonomy.strategic_import", actor=actor).count() == 1


def test_a_bad_file_reports_every_bad_row_and_writes_nothing():
    before = list(StrategicTechnology.objects.values_list("code", "name_ko", "is_sample"))
    f = csv_file(
        "분야,대상기술,기술설명,관련법령\n반도체,기술 A,,\n우주선,기술 B,,\n반도체,,,\n반도체,기술 A,,\n",
        encoding="cp949",
    )
    report = strategic_technology_import(source=f, name="list.csv", actor=None)
    assert report["failed"] is True
    assert [(e["row"], e["column"]) for e in report["errors"]] == [(3, "분야"), (4, "대상기술"), (5, "대상기술")]
    assert report["errors"][0]["message"] == gettext(ERR_UNKNOWN_INDUSTRY)
    assert report["errors"][2]["message"] == gettext(ERR_DUPLICATE_TECHNOLOGY).format(row=2)
    assert list(StrategicTechnology.objects.values_list("code", "name_ko", "is_sample")) == before


def test_english_headers_and_industry_aliases_are_accepted():
    f = csv_file("industry,technology,description,related_law\n기계금속,정밀 감속기 신기술,,\n전기전자,신규 MLCC,,\n")
    report = strategic_technology_import(source=f, name="x.csv", actor=None, dry_run=True)
    assert report["failed"] is False and report["valid_rows"] == 2
    assert StrategicTechnology.objects.filter(is_sample=False).count() == 0  # a dry run writes nothing


def test_unknown_columns_are_a_file_level_error():
    report = strategic_technology_import(source=csv_file("분야,기술명\n반도체,x\n"), name="x.csv", actor=None)
    assert report["failed"] and report["errors"][0]["row"] == 1
    with override("en"):
        report = strategic_technology_import(source=csv_file("분야,기술명\n반도체,x\n"), name="x.csv", actor=None)
    assert {e["message"] for e in report["errors"]} == {"Unknown column: '기술명'", "Missing column: 'technology'"}
