import pytest

from mcelink.accounts.models import Role
from mcelink.matchmaking.selectors import supplier_search, technology_suggest
from mcelink.matchmaking.services import matching_index_build, technology_classifier_build
from mcelink.taxonomy.models import StrategicTechnology

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # builds an index or checks the default data
URL = "/matching/tech-suggest/"


def test_the_build_indexes_the_whole_strategic_technology_list():
    assert matching_index_build()["technologies"] == StrategicTechnology.objects.count() > 100


def test_suggestions_in_korean_and_english_carry_the_technology_row(make_user):
    user = make_user(Role.DEMAND_FIRM)
    assert technology_suggest(user=user, text="마그네틱 콜렛") is None  # not built yet
    technology_classifier_build()
    for text in ("마그네틱 콜렛 국산화", "magnetic collet for die pick-up"):
        suggestions = technology_suggest(user=user, text=text)
        score, row = suggestions[0]
        assert row.code == score.code == "SEMI-09", text
        assert "콜렛" in row.name_ko
    assert technology_suggest(user=user, text="  ") == []


def test_a_technology_removed_since_the_build_is_not_offered(make_user):
    technology_classifier_build()
    StrategicTechnology.objects.filter(code="SEMI-09").delete()
    suggestions = technology_suggest(user=make_user(Role.DEMAND_FIRM), text="마그네틱 콜렛 링 프레임")
    assert suggestions and "SEMI-09" not in [row.code for _score, row in suggestions]


def test_the_demand_form_partial_sets_the_technology_by_its_database_id(client, make_user):
    client.force_login(make_user(Role.DEMAND_FIRM))
    params = {"title": "마그네틱 콜렛 국산화", "summary": "다이 픽업용 콜렛 교체", "single": "1"}
    assert "전략기술 색인을 아직 만들지 않았습니다" in client.get(URL, params).content.decode()
    technology_classifier_build()
    response = client.get(URL, params)
    assert response.status_code == 200
    page = response.content.decode()
    semi09 = StrategicTechnology.objects.get(code="SEMI-09")
    first = page.index("<button")
    assert page.index(f'data-suggest-value="{semi09.pk}"') == page.index("data-suggest-value=", first)  # first
    assert 'data-suggest-target="id_strategic_technology"' in page and "id_strategic_technologies" not in page
    many = client.get(URL, {"name_ko": "마그네틱 콜렛"}).content.decode()  # the product form: several technologies
    assert f'data-suggest-value="{semi09.pk}"' in many and 'data-suggest-target="id_strategic_technologies"' in many
    assert "먼저 제목이나 요약을 적어 주세요" in client.get(URL, {"single": "1"}).content.decode()
    assert "일치하는 전략기술이 없습니다" in client.get(URL, {"title": "zzqx"}).content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client):
    technology_classifier_build()
    response = client.get(URL, {"title": "마그네틱 콜렛"})
    assert response.status_code == 302 and "login" in response["Location"]
    assert "data-suggest-value" not in response.content.decode()
    assert technology_suggest(user=_anonymous(), text="마그네틱 콜렛") == []


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def test_inferred_technologies_are_off_unless_enabled_and_then_marked(settings, make_user):
    matching_index_build()
    user = make_user(Role.DEMAND_FIRM)
    text = "웨이퍼 링 프레임"
    assert not any(m.explanation.inferred_concepts for m, _org in supplier_search(user=user, text=text, top=20))
    settings.MATCHING_INFER_CONCEPTS = True
    results = supplier_search(user=user, text=text, top=20)
    marked = [m for m, _org in results if m.explanation.inferred_concepts]
    assert marked and all(m.explanation.inferred_concepts == ("SEMI-09",) for m in marked)
    assert all(m.explanation.concepts == () for m, _org in results)
    assert "글에서 추정한 분류: ≈SEMI-09" in marked[0].explanation.summary()
