"""The HS search ranks a semiconductor platform's chapters first and filters by chapter, on the page and the API."""

import re

import pytest

from mcelink.accounts.services import api_token_create
from mcelink.data.strategic_technologies import SEMICONDUCTOR_HS, SEMICONDUCTOR_HS_CHAPTERS
from mcelink.seed.vocabulary import ITEMS
from mcelink.taxonomy.selectors import hs_code_list

pytestmark = pytest.mark.django_db


def test_the_semiconductor_chapters_hold_every_hs_link_of_the_technology_list_and_the_vocabulary():
    linked = {code[:2] for codes in SEMICONDUCTOR_HS.values() for code in codes}
    linked |= {code[:2] for item in ITEMS for code in item.hs}
    assert linked <= set(SEMICONDUCTOR_HS_CHAPTERS)


def test_wafer_finds_semiconductor_codes_before_bakery_wafers():
    codes = [c.code for c in hs_code_list(q="웨이퍼")]
    assert codes[0] == "8486"  # the heading of wafer machinery, before its lines
    assert codes.index("1905320000") > codes.index("381800")  # bakery wafers after doped silicon wafers
    semiconductor = [c[:2] in SEMICONDUCTOR_HS_CHAPTERS for c in codes]
    assert semiconductor == sorted(semiconductor, reverse=True)  # every semiconductor code before any other
    english = [c.code for c in hs_code_list(q="wafers")]
    assert english.index("1905320000") > english.index("8541101000")


def test_a_chapter_filter_keeps_to_its_chapter():
    assert {c.code[:2] for c in hs_code_list(q="웨이퍼", chapter="19")} == {"19"}
    headings = [c.code for c in hs_code_list(chapter="85")]
    assert "8541" in headings and all(len(c) == 4 and c.startswith("85") for c in headings)
    with pytest.raises(ValueError, match="2 digits"):
        hs_code_list(chapter="8")


def test_the_page_offers_the_chapter_filter_and_shows_the_ranked_results(client, make_user):
    client.force_login(make_user())
    page = client.get("/taxonomy/hs/", {"q": "웨이퍼"}).content.decode()
    assert '<select name="chapter"' in page and '<option value="85">' in page
    rows = re.findall(r'href="/taxonomy/hs/(\d+)/"', page)
    assert rows[0] == "8486" and rows.index("1905320000") > rows.index("381800")
    only_19 = client.get("/taxonomy/hs/", {"q": "웨이퍼", "chapter": "19"}).content.decode()
    assert set(re.findall(r'href="/taxonomy/hs/(\d{2})\d*/"', only_19)) == {"19"}
    assert '<option value="19" selected>' in only_19
    assert client.get("/taxonomy/hs/", {"chapter": "nope"}).status_code == 200  # an unknown chapter is ignored


def test_the_api_filters_by_chapter_and_refuses_a_malformed_one(client, make_user):
    user = make_user()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user, actor=user)[1]}"}
    ranked = client.get("/api/v1/taxonomy/hs-codes", {"q": "웨이퍼"}, **auth).json()
    assert ranked["items"][0]["code"] == "8486"
    only_19 = client.get("/api/v1/taxonomy/hs-codes", {"q": "웨이퍼", "chapter": "19"}, **auth).json()
    assert only_19["count"] >= 1 and {i["code"][:2] for i in only_19["items"]} == {"19"}
    assert client.get("/api/v1/taxonomy/hs-codes", {"chapter": "8"}, **auth).status_code == 422
