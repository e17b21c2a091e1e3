from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from mcelink.core.api_pagination import PageNumber
from mcelink.core.api_types import Int32
from mcelink.taxonomy import selectors

router = Router()


class IndustryOut(Schema):
    code: str
    name_ko: str
    name_en: str
    batch: str
    official_count: int | None
    loaded: int


class HSCodeRef(Schema):
    code: str
    level: int
    name_ko: str
    name_en: str


class TechnologyOut(Schema):
    code: str
    industry: str
    name_ko: str
    name_en: str
    description_ko: str
    description_en: str
    related_law: str
    batch: str
    designated_year: int | None
    is_sample: bool

    @staticmethod
    def resolve_industry(obj: Any) -> str:
        return str(obj.industry.code)


class TechnologyDetailOut(TechnologyOut):
    hs_codes: list[HSCodeRef]
    organization_count: int
    product_count: int

    @staticmethod
    def resolve_hs_codes(obj: Any) -> list[Any]:
        return list(obj.hs_codes.all())


class HSCodeOut(HSCodeRef):
    section: str
    child_count: int


class HSCodeDetailOut(HSCodeRef):
    section: str
    ancestors: list[HSCodeRef]
    children: list[HSCodeRef]


class TechnologyFilters(Schema):
    q: str = ""
    industry: str = ""
    sample: str = ""


class HSFilters(Schema):
    q: str = ""
    level: Int32 | None = None
    parent: str = ""
    chapter: str = Field("", pattern=r"^(\d{2})?$", description="only codes of this chapter (2 digits), e.g. 85")


@router.get("/industries", response=list[IndustryOut], operation_id="industry_list", tags=["industries"])
def industries(request: HttpRequest) -> Any:
    return selectors.industry_list()


@router.get("/technologies", response=list[TechnologyOut], operation_id="technology_list", tags=["technologies"])
@paginate(PageNumber)
def technologies(request: HttpRequest, filters: Query[TechnologyFilters]) -> Any:
    return selectors.technology_list(q=filters.q, industry=filters.industry, sample=filters.sample)


@router.get("/technologies/{code}", response=TechnologyDetailOut, operation_id="technology_get", tags=["technologies"])
def technology(request: HttpRequest, code: str) -> Any:
    return selectors.technology_get(code=code)


@router.get("/hs-codes", response=list[HSCodeOut], operation_id="hs_code_list", tags=["hs-codes"])
@paginate(PageNumber)
def hs_codes(request: HttpRequest, filters: Query[HSFilters]) -> Any:
    return selectors.hs_code_list(q=filters.q, level=filters.level, parent=filters.parent, chapter=filters.chapter)


@router.get("/hs-codes/{code}", response=HSCodeDetailOut, operation_id="hs_code_get", tags=["hs-codes"])
def hs_code(request: HttpRequest, code: str) -> Any:
    hs, ancestors, children = selectors.hs_code_get(code=code)
    return {
        "code": hs.code,
        "level": hs.level,
        "name_ko": hs.name_ko,
        "name_en": hs.name_en,
        "section": hs.section,
        "ancestors": ancestors,
        "children": list(children),
    }
