# ruff: noqa: C408 - dict(key=...) rows read as a table of facts, as the other seed tables do
"""Default demands: what the packaging partners of the 2025 Incheon program asked for, at every workflow stage.

Each demand is written through the demand services, so its history, audit log and invitations are what a
real user's actions leave; the dates of its history are then spread over 2025 so that the program manager's
funnel has time in stage to show. Magtron's magnet collet is the adopted one, as in the program's results.
"""

import datetime
from typing import Any

from django.db import transaction

from mcelink.accounts.models import Role, User
from mcelink.companies.models import Organization
from mcelink.core.models import Notification
from mcelink.demands import collaboration, services
from mcelink.demands.models import (
    Demand,
    Invitation,
    Message,
    Proposal,
    Status,
    Validation,
    ValidationStage,
)
from mcelink.demands.nda import NDA_VERSION, nda_terms_ensure
from mcelink.demands.workflows import PROGRESS
from mcelink.programs.models import Outcome
from mcelink.seed.vocabulary import ITEMS
from mcelink.taxonomy.models import HSCode, StrategicTechnology


def _org(name_en: str) -> Organization:
    return Organization.objects.get(name_en=name_en)


def _briefing_firm(title_ko: str) -> Organization:
    return (
        Outcome.objects.select_related("participation__organization").get(title_ko=title_ko).participation.organization
    )


def _supplier_user(org: Organization, n: int) -> User:
    user = User.objects.filter(organization=org, role=Role.SUPPLY_FIRM).first()
    if user is None:
        user = User(username=f"supplier-{n}", role=Role.SUPPLY_FIRM, organization=org, first_name=org.name_ko,
                    email=f"supplier-{n}@example.test")  # fmt: skip
        user.set_unusable_password()
        user.save()
    return user


ITEM = {item.key: item for item in ITEMS}

# Each demand: buyer account, texts, category, vocabulary item (it gives the strategic technology), HS code,
# import source, volume, target price, the stage it reached, the supplier (Magtron, Pavonine or the firm of a
# briefing technology) and the reason when rejected.
DEMANDS: list[dict[str, Any]] = [
    dict(buyer="buyer", title="다이 픽업용 마그네틱 콜렛 국산화",
         summary="후공정 다이 본더용 마그네틱 콜렛. 희토류 사용량을 줄인 국산 제품을 찾습니다.",
         specification="다이 크기 2~12 mm, 픽업 흡착력 0.8 N 이상, 연속 200만 회 픽업 수명, 비자성 오염 없음. "
                       "현재 일본산 콜렛을 연 12,000개 사용.",
         category="component", item="magnet_collet", hs="848690", country="JP", foreign="일본 A사", volume=12000,
         unit="pcs", price=42000, stage=Status.ADOPTED, supplier="Magtron", contract=50_000_000),
    dict(buyer="buyer", title="경량 웨이퍼 링 프레임",
         summary="웨이퍼 마운트·다이싱 공정용 링 프레임. 기존 대비 가벼운 제품을 원합니다.",
         specification="12인치 웨이퍼용, SEMI G74 호환, 무게 기존 대비 40% 이상 절감, 평탄도 0.2 mm 이하.",
         category="component", item="ring_frame", hs="848690", country="JP", foreign="일본 B사", volume=30000,
         unit="pcs", price=9000, stage=Status.LINE_TEST, supplier="Pavonine"),
    dict(buyer="buyer2", title="HBM용 멀티소켓 자동정렬 시스템",
         summary="HBM 테스트용 멀티소켓 자동정렬 장비. 정렬 정밀도가 중요한 과제입니다.",
         specification="소켓 16개 동시 정렬, 정렬 정밀도 ±5 µm, 택트타임 3초 이하, 기존 핸들러와 인터페이스 호환.",
         category="equipment", item="multisocket_align", hs="903180", country="US", foreign="미국 C사", volume=4,
         unit="sets",
         price=350_000_000, stage=Status.PROPOSAL, supplier="HBM용 멀티소켓 자동정렬 시스템"),
    dict(buyer="buyer3", title="다이아몬드 CMP 패드 컨디셔너 디스크",
         summary="CMP 공정용 다이아몬드 디스크(패드 컨디셔너). 수명과 스크래치 결함이 관건입니다.",
         specification="4인치 디스크, 다이아몬드 돌출 높이 편차 5 µm 이하, 수명 40시간 이상, 금속 오염 ppb 수준.",
         category="component", item="cmp_disk", hs="680421", country="US", foreign="미국 D사", volume=2400, unit="pcs",
         price=380_000, stage=Status.INVITED, supplier="다이아몬드 CMP 디스크"),
    dict(buyer="buyer", title="전력반도체 모듈용 리드프레임",
         summary="전력반도체 패키지용 구리 리드프레임. 도금 품질이 안정적인 공급사를 찾습니다.",
         specification="C194 구리, 두께 0.5 mm, 은 스팟 도금, 평탄도 30 µm 이하.",
         category="component", item="lead_frame", hs="854190", country="JP", foreign="", volume=2_000_000, unit="pcs",
         price=120, stage=Status.SHORTLISTING, supplier=None, public=True),
    dict(buyer="buyer2", title="비정질 열계면소재(TIM) 공급",
         summary="고발열 패키지용 열계면소재. 열전도도가 높고 펌프아웃이 적은 소재를 찾습니다.",
         specification="열전도도 8 W/mK 이상, 본드라인 두께 30 µm 이하, 1,000 사이클 열충격 후 열저항 증가 10% 이내.",
         category="material", item="amorphous_tim", hs="382499", country="US", foreign="", volume=800, unit="kg",
         price=900_000, stage=Status.OPEN, supplier=None, public=True, hide_buyer=False),
    dict(buyer="buyer3", title="양면냉각(DSC) 파워모듈 패키지 몰드",
         summary="양면냉각 전력모듈 패키지 성형용 금형.",
         specification="트랜스퍼 몰드, 캐비티 8개, 치수 공차 ±10 µm, 금형 수명 50만 샷.",
         category="equipment", item="dsc_mold", hs="848071", country="DE", foreign="독일 E사", volume=2, unit="sets",
         price=180_000_000, stage=Status.SAMPLE_TEST, supplier="양면냉각(DSC) 패키지 몰드"),
    dict(buyer="buyer", title="소결 접합용 은 페이스트",
         summary="SiC 전력모듈 다이 어태치용 은 소결 페이스트.",
         specification="무가압 또는 저가압(10 MPa 이하) 소결, 접합 강도 30 MPa 이상, 250 °C 신뢰성.",
         category="material", item="sinter_paste", hs="710691", country="JP", foreign="", volume=50, unit="kg",
         price=2_500_000, stage=Status.DRAFT, supplier=None),
    dict(buyer="buyer2", title="레이저 정밀 접합 장비",
         summary="패키지 리드 접합용 레이저 용접 장비.",
         specification="파이버 레이저 500 W, 용접 위치 정밀도 ±10 µm, 인라인 비전 검사 포함.",
         category="equipment", item="laser_bonding", hs="851580", country="DE", foreign="", volume=1, unit="set",
         price=600_000_000, stage=Status.REJECTED, supplier="레이저 정밀가공 및 접합", reason="cost"),
    dict(buyer="buyer3", title="방열 스페이서",
         summary="전력모듈용 방열 스페이서(구리-몰리브덴).",
         specification="Cu-Mo 복합, 열팽창계수 7 ppm/K, 두께 1.0 mm ± 0.02 mm.",
         category="component", item="heat_spacer", hs="810299", country="CN", foreign="", volume=100_000, unit="pcs",
         price=1500, stage=Status.WITHDRAWN, supplier=None),
    dict(buyer="buyer", title="공정 폐액 백금·팔라듐 회수",
         summary="반도체 공정 폐액·스크랩에서 Pt/Pd 회수 위탁.",
         specification="월 200 kg 스크랩, 회수율 95% 이상, 정산 주기 월 1회.",
         category="material", item="pt_recycling", hs="711292", country="JP", foreign="", volume=2400, unit="kg",
         price=None, stage=Status.CLOSED, supplier=None),
]  # fmt: skip

# The days a default demand stayed in each state.
PATH = list(PROGRESS)
DAYS: dict[str, int] = {Status.DRAFT: 3, Status.OPEN: 9, Status.SHORTLISTING: 6, Status.INVITED: 12,
                        Status.PROPOSAL: 15, Status.SAMPLE_TEST: 30, Status.LINE_TEST: 45}  # fmt: skip


def load_default_demands() -> int:
    if Demand.objects.filter(is_sample=True).exists():
        return 0
    nda_terms_ensure()
    buyers = {u.username: u for u in User.objects.filter(username__in=["buyer", "buyer2", "buyer3"])}
    base = datetime.datetime(2025, 3, 3, 9, 0, tzinfo=datetime.UTC)
    with transaction.atomic():
        for n, spec in enumerate(DEMANDS):
            _load_one(spec, buyers[spec["buyer"]], n, base + datetime.timedelta(days=11 * n))
    return len(DEMANDS)


def _load_one(spec: dict[str, Any], buyer: User, n: int, start: datetime.datetime) -> Demand:
    demand = services.demand_create(
        actor=buyer, title=spec["title"], summary=spec["summary"], specification=spec["specification"],
        category=spec["category"],
        strategic_technology=StrategicTechnology.objects.filter(code=ITEM[spec["item"]].tech).first(),
        hs_code=HSCode.objects.filter(code=spec["hs"]).first(), source_country=spec["country"],
        source_supplier=spec["foreign"], annual_volume=spec["volume"], volume_unit=spec["unit"],
        target_price_krw=spec["price"], visibility="summary_public" if spec.get("public") else "invited_only",
        hide_buyer=spec.get("hide_buyer", True),
        needed_by=(start + datetime.timedelta(days=240)).date(),
        # The program's partners in Incheon prefer suppliers of their own region.
        preferred_region="incheon" if buyer.organization and buyer.organization.region == "incheon" else "",
    )  # fmt: skip
    Demand.objects.filter(pk=demand.pk).update(is_sample=True)
    target = spec["stage"]
    ending = target if target in (Status.REJECTED, Status.WITHDRAWN, Status.CLOSED) else None
    reach = {Status.REJECTED: Status.PROPOSAL, Status.WITHDRAWN: Status.OPEN, Status.CLOSED: Status.SHORTLISTING}
    last = reach.get(target, target)

    def move(to: str, actor: User = buyer, **kw: Any) -> None:
        services.demand_transition(demand=demand, to=to, actor=actor, enqueue_ranking=False, **kw)

    if last != Status.DRAFT:
        move(Status.OPEN)
    supplier_org = None
    if spec["supplier"]:
        name = spec["supplier"]
        supplier_org = _org(name) if name in ("Magtron", "Pavonine") else _briefing_firm(name)
    for stage in PATH[1 : PATH.index(last) + 1] if last in PATH else []:
        if stage == Status.SHORTLISTING:
            move(Status.SHORTLISTING, reason="후보 공급기업 검토")
        elif stage == Status.INVITED and supplier_org is not None:
            invitation = collaboration.invitation_create(demand=demand, supplier=supplier_org, actor=buyer,
                                                         note="상세 사양 검토 후 제안 부탁드립니다.")  # fmt: skip
            supplier = _supplier_user(supplier_org, n)
            if PATH.index(last) > PATH.index(Status.INVITED) or target == Status.REJECTED:
                collaboration.invitation_accept_nda(invitation=invitation, actor=supplier, terms_version=NDA_VERSION)
                collaboration.message_post(
                    invitation=invitation, actor=supplier, body="사양 확인했습니다. 샘플 일정 협의 가능합니다."
                )
        elif stage == Status.PROPOSAL and supplier_org is not None:
            collaboration.proposal_submit(
                invitation=invitation, actor=supplier, unit_price_krw=int((spec["price"] or 1000) * 0.85),
                lead_time_days=45, note="국산화 제안: 목표가 대비 15% 절감, 납기 45일.",
            )  # fmt: skip
        elif stage == Status.SAMPLE_TEST:
            collaboration.validation_start(invitation=invitation, actor=buyer, stage=ValidationStage.SAMPLE,
                                           test_plan="샘플 30개, 자사 라인 조건 신뢰성 시험")  # fmt: skip
            if last != Status.SAMPLE_TEST:
                collaboration.validation_record(demand=demand, actor=buyer, passed=True, result="샘플 30개 전수 합격")
        elif stage == Status.LINE_TEST:
            collaboration.validation_start(invitation=invitation, actor=buyer, stage=ValidationStage.LINE,
                                           test_plan="양산 라인 3개월 적용 평가")  # fmt: skip
            if last != Status.LINE_TEST:
                collaboration.validation_record(demand=demand, actor=buyer, passed=True, result="양산성 평가 합격")
        elif stage == Status.ADOPTED:
            collaboration.demand_adopt(demand=demand, actor=buyer, contract_value_krw=spec["contract"],
                                       contract_start=datetime.date(2025, 10, 1))  # fmt: skip
    if ending == Status.REJECTED:
        move(Status.REJECTED, reason="제안 단가가 목표가를 크게 초과", reason_code=spec["reason"])
    elif ending is not None:
        move(ending, reason="내부 사양 변경으로 요청 종료")
    _spread_history(demand, start)
    return demand


def _spread_history(demand: Demand, start: datetime.datetime) -> None:
    """Give the history realistic dates: each state lasted DAYS[state] days, starting at ``start``."""
    at = start
    changes = list(demand.status_changes.order_by("at", "id"))
    for change in changes:
        change.at = at
        change.save(update_fields=["at"])
        at += datetime.timedelta(days=DAYS.get(change.to_status, 1))
    last = changes[-1].at
    Demand.objects.filter(pk=demand.pk).update(
        created_at=start, status_changed_at=last,
        adopted_at=last if demand.status == Status.ADOPTED else None,
    )  # fmt: skip
    # What happened inside a stage is dated within it: the NDA two days after the invitation, the message a day
    # later, the proposal when the proposal stage began, each test when its stage began and decided as it ended.
    entered = {c.to_status: c.at for c in changes}
    day = datetime.timedelta(days=1)
    for invitation in demand.invitations.all():
        invited = entered.get(Status.INVITED, start)
        Invitation.objects.filter(pk=invitation.pk).update(created_at=invited, updated_at=invited)
        if invitation.nda_accepted_at:
            Invitation.objects.filter(pk=invitation.pk).update(nda_accepted_at=invited + 2 * day)
        Message.objects.filter(invitation=invitation).update(created_at=invited + 3 * day)
        Proposal.objects.filter(invitation=invitation).update(created_at=entered.get(Status.PROPOSAL, invited))
        for stage, status, following in (
            (ValidationStage.SAMPLE, Status.SAMPLE_TEST, Status.LINE_TEST),
            (ValidationStage.LINE, Status.LINE_TEST, Status.ADOPTED),
        ):
            began = entered.get(status, invited)
            Validation.objects.filter(invitation=invitation, stage=stage).update(started_at=began)
            Validation.objects.filter(invitation=invitation, stage=stage).exclude(passed=None).update(
                decided_at=entered.get(following, began + day)
            )
    Notification.objects.filter(url__contains=f"/demands/{demand.pk}/").update(created_at=last)
    for invitation in demand.invitations.all():
        Notification.objects.filter(url=f"/demands/invitations/{invitation.pk}/").update(created_at=last)
