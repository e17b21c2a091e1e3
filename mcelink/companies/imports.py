"""All-or-nothing import of organizations and products from CSV or XLSX.

Every row is checked first and every problem reported ({row, column, value, message}); if there is any,
nothing is written. Otherwise everything is written in one transaction with bulk statements, so that 100k
rows take seconds, not minutes (see docs/benchmarks.md).
"""

import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from mcelink.accounts.models import User
from mcelink.companies.models import (
    REGION_KO,
    MceCategory,
    Organization,
    OrganizationKind,
    Product,
    Region,
    SizeClass,
)
from mcelink.companies.validators import (
    ERR_BUSINESS_NUMBER_CHECK,
    ERR_BUSINESS_NUMBER_FORMAT,
    business_number_check_digit,
    normalize_business_number,
)
from mcelink.core.audit import audit_record
from mcelink.core.jobs import JobProgress
from mcelink.core.tabular import ImportReport, import_lock, table_open
from mcelink.matchmaking.services import matching_changes_enqueue
from mcelink.taxonomy.hs import hs_code_digits, hs_code_error
from mcelink.taxonomy.models import HSCode, StrategicTechnology

logger = logging.getLogger(__name__)

ORGANIZATION_COLUMNS = {
    "business_number": ["사업자등록번호"],
    "kind": ["구분", "기관구분"],
    "name_ko": ["기업명", "기관명", "국문명"],
    "name_en": ["영문명"],
    "region": ["시도", "지역"],
    "city": ["시군구", "시군"],
    "district": ["구"],
    # Not a field of its own: the 동 joins the 구 ("남동구 논현동"), see _address.
    "neighbourhood": ["읍면동", "동"],
    "size_class": ["기업규모"],
    "employees": ["종업원수"],
    "revenue_krw": ["매출액"],
    "founded_year": ["설립연도"],
    "website": ["홈페이지"],
    "is_supply_firm": ["공급기업"],
    "is_demand_firm": ["수요기업"],
    "description_ko": ["기업소개"],
    "description_en": ["영문소개"],
    "strategic_technologies": ["핵심전략기술"],
}
PRODUCT_COLUMNS = {
    "business_number": ["사업자등록번호"],
    "category": ["구분", "품목구분"],
    "name_ko": ["제품명", "국문명"],
    "name_en": ["영문명", "영문제품명"],
    "description_ko": ["제품설명"],
    "description_en": ["영문설명"],
    "hs_codes": ["HS코드", "hs코드"],
    "strategic_technologies": ["핵심전략기술"],
    "trl": ["TRL", "기술성숙도"],
    "certifications": ["인증"],
}
ORGANIZATION_REQUIRED = {"kind", "name_ko"}
PRODUCT_REQUIRED = {"business_number", "category", "name_ko"}

ERR_REQUIRED = gettext_noop("This value is required.")
ERR_CHOICE = gettext_noop("Not one of the accepted values: {choices}.")
ERR_INTEGER = gettext_noop("Must be a whole number.")
ERR_RANGE = gettext_noop("Must be between {low} and {high}.")
ERR_BOOLEAN = gettext_noop("Must be yes or no (y/n, true/false, 1/0, 예/아니오).")
ERR_URL = gettext_noop("Must be a web address starting with http:// or https://.")
ERR_TOO_LONG = gettext_noop("Longer than {n} characters.")
ERR_UNKNOWN_TECH = gettext_noop("Unknown strategic technology code(s): {codes}.")
ERR_DUPLICATE_ROW = gettext_noop("The same business registration number is on row {row}.")
ERR_UNKNOWN_ORGANIZATION = gettext_noop("No organization with this business registration number is registered.")
ERR_CONFLICT = gettext_noop(
    "The registry changed while this file was imported (another import or an edit); nothing was written. Import "
    "the file again."
)

TRUE = {"y", "yes", "true", "1", "예", "o", "○", "네"}
FALSE = {"", "n", "no", "false", "0", "아니오", "아니요", "x", "×"}
URL = re.compile(r"^https?://[^\s/$.?#].[^\s]*$", re.IGNORECASE)


def _choices(choices: list[tuple[str, Any]], extra: dict[str, str] | None = None) -> dict[str, str]:
    """Accept a choice by its value, its English label or its Korean label."""
    from django.utils.translation import override

    lookup = {}
    for value, label in choices:
        lookup[value.lower()] = value
        for language in ("en", "ko"):
            with override(language):
                lookup[str(label).lower()] = value
    return lookup | (extra or {})


KIND = _choices(
    OrganizationKind.choices,
    {"중소기업": "sme", "중견기업": "mid_size", "대기업": "large", "연구소": "research_institute"},
)
REGION = _choices(
    Region.choices,
    {
        f"{ko}{suffix}": key
        for key, ko in REGION_KO.items()
        for suffix in ("", "시", "도", "광역시", "특별시", "특별자치시", "특별자치도")
    } | {"충청북도": "chungbuk", "충청남도": "chungnam", "전라북도": "jeonbuk", "전북특별자치도": "jeonbuk",
         "전라남도": "jeonnam", "경상북도": "gyeongbuk", "경상남도": "gyeongnam", "강원특별자치도": "gangwon",
         "경기도": "gyeonggi"},
)  # fmt: skip
SIZE = _choices(SizeClass.choices, {"소기업": "small", "중기업": "medium", "중견기업": "mid_size", "대기업": "large"})
CATEGORY = _choices(MceCategory.choices, {"소재": "material", "부품": "component", "장비": "equipment"})


class _Row:
    """Checks one row's cells, adding problems to the report as it goes."""

    def __init__(self, report: ImportReport, row: int, rec: dict[str, str], headers: dict[str, str]) -> None:
        self.report, self.row, self.rec, self.headers = report, row, rec, headers
        self.ok = True

    def fail(self, key: str, message: str, value: Any = "") -> None:
        self.ok = False
        self.report.add(self.row, self.headers.get(key, key), message, value)

    def text(self, key: str, max_length: int, required: bool = False) -> str:
        value = self.rec.get(key, "")
        if required and not value:
            self.fail(key, _(ERR_REQUIRED))
        elif len(value) > max_length:
            self.fail(key, _(ERR_TOO_LONG).format(n=max_length), value[:50])
        return value

    def choice(self, key: str, lookup: dict[str, str], required: bool = False) -> str:
        value = self.rec.get(key, "")
        if not value:
            if required:
                self.fail(key, _(ERR_REQUIRED))
            return ""
        found = lookup.get(value.lower()) or lookup.get(value.replace(" ", "").lower())
        if found is None:
            self.fail(key, _(ERR_CHOICE).format(choices=", ".join(sorted(set(lookup.values())))), value)
            return ""
        return found

    def integer(self, key: str, low: int, high: int) -> int | None:
        value = self.rec.get(key, "").replace(",", "")
        if not value:
            return None
        try:
            number = int(float(value)) if re.fullmatch(r"-?\d+(\.0+)?", value) else int(value)
        except ValueError:
            self.fail(key, _(ERR_INTEGER), value)
            return None
        if not low <= number <= high:
            self.fail(key, _(ERR_RANGE).format(low=low, high=high), value)
            return None
        return number

    def boolean(self, key: str) -> bool:
        value = self.rec.get(key, "").strip().lower()
        if value in TRUE:
            return True
        if value not in FALSE:
            self.fail(key, _(ERR_BOOLEAN), value)
        return False

    def codes(self, key: str, known: Callable[[str], int | None], message: str) -> list[int]:
        raw = [c.strip() for c in self.rec.get(key, "").split(";") if c.strip()]
        ids, unknown = [], []
        for code in raw:
            found = known(code)
            (ids.append(found) if found is not None else unknown.append(code))
        if unknown:
            self.fail(key, _(message).format(codes=", ".join(unknown)), ";".join(unknown))
        return ids

    def hs_codes(self, key: str, known: dict[str, int]) -> list[int]:
        """HS codes as people write them, separated by ';' (taxonomy's parser); one error lists the bad ones."""
        ids, bad = [], []
        for text in (c.strip() for c in self.rec.get(key, "").split(";") if c.strip()):
            code = hs_code_digits(text)
            (ids.append(known[code]) if code in known else bad.append(text))
        if bad:
            self.fail(key, hs_code_error(bad).messages[0], ";".join(bad))
        return ids

    def business_number(self, required: bool = False) -> str:
        value = normalize_business_number(self.rec.get("business_number", ""))
        if not value:
            if required:
                self.fail("business_number", _(ERR_REQUIRED))
            return ""
        if len(value) != 10 or not value.isdigit():
            self.fail("business_number", _(str(ERR_BUSINESS_NUMBER_FORMAT)), value)
        elif business_number_check_digit(value[:9]) != int(value[9]):
            self.fail("business_number", _(str(ERR_BUSINESS_NUMBER_CHECK)), value)
        return value


def registry_import(
    *, kind: str, source: str | Path | IO[bytes], actor: User | None, name: str = "", dry_run: bool = False,
    progress: JobProgress | None = None,
) -> dict[str, Any]:  # fmt: skip
    """Import organizations or products (``kind``) from a CSV/XLSX file. All or nothing; returns the report."""
    if kind not in ("organizations", "products"):
        raise ValueError(kind)
    organizations = kind == "organizations"
    opened = table_open(
        source, name=name, columns=ORGANIZATION_COLUMNS if organizations else PRODUCT_COLUMNS,
        required=ORGANIZATION_REQUIRED if organizations else PRODUCT_REQUIRED, progress=progress,
    )  # fmt: skip
    report, headers = opened.report, opened.headers
    if not opened.ok or opened.table is None:
        return report.as_dict()
    if progress:
        progress.start(total=len(opened.table.rows), message=_("checking rows"))
    techs = dict(StrategicTechnology.objects.values_list("code", "id"))
    records = opened.records()
    try:
        if kind == "organizations":
            return _import_organizations(records, report, headers, techs, actor, name, dry_run, progress)
        hs = dict(HSCode.objects.values_list("code", "id"))
        return _import_products(records, report, headers, techs, hs, actor, name, dry_run, progress)
    except IntegrityError:
        # The lock below keeps imports from colliding; an edit made meanwhile (a product's organization deleted,
        # a number given to another organization) still can. The transaction was rolled back as a whole.
        logger.warning("registry import of %s collided with a concurrent change", name, exc_info=True)
        failed = ImportReport()
        failed.add(0, "", _(ERR_CONFLICT))
        return failed.as_dict()


def _address(city: str, district: str, neighbourhood: str) -> dict[str, str]:
    """City and district from a file's 시군구 / 구 / 읍면동 columns: a 시군구 that is a 구 (인천 남동구) is the
    district, "청주시 흥덕구" is both, and a 읍면동 follows its 구 instead of replacing it (인천 남동구 논현동,
    not 인천 논현동)."""
    words = city.split()
    if words and words[-1].endswith("구") and not district:
        district = words.pop()
    city = " ".join(words)
    district = " ".join(p for p in (district, neighbourhood) if p)
    return {"city": city, "district": district[:60]}


def _import_organizations(records, report, headers, techs, actor, name, dry_run, progress):
    existing = dict(Organization.objects.exclude(business_number="").values_list("business_number", "id"))
    seen: dict[str, int] = {}
    parsed: list[tuple[Organization, list[int]]] = []
    for done, (row, rec) in enumerate(records, start=1):
        r = _Row(report, row, rec, headers)
        number = r.business_number()
        if number and number in seen:
            r.fail("business_number", _(ERR_DUPLICATE_ROW).format(row=seen[number]), number)
        elif number:
            seen[number] = row
        website = r.text("website", 200)
        if website and not URL.match(website):
            r.fail("website", _(ERR_URL), website)
        org = Organization(
            id=existing.get(number),
            business_number=number,
            kind=r.choice("kind", KIND, required=True),
            name_ko=r.text("name_ko", 200, required=True),
            name_en=r.text("name_en", 200),
            region=r.choice("region", REGION),
            **_address(r.text("city", 60), r.text("district", 60), r.text("neighbourhood", 60)),
            size_class=r.choice("size_class", SIZE),
            employees=r.integer("employees", 0, 2_000_000),
            revenue_krw=r.integer("revenue_krw", 0, 10**16),
            founded_year=r.integer("founded_year", 1800, 2100),
            website=website,
            is_supply_firm=r.boolean("is_supply_firm"),
            is_demand_firm=r.boolean("is_demand_firm"),
            description_ko=r.rec.get("description_ko", ""),
            description_en=r.rec.get("description_en", ""),
        )
        tech_ids = r.codes("strategic_technologies", techs.get, ERR_UNKNOWN_TECH)
        if r.ok:
            parsed.append((org, tech_ids))
        if progress:
            progress.advance(done)
    if not report.ok or dry_run:
        return report.as_dict(valid_rows=len(parsed) if report.ok else 0)
    if progress:
        progress.advance(len(parsed), message=_("writing"), force=True)
    new = [org for org, _t in parsed if org.id is None]
    old = [org for org, _t in parsed if org.id is not None]
    not_fields = ("strategic_technologies", "business_number", "neighbourhood")
    fields = [f for f in ORGANIZATION_COLUMNS if f not in not_fields]
    through = Organization.strategic_technologies.through
    with transaction.atomic():
        # One registry import writes at a time; the numbers registered are read again under the lock, so that the
        # second of two imports of the same file updates what the first created instead of inserting it again.
        import_lock("companies.registry")
        registered = dict(Organization.objects.exclude(business_number="").values_list("business_number", "id"))
        everything = new + old
        for org in everything:
            org.id = registered.get(org.business_number) if org.business_number else None
        # Lock the rows to update; one deleted since is created again rather than lost.
        known = [o.id for o in everything if o.id is not None]
        still_there: set[int] = set()
        for start in range(0, len(known), 10_000):
            locked = Organization.objects.select_for_update().filter(pk__in=known[start : start + 10_000])
            still_there |= set(locked.values_list("pk", flat=True))
        for org in everything:
            if org.id not in still_there:
                org.id = None
        new = [o for o in everything if o.id is None]
        old = [o for o in everything if o.id is not None]
        Organization.objects.bulk_create(new, batch_size=2000)
        # INSERT … ON CONFLICT (id) DO UPDATE: one statement per batch; bulk_update's CASE per field took minutes.
        Organization.objects.bulk_create(
            old, batch_size=2000, update_conflicts=True, unique_fields=["id"], update_fields=[*fields, "updated_at"]
        )
        through.objects.filter(organization_id__in=[o.id for o in old]).delete()
        through.objects.bulk_create(
            (through(organization_id=org.id, strategictechnology_id=t) for org, ids in parsed for t in ids),
            batch_size=5000,
        )
        audit_record(
            actor=actor,
            action="companies.import",
            changes={"kind": "organizations", "file": name, "created": len(new), "updated": len(old)},
        )
        changed = [o.id for o in new if o.id is not None] + [o.id for o in old]
        matching_changes_enqueue(organization_ids=changed, actor=actor)
        if progress:
            progress.written()  # in this transaction: the job says its work is saved exactly when it is
    return report.as_dict(created=len(new), updated=len(old))


def _import_products(records, report, headers, techs, hs, actor, name, dry_run, progress):
    orgs = dict(Organization.objects.exclude(business_number="").values_list("business_number", "id"))
    parsed: list[tuple[Product, list[int], list[int]]] = []
    for done, (row, rec) in enumerate(records, start=1):
        r = _Row(report, row, rec, headers)
        number = r.business_number(required=True)
        org_id = orgs.get(number)
        if number and r.ok and org_id is None:
            r.fail("business_number", _(ERR_UNKNOWN_ORGANIZATION), number)
        product = Product(
            organization_id=org_id or 0,  # 0 only on a failed row, which is never written
            category=r.choice("category", CATEGORY, required=True),
            name_ko=r.text("name_ko", 200, required=True),
            name_en=r.text("name_en", 200),
            description_ko=r.rec.get("description_ko", ""),
            description_en=r.rec.get("description_en", ""),
            trl=r.integer("trl", 1, 9),
            certifications=[c.strip() for c in r.rec.get("certifications", "").split(";") if c.strip()],
        )
        hs_ids = r.hs_codes("hs_codes", hs)
        tech_ids = r.codes("strategic_technologies", techs.get, ERR_UNKNOWN_TECH)
        if r.ok:
            parsed.append((product, hs_ids, tech_ids))
        if progress:
            progress.advance(done)
    if not report.ok or dry_run:
        return report.as_dict(valid_rows=len(parsed) if report.ok else 0)
    if progress:
        progress.advance(len(parsed), message=_("writing"), force=True)
    hs_through = Product.hs_codes.through
    tech_through = Product.strategic_technologies.through
    with transaction.atomic():
        import_lock("companies.registry")
        Product.objects.bulk_create([p for p, _h, _t in parsed], batch_size=2000)
        hs_through.objects.bulk_create(
            (hs_through(product_id=p.id, hscode_id=h) for p, hs_ids, _t in parsed for h in hs_ids), batch_size=5000
        )
        tech_through.objects.bulk_create(
            (tech_through(product_id=p.id, strategictechnology_id=t) for p, _h, ids in parsed for t in ids),
            batch_size=5000,
        )
        audit_record(
            actor=actor, action="companies.import", changes={"kind": "products", "file": name, "created": len(parsed)}
        )
        matching_changes_enqueue(organization_ids=[p.organization_id for p, _h, _t in parsed], actor=actor)
        if progress:
            progress.written()  # in this transaction: the job says its work is saved exactly when it is
    return report.as_dict(created=len(parsed), updated=0)
