import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from mcelink.companies.imports import registry_import
from mcelink.companies.models import Organization, Product
from mcelink.companies.tests.factories import SupplierFactory
from mcelink.core.models import AuditLog, Job
from mcelink.taxonomy.tests.factories import HSCodeFactory, StrategicTechnologyFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "business_number,kind,name_ko,name_en,region,district,size_class,employees,is_supply_firm,strategic_technologies\n"
)


def upload(text: str, name: str = "orgs.csv", encoding: str = "utf-8") -> io.BytesIO:
    f = io.BytesIO(text.encode(encoding))
    f.name = name
    return f


def test_a_good_csv_creates_organizations_with_their_technologies():
    StrategicTechnologyFactory(code="SEMI-09"), StrategicTechnologyFactory(code="SEMI-15")
    f = upload(HEADER + "1234567891,sme,가나정밀,Gana Precision,인천,남동구,small,12,예,SEMI-09;SEMI-15\n"
               "220-81-62517,중견기업,다라소재,,Gyeonggi,화성시,mid_size,\"1,200\",n,\n")  # fmt: skip
    report = registry_import(kind="organizations", source=f, actor=None, name="orgs.csv")
    assert report["failed"] is False and report["created"] == 2
    gana = Organization.objects.get(business_number="1234567891")
    assert (gana.region, gana.kind, gana.is_supply_firm, gana.employees) == ("incheon", "sme", True, 12)
    assert sorted(t.code for t in gana.strategic_technologies.all()) == ["SEMI-09", "SEMI-15"]
    assert Organization.objects.get(business_number="2208162517").employees == 1200
    assert AuditLog.objects.filter(action="companies.import").count() == 1


def test_a_bad_file_reports_each_bad_row_and_writes_nothing():
    before = (Organization.objects.count(), AuditLog.objects.count())
    f = upload(
        HEADER
        + "1234567891,sme,좋은행,,incheon,,,,,\n"
        + "1234567890,sme,체크디지트오류,,incheon,,,,,\n"
        + "1234567891,sme,중복번호,,incheon,,,,,\n"
        + ",우주기업,종류오류,,화성,,,-3,아마,SEMI-99\n"
        + "2208162517,sme,,,,,,,,\n"
    )
    report = registry_import(kind="organizations", source=f, actor=None)
    problems = [(e["row"], e["column"]) for e in report["errors"]]
    assert problems == [
        (3, "business_number"),
        (4, "business_number"),
        (5, "kind"),
        (5, "region"),
        (5, "employees"),
        (5, "is_supply_firm"),
        (5, "strategic_technologies"),
        (6, "name_ko"),
    ]
    assert "row 2" in report["errors"][1]["message"] or "2행" in report["errors"][1]["message"]
    assert (Organization.objects.count(), AuditLog.objects.count()) == before


def test_an_existing_business_number_updates_the_organization():
    org = SupplierFactory(business_number="1234567891")
    f = upload(HEADER + f"{org.business_number},sme,새이름,New Name,incheon,서구,small,99,true,\n")
    report = registry_import(kind="organizations", source=f, actor=None)
    assert (report["created"], report["updated"]) == (0, 1)
    created_at = org.created_at
    org.refresh_from_db()
    assert (org.name_ko, org.employees, org.district) == ("새이름", 99, "서구")
    assert org.created_at == created_at and org.updated_at > created_at


def test_korean_headers_and_cp949_as_korean_excel_writes_them():
    text = "사업자등록번호,구분,기업명,시도\n1234567891,중소기업,씨피정밀,인천광역시\n"
    report = registry_import(kind="organizations", source=upload(text, encoding="cp949"), actor=None)
    assert report["failed"] is False
    assert Organization.objects.get(business_number="1234567891").name_ko == "씨피정밀"


def test_xlsx_files_are_read_like_csv():
    wb = Workbook()
    ws = wb.active
    ws.append(["business_number", "kind", "name_ko", "founded_year"])
    ws.append([1234567891, "sme", "엑셀정밀", 2011])
    ws.append([1234567890, "sme", "틀린번호", 2011])
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "orgs.xlsx"
    report = registry_import(kind="organizations", source=buffer, actor=None)
    assert [(e["row"], e["column"]) for e in report["errors"]] == [(3, "business_number")]
    assert not Organization.objects.filter(name_ko="엑셀정밀").exists()


def test_products_link_to_registered_organizations_hs_codes_and_technologies():
    SupplierFactory(business_number="1234567891")
    HSCodeFactory(code="850519"), HSCodeFactory(code="848690"), StrategicTechnologyFactory(code="SEMI-15")
    f = upload(
        "business_number,category,name_ko,name_en,hs_codes,strategic_technologies,trl,certifications\n"
        "1234567891,부품,신형 콜렛,New collet,8505.19;8486.90,SEMI-15,8,ISO 9001;벤처기업\n"
        "2208162517,component,없는회사 제품,,,,,\n"
        "1234567891,gadget,잘못된 구분,,0000.01,,12,\n"
    )
    report = registry_import(kind="products", source=f, actor=None)
    assert [(e["row"], e["column"]) for e in report["errors"]] == [
        (3, "business_number"),
        (4, "category"),
        (4, "trl"),
        (4, "hs_codes"),
    ]
    good = upload(
        "business_number,category,name_ko,hs_codes,strategic_technologies,trl,certifications\n"
        "1234567891,부품,신형 콜렛,8505.19;8486.90,SEMI-15,8,ISO 9001;벤처기업\n"
    )
    assert registry_import(kind="products", source=good, actor=None)["created"] == 1
    product = Product.objects.get(name_ko="신형 콜렛")
    assert sorted(h.code for h in product.hs_codes.all()) == ["848690", "850519"]
    assert product.certifications == ["ISO 9001", "벤처기업"]


def test_unknown_columns_stop_the_import_before_any_row():
    report = registry_import(kind="organizations", source=upload("name_ko,kind,color\nx,sme,red\n"), actor=None)
    assert report["failed"] and [e["row"] for e in report["errors"]] == [1]


def test_the_upload_runs_as_a_background_job_with_progress(client, make_user, django_capture_on_commit_callbacks):
    client.force_login(make_user("program_manager"))
    data = (HEADER + "1234567891,sme,잡정밀,,incheon,,,,,\n").encode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/organizations/import/", {"kind": "organizations", "file": SimpleUploadedFile("o.csv", data)}
        )
    job = Job.objects.get(kind="companies.import")
    assert response["Location"] == f"/jobs/{job.pk}/"
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.report["created"]) == ("succeeded", 1, 1, 1)
    assert "1건을 저장했습니다" in client.get(f"/jobs/{job.pk}/").content.decode()
