import pytest

from mcelink.accounts.models import User
from mcelink.accounts.services import api_token_create
from mcelink.companies.models import Organization
from mcelink.demands import candidates, services
from mcelink.demands.models import Demand

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def index():
    """Ranking reads the saved index and never builds it (a job does): build it first."""
    from mcelink.matchmaking.services import matching_index_build

    matching_index_build()


def _auth(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user, actor=user)[1]}"}


def test_the_default_collet_demand_ranks_collet_makers_first_with_explanations_in_both_languages(index):
    demand = Demand.objects.get(title="다이 픽업용 마그네틱 콜렛 국산화")
    candidates.candidates_rank(demand=demand)
    top = list(demand.candidates.order_by("rank").select_related("supplier")[:5])
    assert "Magtron" in [c.supplier.name_en for c in top]
    for c in top:  # every one of the five makes a collet, and says so in both languages
        assert any("콜렛" in p.name_ko for p in c.supplier.products.all())
        # The English line names the collet by its product or by the (Korean) word of the query that matched; a
        # firm with four products may list others first ("Matching words: 마그네틱, 콜렛").
        assert "콜렛" in c.explanation["summary_ko"]
        assert "collet" in c.explanation["summary_en"].lower() or "콜렛" in c.explanation["summary_en"]
        assert "SEMI-15" in c.explanation["concepts"]
    # 한빛반도체패키징 is in Incheon and prefers Incheon suppliers: the ones there say so.
    assert demand.preferred_region == "incheon"
    assert all(("incheon" in c.explanation["preferences"]) == (c.supplier.region == "incheon") for c in top)


def _opened(buyer, **fields):
    demand = services.demand_create(actor=buyer, **fields)
    return services.demand_transition(demand=demand, to="open", actor=buyer, enqueue_ranking=False)


def test_a_dismissal_lowers_that_supplier_for_the_buyers_next_similar_demand(index):
    buyer = User.objects.get(username="buyer")
    first = _opened(buyer, title="테스트 소켓", summary="반도체 테스트 소켓 포고핀")
    candidates.candidates_rank(demand=first)
    ranked = list(first.candidates.order_by("rank"))
    dismissed = ranked[0]
    candidates.candidate_decide(candidate=dismissed, actor=buyer, decision="dismissed")
    second = _opened(buyer, title="테스트 소켓", summary="반도체 테스트 소켓 포고핀")
    candidates.candidates_rank(demand=second)
    assert not second.candidates.filter(supplier=dismissed.supplier, rank=1).exists()
    other_buyer = User.objects.get(username="buyer2")
    third = _opened(other_buyer, title="테스트 소켓", summary="반도체 테스트 소켓 포고핀")
    candidates.candidates_rank(demand=third)
    assert third.candidates.get(supplier=dismissed.supplier).rank == 1  # one firm's choices stay its own


def test_a_supplier_sees_open_public_demands_that_fit_its_products():
    supplier = User.objects.get(username="supplier")
    buyer = User.objects.get(username="buyer2")
    demand = services.demand_create(
        actor=buyer,
        title="Magnet collet for die bonder",
        summary="magnet collet, rare earth",
        visibility="summary_public",
    )
    services.demand_transition(demand=demand, to="open", actor=buyer, enqueue_ranking=False)
    found = candidates.demands_matching_supplier(user=supplier)
    assert found and found[0][0] == demand
    assert "collet" in found[0][1].explanation.summary("en").lower()
    unrelated = services.demand_create(
        actor=buyer, title="공급 요청", summary="물류 창고 공급", visibility="summary_public"
    )
    services.demand_transition(demand=unrelated, to="open", actor=buyer, enqueue_ranking=False)
    assert unrelated not in [d for d, _m in candidates.demands_matching_supplier(user=supplier)]  # one chance word
    private = services.demand_create(actor=buyer, title="Magnet collet 2", summary="magnet collet")
    services.demand_transition(demand=private, to="open", actor=buyer, enqueue_ranking=False)
    assert private not in [d for d, _m in candidates.demands_matching_supplier(user=supplier)]


def test_the_journey_through_the_api(client):
    buyer, supplier = User.objects.get(username="buyer"), User.objects.get(username="supplier")
    b, s = _auth(buyer), _auth(supplier)
    bad = client.post("/api/v1/demands/", {"title": "x"}, content_type="application/json", **b)
    assert bad.status_code == 422 and "summary" in bad.json()["error"]["fields"]
    created = client.post(
        "/api/v1/demands/",
        {"title": "마그네틱 콜렛", "summary": "다이 픽업 콜렛", "specification": "흡착력 0.8 N", "hs_code": "8486.90"},
        content_type="application/json",
        **b,
    )
    assert created.status_code == 201, created.content
    demand_id = created.json()["id"]
    assert client.get(f"/api/v1/demands/{demand_id}/", **s).status_code == 404  # a draft
    illegal = client.post(
        f"/api/v1/demands/{demand_id}/transitions/", {"to": "adopted"}, content_type="application/json", **b
    )
    # A move the demand's state refuses is a conflict (409), with the reason in the error shape.
    assert illegal.status_code == 409 and illegal.json()["error"]["code"] == "illegal_transition"
    assert illegal.json()["error"]["message"]
    client.post(f"/api/v1/demands/{demand_id}/transitions/", {"to": "open"}, content_type="application/json", **b)
    magtron = Organization.objects.get(name_en="Magtron")
    invited = client.post(
        f"/api/v1/demands/{demand_id}/invitations/", {"supplier_id": magtron.pk}, content_type="application/json", **b
    ).json()
    seen = client.get(f"/api/v1/demands/{demand_id}/", **s).json()
    assert (
        seen["access"] == "summary" and seen["specification"] is None and seen["buyer"]["name_ko"] == "한빛반도체패키징"
    )
    early = client.post(
        f"/api/v1/invitations/{invited['id']}/proposals/",
        {"unit_price_krw": 1, "lead_time_days": 1},
        content_type="application/json",
        **s,
    )
    assert early.status_code == 403
    client.post(
        f"/api/v1/invitations/{invited['id']}/nda/", {"terms_version": "2025-1"}, content_type="application/json", **s
    )
    assert client.get(f"/api/v1/demands/{demand_id}/", **s).json()["specification"] == "흡착력 0.8 N"
    proposal = client.post(
        f"/api/v1/invitations/{invited['id']}/proposals/",
        {"unit_price_krw": 38000, "lead_time_days": 30},
        content_type="application/json",
        **s,
    )
    assert proposal.status_code == 201
    assert client.get(f"/api/v1/demands/{demand_id}/", **b).json()["status"] == "proposal"
    assert client.get(f"/api/v1/demands/{demand_id}/candidates/", **s).status_code == 403

    def post(path, body, auth=b):
        return client.post(path, body, content_type="application/json", **auth)

    assert post(f"/api/v1/invitations/{invited['id']}/validation/", {"test_plan": "샘플"}, s).status_code == 403
    assert post(f"/api/v1/invitations/{invited['id']}/validation/", {"test_plan": "샘플"}).status_code == 201
    early = post(f"/api/v1/demands/{demand_id}/adopt/", {"contract_value_krw": 1, "contract_start": "2026-12-01"})
    assert early.status_code == 409 and early.json()["error"]["code"] == "illegal_transition"
    assert post(f"/api/v1/demands/{demand_id}/validation/", {"passed": True, "result": "합격"}).json()["passed"]
    line = post(f"/api/v1/invitations/{invited['id']}/validation/", {"stage": "line", "test_plan": "라인"})
    assert line.status_code == 201
    post(f"/api/v1/demands/{demand_id}/validation/", {"passed": True, "result": "합격"})
    adopted = post(
        f"/api/v1/demands/{demand_id}/adopt/", {"contract_value_krw": 9000000, "contract_start": "2026-12-01"}
    )
    assert adopted.json()["status"] == "adopted"
