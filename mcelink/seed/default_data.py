"""The default data: every fact of the product brief as a real record, plus plausible sample companies.

Deterministic (one seed) and idempotent (a second load finds the program and changes nothing). Records that
are invented carry ``is_sample=True``; the public bodies, Magtron and Pavonine and their results are facts.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction

from mcelink.accounts.models import Role, User
from mcelink.companies.models import Certification, ContactPerson, Organization, Product, ResearchEquipment
from mcelink.core.audit import audit_record
from mcelink.demands.models import Demand
from mcelink.programs.models import Event, Outcome, Participation, Program, Track
from mcelink.seed.default_demands import load_default_demands
from mcelink.seed.generate import Generator
from mcelink.seed.vocabulary import ITEMS
from mcelink.taxonomy.models import HSCode, StrategicTechnology
from mcelink.taxonomy.services import hs_nomenclature_load, strategic_technologies_load_sample

SEED = 2025
PROGRAM_CODE = "incheon-kitech-semi-2025"
DEMO_PASSWORD = "mcelink-demo-2025"  # noqa: S105 - documented demo accounts, created only by `mcelink demo`
SUPPLY_FIRMS = 320
ITEM = {item.key: item for item in ITEMS}

# The technologies the briefing presented, each as a sample participant's outcome.
BRIEFING_TECHNOLOGIES = [
    ("pt_recycling", "반도체 공정 귀금속(Pt·Pd) 회수·재활용 기술", "Recycling of precious metals (Pt, Pd) from semiconductor processes"),
    ("cmp_disk", "다이아몬드 CMP 디스크", "Diamond CMP disks"),
    ("heat_spacer", "방열 스페이서", "Heat-dissipating spacers"),
    ("laser_bonding", "레이저 정밀가공 및 접합", "Laser precision processing and bonding"),
    ("amorphous_tim", "비정질 열계면소재", "Amorphous thermal interface materials"),
    ("multisocket_align", "HBM용 멀티소켓 자동정렬 시스템", "Multi-socket automatic alignment system for HBM"),
    ("flipchip_cis", "이미지센서용 플립칩 패키징", "Flip-chip packaging for image sensors"),
    ("lead_frame", "전력반도체 리드프레임", "Power-semiconductor lead frames"),
    ("dsc_mold", "양면냉각(DSC) 패키지 몰드", "Double-sided cooling (DSC) package molds"),
    ("sinter_paste", "소결 접합", "Sintering bonding"),
]  # fmt: skip

DEMAND_FIRMS = [
    ("한빛반도체패키징", "Hanbit Semiconductor Packaging", "large", "incheon", "연수구"),
    ("서해테스트", "Seohae Test", "mid_size", "incheon", "서구"),
    ("누리칩스", "Nuri Chips", "mid_size", "gyeonggi", "이천시"),
    ("대한전자", "Daehan Electronics", "large", "gyeonggi", "화성시"),
    ("코리아메모리", "Korea Memory", "large", "gyeonggi", "평택시"),
    ("한결파워모듈", "Hangyeol Power Modules", "mid_size", "chungnam", "천안시"),
]


def load_default_data(*, stdout: Any = None) -> dict[str, int]:
    say = stdout.write if stdout else (lambda _text: None)
    hs_nomenclature_load()
    strategic_technologies_load_sample()
    if Program.objects.filter(code=PROGRAM_CODE).exists():
        if load_default_demands():  # an install from before the demand board gets its demands once
            say("Default demands loaded.")
        else:
            say("The default data is already loaded; nothing changed.")
        return summary()
    with transaction.atomic():
        _Loader(Generator(SEED)).load()
        load_default_demands()
        counts = summary()
        audit_record(actor=None, action="seed.default_data", changes=counts)
    say("Default data loaded: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return counts


def summary() -> dict[str, int]:
    return {
        "organizations": Organization.objects.count(),
        "supply_firms": Organization.objects.filter(is_supply_firm=True).count(),
        "products": Product.objects.count(),
        "programs": Program.objects.count(),
        "participations": Participation.objects.count(),
        "outcomes": Outcome.objects.count(),
        "strategic_technologies": StrategicTechnology.objects.count(),
        "hs_codes": HSCode.objects.count(),
        "demands": Demand.objects.count(),
        "users": User.objects.count(),
    }


class _Loader:
    def __init__(self, gen: Generator) -> None:
        self.gen = gen
        self.techs = {t.code: t for t in StrategicTechnology.objects.all()}
        self.hs = {h.code: h for h in HSCode.objects.filter(level__in=[4, 6])}

    def load(self) -> None:
        incheon, kitech, motie = self.public_bodies()
        demand = [self.demand_firm(*row) for row in DEMAND_FIRMS]
        magtron, pavonine = self.named_participants()
        # The program's 27 firms are Incheon firms, as its tracks are Incheon's.
        incheon_only = {"incheon": 1.0}
        participants = [self.supplier(items=[key], region_weights=incheon_only) for key, _ko, _en in BRIEFING_TECHNOLOGIES]
        participants += [self.supplier(region_weights=incheon_only) for _ in range(27 - 2 - len(participants))]
        for _ in range(SUPPLY_FIRMS - 27):
            self.supplier()
        program = self.program(kitech, incheon)
        self.participations(program, [magtron, pavonine, *participants], demand)
        self.users(kitech=kitech, buyers=demand[:3], suppliers=[magtron, pavonine], agency=motie)

    def org(self, **fields: Any) -> Organization:
        return Organization.objects.create(**fields)

    def public_bodies(self) -> tuple[Organization, Organization, Organization]:
        incheon = self.org(
            kind="public_agency", name_ko="인천광역시", name_en="Incheon Metropolitan City", region="incheon",
            city="인천광역시", district="남동구", size_class="n/a", website="https://www.incheon.go.kr",
            description_ko="2025 인천-KITECH 반도체 R&D 지원사업을 지원한 광역지방자치단체.",
            description_en="The metropolitan city that funded the 2025 Incheon–KITECH Semiconductor R&D Support Program.",
        )  # fmt: skip
        kitech = self.org(
            kind="research_institute", name_ko="한국생산기술연구원", name_en="Korea Institute of Industrial Technology (KITECH)",
            region="chungnam", city="천안시", district="서북구", size_class="n/a", website="https://www.kitech.re.kr",
            description_ko="뿌리·제조 기술 전문 정부출연연구기관. 연구인력과 연구장비로 기업을 지원한다.",
            description_en="Government research institute for manufacturing technology; supports companies with its researchers and equipment.",
        )  # fmt: skip
        for name_ko, name_en, maker in [
            ("전계방출 주사전자현미경", "Field-emission scanning electron microscope", "JEOL"),
            ("열충격 시험기", "Thermal shock chamber", "ESPEC"),
            ("X선 비파괴 검사기", "X-ray non-destructive inspection system", "Nordson"),
            ("3차원 형상 측정기", "3D surface profiler", "Bruker"),
        ]:
            ResearchEquipment.objects.create(
                organization=kitech, name_ko=name_ko, name_en=name_en, maker=maker, bookable=True
            )
        motie = self.org(
            kind="public_agency", name_ko="산업통상자원부", name_en="Ministry of Trade, Industry and Energy",
            region="sejong", city="세종특별자치시", size_class="n/a", website="https://www.motie.go.kr",
            description_ko="소재·부품·장비 핵심전략기술 지정과 R&D 지원을 담당하는 중앙부처.",
            description_en="The ministry that designates key strategic MCE technologies and funds their R&D.",
        )  # fmt: skip
        return incheon, kitech, motie

    def demand_firm(self, name_ko: str, name_en: str, kind: str, region: str, district: str) -> Organization:
        company = self.gen.company()
        return self.org(
            kind=kind, name_ko=name_ko, name_en=name_en, business_number=company.business_number, region=region,
            city="인천광역시" if region == "incheon" else "", district=district, is_demand_firm=True,
            size_class="large" if kind == "large" else "mid_size", employees=company.employees * 40,
            founded_year=company.founded_year, is_sample=True,
            description_ko="반도체 후공정(패키징·테스트) 기업. 국산 소재·부품·장비 공급기업을 찾고 있다.",
            description_en="Semiconductor back-end (packaging and test) company looking for domestic MCE suppliers.",
        )  # fmt: skip

    def named_participants(self) -> tuple[Organization, Organization]:
        magtron = self.org(
            kind="sme", name_ko="마그트론", name_en="Magtron", region="incheon", city="인천광역시", district="남동구",
            is_supply_firm=True, size_class="small",
            description_ko="자석 응용 부품 전문기업. 희토류 사용량을 줄인 마그네틱 콜렛을 후공정 장비에 공급한다.",
            description_en="Maker of magnet-based components; supplies magnet collets with less rare earth to back-end equipment.",
        )  # fmt: skip
        self.add_product(
            magtron, ITEM["magnet_collet"], "희토류 저감 마그네틱 콜렛", "Rare-earth-reduced magnet collet",
            "기존 대비 희토류 사용량을 약 70% 줄인 다이 픽업용 마그네틱 콜렛. 후공정 장비에 적용.",
            "Die pick-up magnet collet using about 70% less rare earth than conventional ones; applied to back-end equipment.",
        )  # fmt: skip
        pavonine = self.org(
            kind="sme", name_ko="파버나인", name_en="Pavonine", region="incheon", city="인천광역시", district="남동구",
            is_supply_firm=True, size_class="medium",
            description_ko="정밀 기구·부품 전문기업. 기존 제품보다 약 47.7% 가벼운 웨이퍼 링 프레임을 개발했다.",
            description_en="Precision mechanical parts maker; developed a wafer ring frame about 47.7% lighter than conventional ones.",
        )  # fmt: skip
        self.add_product(
            pavonine, ITEM["ring_frame"], "경량 웨이퍼 링 프레임", "Lightweight wafer ring frame",
            "기존 제품 대비 약 47.7% 경량화한 웨이퍼 링 프레임.",
            "Wafer ring frame about 47.7% lighter than conventional products.",
        )  # fmt: skip
        return magtron, pavonine

    def add_product(
        self, org: Organization, item: Any, name_ko: str, name_en: str, desc_ko: str, desc_en: str, trl: int = 8
    ) -> Product:
        product = Product.objects.create(
            organization=org, category=item.category, name_ko=name_ko, name_en=name_en,
            description_ko=desc_ko, description_en=desc_en, trl=trl,
        )  # fmt: skip
        product.hs_codes.set([self.hs[c] for c in item.hs if c in self.hs])
        product.strategic_technologies.set([self.techs[item.tech]])
        org.strategic_technologies.add(self.techs[item.tech])
        return product

    def supplier(self, items: list[str] | None = None, region_weights: dict[str, float] | None = None) -> Organization:
        gen = self.gen
        c = gen.company(region_weights)
        chosen = [ITEM[k] for k in items] if items else gen.random.sample(ITEMS, k=gen.random.randint(1, 4))
        org = self.org(
            kind="sme" if c.size_class != "mid_size" else "mid_size", name_ko=c.name_ko, name_en=c.name_en,
            business_number=c.business_number, region=c.region, city=c.city, district=c.district,
            size_class=c.size_class, employees=c.employees, revenue_krw=c.revenue_krw, founded_year=c.founded_year,
            is_supply_firm=True, is_sample=True,
            description_ko=f"반도체 후공정 {', '.join(i.name_ko for i in chosen)} 전문기업.",
            description_en=f"Specialist in {', '.join(i.name_en for i in chosen)} for semiconductor back-end processes.",
        )  # fmt: skip
        for item in chosen:
            text = gen.product(item)
            product = self.add_product(
                org, item, text.name_ko, text.name_en, text.description_ko, text.description_en, text.trl
            )
            product.certifications = text.certifications
            product.save(update_fields=["certifications"])
        for name in gen.random.sample(["ISO 9001", "ISO 14001", "벤처기업", "이노비즈"], k=gen.random.randint(0, 2)):
            Certification.objects.create(organization=org, name=name)
        person, phone = gen.contact()
        ContactPerson.objects.create(
            organization=org, name=person, title="기술영업 팀장", email=f"sales{org.pk}@example.test",
            phone=phone, is_primary=True,
        )  # fmt: skip
        return org

    def program(self, kitech: Organization, incheon: Organization) -> Program:
        program = Program.objects.create(
            code=PROGRAM_CODE, name_ko="2025 인천-KITECH 반도체 R&D 지원사업",
            name_en="2025 Incheon–KITECH Semiconductor R&D Support Program", year=2025,
            status=Program.Status.COMPLETED, operator=kitech, region="incheon",
            start_date=datetime.date(2025, 4, 1), end_date=datetime.date(2025, 12, 31),
            support_types=["R&D", "demonstration", "equipment", "technical assistance", "training"],
            description_ko="인천 소재·부품·장비 기업에 R&D, 실증, 장비·기술 지원(KITECH 연구인력·연구장비), 인력양성을 전주기로 지원.",
            description_en="Full-cycle support for Incheon MCE companies: R&D, demonstration, equipment and technical assistance "
            "(KITECH's researchers and research equipment), and workforce training.",
        )  # fmt: skip
        program.funders.set([incheon])
        tracks = [
            (1, "후공정 특화 뿌리기술 지원", "Root technologies specialized in back-end (packaging/test) processes", 17),
            (2, "패키징 협력사 연계 소부장 기업 발굴·실증", "Identification and validation of MCE companies linked to packaging partner firms", 8),
            (3, "혁신 파트너 기업 발굴·실증", "Identification and validation of innovation partner companies", 2),
        ]  # fmt: skip
        for number, name_ko, name_en, quota in tracks:
            Track.objects.create(program=program, number=number, name_ko=name_ko, name_en=name_en, quota=quota)
        Event.objects.create(
            program=program, kind=Event.Kind.BRIEFING, title_ko="2025 인천-KITECH 반도체 R&D 지원사업 성과보고회",
            title_en="Performance briefing of the 2025 Incheon–KITECH Semiconductor R&D Support Program",
            date=datetime.date(2026, 1, 19), venue="인천",
        )  # fmt: skip
        return program

    def participations(self, program: Program, companies: list[Organization], demand: list[Organization]) -> None:
        """Magtron and Pavonine in track 1 (root technologies for back-end processes: a collet and a ring frame
        are back-end equipment parts); the ten briefing technologies spread over the three tracks."""
        track1, track2, track3 = program.tracks.order_by("number")
        briefing = program.events.get()
        # companies: Magtron, Pavonine, the ten briefing-technology firms, then fifteen more (27 in all).
        by_track = {
            track1: companies[0:2] + companies[2:9] + companies[12:20],  # 2 + 7 + 8 = 17
            track2: companies[9:11] + companies[20:26],  # 2 + 6 = 8, each linked to a demand firm
            track3: [companies[11], companies[26]],  # 2
        }
        for track, orgs in by_track.items():
            for i, org in enumerate(orgs):
                partner = demand[i % 3] if track.number == 2 else None
                product = org.products.first()
                Participation.objects.create(
                    track=track, organization=org, partner=partner,
                    project_title_ko=f"{product.name_ko if product else org.name_ko} 고도화 및 실증",
                    project_title_en=f"Advancement and validation of {product.name_en if product else org.name_en}",
                    support_received=["R&D", "technical assistance"] if track.number == 1 else ["demonstration"],
                )  # fmt: skip
        magtron, pavonine = companies[0], companies[1]
        self.outcome(magtron, briefing, "material_saving", "희토류 사용량 약 70% 저감 마그네틱 콜렛",
                     "Magnet collet using about 70% less rare earth", "희토류 사용량 저감률", "rare-earth reduction",
                     Decimal("70"), "%", "SEMI-15",
                     "희토류 사용량을 약 70% 줄인 마그네틱 콜렛을 개발해 후공정 장비에 적용했다.",
                     "Developed a magnet collet that uses about 70% less rare earth; already applied to back-end equipment.")  # fmt: skip
        self.outcome(magtron, briefing, "new_sales", "마그네틱 콜렛 신규 매출", "New sales of the magnet collet",
                     "신규 매출", "new sales", Decimal("50000000"), "KRW", "SEMI-15",
                     "후공정 장비 적용으로 약 5천만 원의 신규 매출을 올렸다.",
                     "About KRW 50 million of new sales from its use in back-end equipment.")  # fmt: skip
        self.outcome(pavonine, briefing, "weight_reduction", "약 47.7% 경량화한 웨이퍼 링 프레임",
                     "Wafer ring frame about 47.7% lighter", "경량화율", "weight reduction", Decimal("47.7"), "%",
                     "SEMI-09", "기존 제품 대비 약 47.7% 가벼운 웨이퍼 링 프레임을 개발했다.",
                     "Developed a wafer ring frame about 47.7% lighter than conventional products.")  # fmt: skip
        for org, (key, title_ko, title_en) in zip(companies[2:12], BRIEFING_TECHNOLOGIES, strict=True):
            self.outcome(org, briefing, "technology", title_ko, title_en, "", "", None, "", ITEM[key].tech,
                         f"{title_ko} 개발 성과를 성과보고회에서 발표했다.",
                         f"Presented its results on {title_en.lower()} at the briefing.", sample=True)  # fmt: skip

    def outcome(
        self, org: Organization, event: Event, category: str, title_ko: str, title_en: str, metric_ko: str,
        metric_en: str, value: Decimal | None, unit: str, tech: str, summary_ko: str, summary_en: str,
        sample: bool = False,
    ) -> None:  # fmt: skip
        participation = Participation.objects.get(organization=org, track__program=event.program)
        outcome = Outcome.objects.create(
            participation=participation, event=event, category=category, title_ko=title_ko, title_en=title_en,
            metric_ko=metric_ko, metric_en=metric_en, value=value, unit=unit, summary_ko=summary_ko,
            summary_en=summary_en, is_sample=sample,
        )  # fmt: skip
        outcome.strategic_technologies.set([self.techs[tech]])

    def users(
        self, *, kitech: Organization, buyers: list[Organization], suppliers: list[Organization], agency: Organization
    ) -> None:
        accounts = [
            ("pm", Role.PROGRAM_MANAGER, kitech, "지은", "박"),
            ("buyer", Role.DEMAND_FIRM, buyers[0], "도현", "김"),
            ("buyer2", Role.DEMAND_FIRM, buyers[1], "하준", "윤"),
            ("buyer3", Role.DEMAND_FIRM, buyers[2], "예린", "강"),
            ("supplier", Role.SUPPLY_FIRM, suppliers[0], "수민", "이"),
            ("supplier2", Role.SUPPLY_FIRM, suppliers[1], "준서", "조"),
            ("reviewer", Role.REVIEWER, None, "민호", "정"),
            ("analyst", Role.ANALYST, agency, "서윤", "최"),
            ("admin", Role.STAFF, None, "관리자", ""),
        ]
        for username, role, org, first, last in accounts:
            user = User(
                username=username, role=role, organization=org, first_name=first, last_name=last,
                email=f"{username}@example.test", is_staff=role == Role.STAFF, is_superuser=role == Role.STAFF,
            )  # fmt: skip
            user.set_password(DEMO_PASSWORD)
            user.save()


DEMO_ACCOUNTS = ["pm", "buyer", "buyer2", "buyer3", "supplier", "supplier2", "reviewer", "analyst", "admin"]
