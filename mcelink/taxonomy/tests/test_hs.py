"""The one HS-code parser, and the one message wherever a code is given (form, API, table import)."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from mcelink.accounts.models import Role
from mcelink.accounts.services import api_token_create
from mcelink.companies.forms import ProductForm
from mcelink.companies.imports import registry_import
from mcelink.companies.models import Organization
from mcelink.demands.forms import DemandForm
from mcelink.taxonomy.hs import ERR_HS_CODE, hs_code_prefix, parse_hs_code
from mcelink.taxonomy.selectors import hs_codes_resolve


@pytest.mark.parametrize(
    ("text", "digits"),
    [("8486.20-1000", "8486201000"), ("848620 1000", "8486201000"), (" 8486.20 ", "848620"), ("8486", "8486"),
     ("84", "84"), ("8486 20", "848620")],
)  # fmt: skip
def test_a_code_is_read_as_people_write_it(text, digits):
    assert parse_hs_code(text) == digits


@pytest.mark.parametrize("text", ["", "8", "848", "84862", "8486201", "848620100", "84862010000", "HS 8486",
                                  "8486.2O", "웨이퍼", "-8486"])  # fmt: skip
def test_wrong_lengths_and_words_are_refused_with_the_one_message(text):
    with pytest.raises(ValidationError) as caught:
        parse_hs_code(text)
    assert caught.value.code == "invalid"
    assert caught.value.message == ERR_HS_CODE


def test_the_message_names_the_code_in_both_languages():
    with pytest.raises(ValidationError) as caught:
        parse_hs_code("84862")
    with translation.override("en"):
        assert caught.value.messages == [
            "Not a code of the HS/HSK nomenclature: 84862. An HS code has 2, 4, 6 or 10 digits, "
            "e.g. 8486.20 or 8486.20-1000."
        ]
    with translation.override("ko"):
        assert caught.value.messages[0].startswith("HS/HSK 품목분류표의 코드가 아닙니다: 84862.")


def test_a_search_takes_any_prefix_written_as_a_code_and_words_are_not_codes():
    assert hs_code_prefix("8486.2") == "84862"
    assert hs_code_prefix("웨이퍼") == "" and hs_code_prefix("wafer 8486") == ""


@pytest.mark.django_db
def test_resolving_lists_every_bad_code_once_and_keeps_the_order_of_the_good_ones():
    assert [h.code for h in hs_codes_resolve(["8486.90", " ", "8505.19", "848690"])] == ["848690", "850519"]
    with pytest.raises(ValidationError) as caught, translation.override("en"):
        hs_codes_resolve(["8486.90", "8486.99", "84862"])
    with translation.override("en"):
        assert "nomenclature: 8486.99, 84862." in caught.value.messages[0]


@pytest.mark.django_db
def test_every_channel_answers_a_bad_code_with_the_same_message(client, make_user):
    with translation.override("en"):
        expected = str(ERR_HS_CODE % {"codes": "8486.99"})
        product = ProductForm(data={"category": "component", "name_ko": "콜렛", "hs_code_list": "8486.90; 8486.99"})
        assert not product.is_valid() and product.errors["hs_code_list"] == [expected]
        demand = DemandForm(data={"title": "t", "summary": "s", "hs_code": "8486.99"})
        assert not demand.is_valid() and demand.errors["hs_code"] == [expected]

        org = Organization.objects.create(kind="sme", name_ko="코드시험", business_number="1234567891")
        source = io.BytesIO(f"business_number,category,name_ko,hs_codes\n{org.business_number},부품,콜렛,8486.99\n"
                            .encode())  # fmt: skip
        source.name = "products.csv"
        report = registry_import(kind="products", source=source, actor=None)
        assert [e["message"] for e in report["errors"]] == [expected]

    buyer = make_user(Role.DEMAND_FIRM, organization=Organization.objects.create(kind="sme", name_ko="바이어"))
    auth = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=buyer, actor=buyer)[1]}"}
    response = client.post("/api/v1/demands/", {"title": "t", "summary": "s", "specification": "x",
                           "hs_code": "8486.99"}, content_type="application/json", **auth)  # fmt: skip
    assert response.status_code == 400
    with translation.override("ko"):  # the API answers in the user's language, Korean by default
        assert response.json()["error"]["fields"] == {"hs_code": [str(ERR_HS_CODE % {"codes": "8486.99"})]}
