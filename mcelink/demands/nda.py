"""The NDA terms a supplier accepts before it sees a specification. The first version is installed by a
migration, so every installation has terms in force; later versions are added in the admin."""

from mcelink.demands.models import NdaTerms

NDA_VERSION = "2025-1"
FIRST_TERMS = {
    "version": NDA_VERSION,
    "text_ko": "1. 공급기업은 수요기업의 상세 사양과 첨부 자료를 이 요청의 검토·제안 목적으로만 사용한다.\n"
    "2. 공급기업은 수요기업의 서면 동의 없이 이를 제3자에게 공개하지 않는다.\n"
    "3. 의무는 요청 종료 후 3년간 유지된다. 위반 시 관련 법령에 따른 책임을 진다.",
    "text_en": "1. The supplier uses the buyer's full specification and attachments only to assess and answer "
    "this request.\n2. The supplier discloses none of it to third parties without the buyer's written "
    "consent.\n3. These duties last three years after the request ends; breaches are liable under the law.",
}


def nda_terms_ensure() -> NdaTerms:
    """The first terms, for databases emptied after migrating (transactional tests, `demo --reset`)."""
    defaults = {k: v for k, v in FIRST_TERMS.items() if k != "version"}
    terms, _created = NdaTerms.objects.get_or_create(version=NDA_VERSION, defaults={**defaults, "is_current": True})
    return terms
