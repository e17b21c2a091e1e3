"""One field list per entity: every field the buyer may edit can be set through every channel, and the export
discloses what the API discloses."""

import csv
import io

import pytest

from mcelink.accounts.models import Role
from mcelink.accounts.services import api_token_create
from mcelink.companies.models import Organization
from mcelink.demands import services
from mcelink.demands.disclosure import CONFIDENTIAL
from mcelink.demands.fields import EDITABLE, EXPORT
from mcelink.demands.forms import DemandForm
from mcelink.demands.models import Demand
from mcelink.taxonomy.models import HSCode, StrategicTechnology

pytestmark = pytest.mark.django_db


@pytest.fixture
def buyer(make_user):
    return make_user(Role.DEMAND_FIRM, organization=Organization.objects.create(kind="sme", name_ko="필드바이어",
                                                                                is_demand_firm=True))  # fmt: skip


def _new_values():
    """A value for every editable field, different from a new demand's default, as the API writes it."""
    return {
        "title": "새 제목", "summary": "새 요약", "specification": "새 사양", "category": "material",
        "strategic_technology": StrategicTechnology.objects.order_by("code").first().code,
        "hs_code": HSCode.objects.filter(level=10).order_by("code").first().code,
        "source_country": "JP", "source_supplier": "Shin-Etsu", "annual_volume": 1200, "volume_unit": "kg",
        "target_price_krw": 35000, "required_certifications": ["ISO 9001"], "needed_by": "2027-03-31",
        "preferred_region": "incheon", "visibility": "summary_public", "hide_buyer": False,
    }  # fmt: skip


def _as_stored(demand):
    out = {name: getattr(demand, name) for name in EDITABLE}
    out["strategic_technology"] = demand.strategic_technology.code if demand.strategic_technology else None
    out["hs_code"] = demand.hs_code.code if demand.hs_code else None
    out["needed_by"] = demand.needed_by.isoformat() if demand.needed_by else None
    return out


def test_the_value_list_covers_every_editable_field():
    assert set(_new_values()) == set(EDITABLE)


def test_the_form_offers_exactly_the_editable_fields_and_its_groups_show_each_once():
    assert set(DemandForm.base_fields) == {*EDITABLE, "files"}
    grouped = [name for _, names in DemandForm.GROUPS for name in names]
    assert sorted(grouped) == sorted({*EDITABLE, "files"})


def test_every_editable_field_can_be_set_through_the_api_patch(client, buyer):
    demand = services.demand_create(actor=buyer, title="원래 제목", summary="원래 요약")
    token = api_token_create(user=buyer, actor=buyer)[1]
    values = _new_values()
    response = client.patch(f"/api/v1/demands/{demand.pk}/", values, content_type="application/json",
                            HTTP_AUTHORIZATION=f"Bearer {token}")  # fmt: skip
    assert response.status_code == 200, response.content
    demand.refresh_from_db()
    assert _as_stored(demand) == values


def test_every_editable_field_can_be_set_through_the_api_create(client, buyer):
    token = api_token_create(user=buyer, actor=buyer)[1]
    values = _new_values()
    response = client.post("/api/v1/demands/", values, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {token}")  # fmt: skip
    assert response.status_code == 201, response.content
    assert _as_stored(Demand.objects.get(pk=response.json()["id"])) == values


def test_every_editable_field_can_be_set_through_the_form(client, buyer):
    demand = services.demand_create(actor=buyer, title="원래 제목", summary="원래 요약")
    values = _new_values()
    post = {**values, "required_certifications": ", ".join(values["required_certifications"]),
            "strategic_technology": StrategicTechnology.objects.get(code=values["strategic_technology"]).pk,
            "hide_buyer": ""}  # fmt: skip
    client.force_login(buyer)
    response = client.post(f"/demands/{demand.pk}/edit/", post)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response.url == f"/demands/{demand.pk}/", response.url
    demand.refresh_from_db()
    assert _as_stored(demand) == values


def test_the_api_refuses_an_unknown_hs_code_on_patch_and_changes_nothing(client, buyer):
    demand = services.demand_create(actor=buyer, title="원래 제목", summary="원래 요약")
    token = api_token_create(user=buyer, actor=buyer)[1]
    response = client.patch(f"/api/v1/demands/{demand.pk}/", {"hs_code": "9999999999", "title": "바뀜"},
                            content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")  # fmt: skip
    assert response.status_code in (400, 422)
    demand.refresh_from_db()
    assert (demand.title, demand.hs_code) == ("원래 제목", None)


def test_the_export_hides_confidential_fields_from_a_viewer_who_has_not_accepted_the_nda(client, buyer, make_user):
    demand = services.demand_create(actor=buyer, title="수출 시험", summary="요약", specification="비밀 사양",
                                    target_price_krw=777, visibility="summary_public")  # fmt: skip
    services.demand_transition(demand=demand, to="open", actor=buyer, enqueue_ranking=False)
    supplier = make_user(Role.SUPPLY_FIRM, organization=Organization.objects.create(kind="sme", name_ko="공급",
                                                                                    is_supply_firm=True))  # fmt: skip

    def row_for(user):
        client.force_login(user)
        text = client.get("/demands/export.csv").content.decode("utf-8-sig")
        rows = {r["reference"]: r for r in csv.DictReader(io.StringIO(text))}
        assert list(rows[demand.reference]) == list(EXPORT)
        return rows[demand.reference]

    mine = row_for(buyer)
    assert (mine["specification"], mine["target_price_krw"]) == ("비밀 사양", "777")
    theirs = row_for(supplier)
    assert all(theirs[name] == "" for name in CONFIDENTIAL if name in EXPORT)
    assert theirs["summary"] == "요약" and "비밀 사양" not in str(theirs)


def test_a_refused_file_leaves_neither_the_demand_nor_the_other_files(buyer, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from mcelink.core.errors import ServiceError
    from mcelink.demands.models import DemandFile

    before = (Demand.objects.count(), DemandFile.objects.count())
    with pytest.raises(ServiceError) as refused:
        services.demand_save_with_files(
            demand=None, actor=buyer, title="파일과 함께", summary="요약",
            uploads=[SimpleUploadedFile("ok.pdf", b"%PDF-1.4"), SimpleUploadedFile("run.exe", b"MZ")],
        )  # fmt: skip
    assert refused.value.field == "files" and "run.exe" in refused.value.message
    assert (Demand.objects.count(), DemandFile.objects.count()) == before


def test_the_export_neutralizes_spreadsheet_formulas(client, buyer):
    demand = services.demand_create(actor=buyer, title='=HYPERLINK("http://x","y")', summary="@SUM(1)")
    client.force_login(buyer)
    text = client.get("/demands/export.csv").content.decode("utf-8-sig")
    row = {r["reference"]: r for r in csv.DictReader(io.StringIO(text))}[demand.reference]
    assert (row["title"], row["summary"]) == ("'=HYPERLINK(\"http://x\",\"y\")", "'@SUM(1)")
