"""Deterministic generators shared by the default data and `mcelink gen-synthetic`: company names, business
numbers, places and product texts in Korean and English, all drawn from one seeded random source."""

import itertools
import random
from dataclasses import dataclass

from mcelink.companies.validators import business_number_check_digit
from mcelink.seed.vocabulary import CERTIFICATIONS, ITEMS, Item

NAME_HEADS = [
    ("세진", "Sejin"), ("대원", "Daewon"), ("한솔", "Hansol"), ("우진", "Woojin"), ("태성", "Taesung"),
    ("동일", "Dongil"), ("신영", "Shinyoung"), ("미래", "Mirae"), ("성우", "Sungwoo"), ("청라", "Cheongna"),
    ("송도", "Songdo"), ("영종", "Yeongjong"), ("서진", "Seojin"), ("정우", "Jungwoo"), ("유니", "Uni"),
    ("그린", "Green"), ("넥스", "Nex"), ("비전", "Vision"), ("한울", "Hanul"), ("가온", "Gaon"),
    ("누리", "Nuri"), ("다온", "Daon"), ("라온", "Raon"), ("보성", "Boseong"), ("삼우", "Samwoo"),
    ("아진", "Ajin"), ("에스앤", "S&"), ("제일", "Jeil"), ("케이엠", "KM"), ("티엠", "TM"),
    ("하이", "Hi"), ("광명", "Gwangmyeong"), ("경인", "Gyeongin"), ("인성", "Insung"), ("서해", "Seohae"),
]  # fmt: skip
NAME_TAILS = [
    ("정밀", "Precision"), ("테크", "Tech"), ("소재", "Advanced Materials"), ("머티리얼즈", "Materials"),
    ("엔지니어링", "Engineering"), ("시스템", "Systems"), ("레이저", "Laser"), ("세라믹스", "Ceramics"),
    ("이엔지", "ENG"), ("솔루션", "Solutions"), ("메카트로닉스", "Mechatronics"), ("화학", "Chemical"),
    ("반도체", "Semiconductor"), ("인더스트리", "Industries"), ("코리아", "Korea"),
]  # fmt: skip
PLACES = {
    "incheon": ("인천광역시", ["남동구", "서구", "연수구", "부평구", "계양구", "미추홀구", "중구", "동구"]),
    "gyeonggi": ("경기도", ["화성시", "평택시", "이천시", "용인시", "안산시", "시흥시", "수원시", "김포시"]),
    "chungnam": ("충청남도", ["천안시", "아산시"]),
    "chungbuk": ("충청북도", ["청주시", "음성군"]),
    "gyeongbuk": ("경상북도", ["구미시"]),
    "seoul": ("서울특별시", ["금천구", "구로구"]),
}
SURNAMES = ["김", "이", "박", "최", "정", "강", "조", "윤", "장", "임"]
GIVEN = ["민준", "서연", "도윤", "지우", "하준", "수아", "예준", "지민", "현우", "은지", "성호", "미경"]


@dataclass
class Company:
    name_ko: str
    name_en: str
    business_number: str
    region: str
    city: str
    district: str
    size_class: str
    employees: int
    revenue_krw: int
    founded_year: int


@dataclass
class ProductText:
    item: Item
    name_ko: str
    name_en: str
    description_ko: str
    description_en: str
    trl: int
    certifications: list[str]


class Generator:
    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)
        self.numbers: set[str] = set()
        self.names: set[str] = set()

    def business_number(self) -> str:
        while True:
            first = f"{self.random.randint(101, 899)}{self.random.randint(81, 88)}{self.random.randint(0, 9999):04d}"
            number = first + str(business_number_check_digit(first))
            if number not in self.numbers:
                self.numbers.add(number)
                return number

    def company_name(self) -> tuple[str, str]:
        r = self.random
        # Names as firms have them, never numbered ("그린엔지니어링 522572" reads as a placeholder): a random
        # head and tail, and once those keep colliding, the first pair not yet taken.
        for _attempt in range(50):
            (hk, he), (tk, te) = r.choice(NAME_HEADS), r.choice(NAME_TAILS)
            if hk + tk not in self.names:
                self.names.add(hk + tk)
                return hk + tk, f"{he} {te}"
        for (hk, he), (tk, te) in itertools.product(NAME_HEADS, NAME_TAILS):
            if hk + tk not in self.names:
                self.names.add(hk + tk)
                return hk + tk, f"{he} {te}"
        # Beyond the 525 two-part names (synthetic registries of thousands): three parts, then numbers.
        for attempt in range(10_000):
            (h1, e1), (h2, e2), (tk, te) = r.choice(NAME_HEADS), r.choice(NAME_HEADS), r.choice(NAME_TAILS)
            name_ko, name_en = h1 + h2 + tk, f"{e1} {e2} {te}"
            if attempt > 1000:
                n = r.randint(2, 999_999)
                name_ko, name_en = f"{name_ko} {n}", f"{name_en} {n}"
            if name_ko not in self.names:
                self.names.add(name_ko)
                return name_ko, name_en
        raise RuntimeError("could not find a new company name")

    def company(self, region_weights: dict[str, float] | None = None) -> Company:
        r = self.random
        weights = region_weights or {"incheon": 0.55, "gyeonggi": 0.3, "chungnam": 0.05, "chungbuk": 0.04,
                                     "gyeongbuk": 0.03, "seoul": 0.03}  # fmt: skip
        region = r.choices(list(weights), weights=list(weights.values()))[0]
        city, districts = PLACES[region]
        employees = int(r.lognormvariate(3.3, 0.8)) + 3
        name_ko, name_en = self.company_name()
        return Company(
            name_ko=name_ko,
            name_en=name_en,
            business_number=self.business_number(),
            region=region,
            city=city,
            district=r.choice(districts),
            size_class="small" if employees < 50 else "medium" if employees < 300 else "mid_size",
            employees=employees,
            revenue_krw=employees * r.randint(150, 450) * 1_000_000,
            founded_year=r.randint(1985, 2022),
        )

    def product(self, item: Item | None = None) -> ProductText:
        r = self.random
        item = item or r.choice(ITEMS)
        specs = r.sample(range(len(item.spec_ko)), k=r.randint(2, len(item.spec_ko)))
        model = f"{item.key[:2].upper()}-{r.randint(100, 990)}"
        spec_ko = ", ".join(item.spec_ko[i] for i in specs)
        spec_en = ", ".join(item.spec_en[i] for i in specs)
        return ProductText(
            item=item,
            name_ko=f"{item.name_ko} {model}",
            name_en=f"{item.name_en[0].upper()}{item.name_en[1:]} {model}",
            description_ko=f"{item.name_ko} 국산화 제품. {spec_ko}. 후공정 양산 라인 적용 실적 보유.",
            description_en=f"Domestically made {item.name_en}: {spec_en}. Proven on back-end mass-production lines.",
            trl=r.randint(5, 9),
            certifications=r.sample(CERTIFICATIONS, k=r.randint(0, 2)),
        )

    def contact(self) -> tuple[str, str]:
        name = self.random.choice(SURNAMES) + self.random.choice(GIVEN)
        return name, f"010-{self.random.randint(1000, 9999)}-{self.random.randint(1000, 9999)}"
