import pytest

from mcelink.companies.forms import OrganizationSearchField
from mcelink.companies.models import Organization
from mcelink.programs.forms import ParticipationForm


@pytest.fixture
def firms(db):
    one = Organization.objects.create(kind="sme", name_ko="가온소재시험", region="incheon", is_supply_firm=True)
    Organization.objects.create(kind="sme", name_ko="쌍둥이정밀시험", is_supply_firm=True)
    Organization.objects.create(kind="sme", name_ko="쌍둥이정밀시험", is_supply_firm=True)
    return one


def test_the_company_is_a_search_field_with_the_names_in_a_datalist(firms):
    html = str(ParticipationForm()["organization"])
    assert html.startswith("<input") and "<select" not in html
    assert 'list="id_organization-options"' in html and '<datalist id="id_organization-options">' in html
    assert f'<option value="가온소재시험 (인천) #{firms.pk}">' in html


@pytest.mark.parametrize("typed", ["label", "name", "id"])
def test_a_company_is_found_by_its_label_its_unique_name_or_its_id(firms, typed):
    value = {"label": OrganizationSearchField.label_for(firms), "name": "가온소재시험", "id": str(firms.pk)}[typed]
    form = ParticipationForm({"organization": value})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["organization"] == firms


def test_a_name_two_companies_share_is_refused_with_a_hint(firms):
    form = ParticipationForm({"organization": "쌍둥이정밀시험"})
    assert not form.is_valid()
    assert "목록에서 기업을 고르세요" in form.errors["organization"][0]
