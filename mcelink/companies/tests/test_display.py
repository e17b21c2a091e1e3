import pytest
from django.utils import translation

from mcelink.companies.imports import _address
from mcelink.companies.models import Organization


@pytest.mark.parametrize(
    ("fields", "ko", "en"),
    [
        ({"region": "incheon", "city": "인천광역시", "district": "남동구"}, "인천광역시 남동구", "Incheon 남동구"),
        ({"region": "incheon", "city": "", "district": "남동구 논현동"}, "인천 남동구 논현동", "Incheon 남동구 논현동"),
        ({"region": "chungbuk", "city": "청주시", "district": ""}, "충북 청주시", "Chungbuk 청주시"),
        ({"region": "", "city": "", "district": ""}, "", ""),
    ],
)
def test_a_location_names_the_region_once(fields, ko, en):
    org = Organization(kind="sme", name_ko="가", **fields)
    with translation.override("ko"):
        assert org.location == ko
    with translation.override("en"):
        assert org.location == en


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        (("남동구", "", "논현동"), {"city": "", "district": "남동구 논현동"}),  # 시군구 + 읍면동: the 구 is kept
        (("", "남동구", "논현동"), {"city": "", "district": "남동구 논현동"}),  # 구 + 읍면동
        (("청주시 흥덕구", "", ""), {"city": "청주시", "district": "흥덕구"}),
        (("청주시", "", ""), {"city": "청주시", "district": ""}),
        (("인천광역시", "남동구", ""), {"city": "인천광역시", "district": "남동구"}),
    ],
)
def test_an_imported_address_keeps_its_district(columns, expected):
    assert _address(*columns) == expected


@pytest.mark.django_db
def test_an_organization_page_shows_no_none_and_no_repeated_region(client, make_user):
    org = Organization.objects.create(
        kind="sme", name_ko="가나소재", region="incheon", city="인천광역시", district="남동구", employees=None
    )
    client.force_login(make_user())
    html = client.get(f"/organizations/{org.pk}/").content.decode()
    assert "None" not in html
    assert "인천광역시 남동구" in html and "인천 인천광역시" not in html
