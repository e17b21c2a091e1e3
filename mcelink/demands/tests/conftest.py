import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mcelink.accounts.models import Role
from mcelink.companies.tests.factories import BuyerFactory, SupplierFactory
from mcelink.demands import collaboration, services
from mcelink.demands.models import Demand, Invitation
from mcelink.demands.nda import NDA_VERSION

SECRET = "SECRET-SPEC-7f3a: 정렬 정밀도 ±1 µm"


class World:
    """Two buyer firms, three supply firms (invited with NDA, invited without, not invited) and one user of
    every other role."""

    def __init__(self, make_user):
        self.buyer_org = BuyerFactory(kind="sme", name_ko="바이어A")
        self.other_buyer_org = BuyerFactory(kind="sme", name_ko="바이어B")
        self.s_nda, self.s_pending, self.s_none = (
            SupplierFactory(name_ko=n) for n in ("공급NDA", "공급초대", "공급무관")
        )
        self.buyer = make_user(Role.DEMAND_FIRM, organization=self.buyer_org, username="w-buyer")
        self.buyer2 = make_user(Role.DEMAND_FIRM, organization=self.buyer_org, username="w-buyer2")
        self.other_buyer = make_user(Role.DEMAND_FIRM, organization=self.other_buyer_org, username="w-other")
        self.sup_nda = make_user(Role.SUPPLY_FIRM, organization=self.s_nda, username="w-sup-nda")
        self.sup_pending = make_user(Role.SUPPLY_FIRM, organization=self.s_pending, username="w-sup-pending")
        self.sup_none = make_user(Role.SUPPLY_FIRM, organization=self.s_none, username="w-sup-none")
        self.pm = make_user(Role.PROGRAM_MANAGER, username="w-pm")
        self.analyst = make_user(Role.ANALYST, username="w-analyst")
        self.reviewer = make_user(Role.REVIEWER, username="w-reviewer")
        self.staff = make_user(Role.STAFF, username="w-staff")

    def users(self):
        return {
            name: getattr(self, name)
            for name in (
                "buyer",
                "other_buyer",
                "sup_nda",
                "sup_pending",
                "sup_none",
                "pm",
                "analyst",
                "reviewer",
                "staff",
            )
        }

    def demand(self, *, public=False, hide_buyer=True, title="비밀 요청 타이틀") -> Demand:
        demand = services.demand_create(
            actor=self.buyer, title=title, summary="요약: 테스트 소켓 정렬", specification=SECRET,
            visibility="summary_public" if public else "invited_only", hide_buyer=hide_buyer,
        )  # fmt: skip
        services.demand_file_add(
            demand=demand, actor=self.buyer, upload=SimpleUploadedFile("drawing.pdf", b"%PDF-1.4 secret drawing")
        )
        return demand

    def open_and_invite(self, demand: Demand) -> tuple[Invitation, Invitation]:
        services.demand_transition(demand=demand, to="open", actor=self.buyer, enqueue_ranking=False)
        nda = collaboration.invitation_create(demand=demand, supplier=self.s_nda, actor=self.buyer)
        pending = collaboration.invitation_create(demand=demand, supplier=self.s_pending, actor=self.buyer)
        collaboration.invitation_accept_nda(invitation=nda, actor=self.sup_nda, terms_version=NDA_VERSION)
        return nda, pending


@pytest.fixture
def world(make_user):
    return World(make_user)
