"""Strategic technology classification, and concepts inferred from a demand's text for matching."""

import pytest

from mcelink.matching import Bridge, Demand, Match, Matcher, SupplierProfile
from mcelink.matching.classify import (
    Classifier,
    ClassifierInferrer,
    StrategicTechnologyEntry,
    TechnologyClassifier,
)
from mcelink.matching.engine import W_INFERRED_CONCEPT
from mcelink.matching.tests.test_classify import NOMENCLATURE

NO_BRIDGE = Bridge({})


def tech(code: str, ko: str, en: str, industry: str = "반도체 Semiconductor") -> StrategicTechnologyEntry:
    """An entry as the sample list (mcelink/data/strategic_technologies.py) writes it."""
    return StrategicTechnologyEntry(
        code=code,
        name_ko=ko,
        name_en=en,
        description_ko=f"{industry.split()[0]} 분야 핵심전략기술(예시): {ko}",
        description_en=f"Key strategic technology (sample): {en}",
        industry=industry,
    )


# Real entries of the sample list, with their codes.
TECHNOLOGIES = [
    tech(
        "SEMI-05",
        "테스트 소켓·프로브카드·자동 테스트 핸들러 기술",
        "Test sockets, probe cards and automatic test handlers",
    ),
    tech(
        "SEMI-09",
        "웨이퍼 핸들링 부품(링 프레임·캐리어·콜렛) 기술",
        "Wafer-handling components (ring frames, carriers, collets)",
    ),
    tech(
        "SEMI-13",
        "레이저 정밀가공(다이싱·그루빙·마킹·접합) 기술",
        "Laser precision processing (dicing, grooving, marking, bonding)",
    ),
    tech(
        "SEMI-15",
        "희토류 저감 자석 및 장비용 자성부품 기술",
        "Rare-earth-reduced magnets and magnetic components for equipment",
    ),
    tech("MACH-16", "희토류 영구자석 기술", "Rare-earth permanent magnets", "기계·금속 Machinery and metals"),
    tech("MACH-23", "레이저 가공기 기술", "Laser processing machines", "기계·금속 Machinery and metals"),
]


def codes(scores) -> list[str]:
    return [c.code for c in scores]


@pytest.fixture(scope="module")
def technologies() -> TechnologyClassifier:
    return TechnologyClassifier(TECHNOLOGIES)  # the default bridge: English ↔ Korean as in the product


def test_a_collet_is_classified_as_wafer_handling_in_english_and_in_korean(technologies):
    for text in ("magnetic collet", "마그네틱 콜렛", "wafer ring frame carrier"):
        ranked = technologies.classify(text, top=3)
        assert ranked[0].code == "SEMI-09", text
        assert ranked[0].name_en.startswith("Wafer-handling") and ranked[0].name_ko.startswith("웨이퍼 핸들링")
    assert codes(technologies.classify("테스트 소켓", top=1)) == ["SEMI-05"]
    assert technologies.classify("", top=3) == ()


def test_a_korean_query_finds_an_english_only_entry_through_the_bridge():
    english_only = TechnologyClassifier(
        [StrategicTechnologyEntry("X-1", name_ko="", name_en="Test sockets"), TECHNOLOGIES[1]]
    )
    best = english_only.classify("테스트 소켓", top=2)[0]
    assert best.code == "X-1"
    assert any(via == "소켓" for _term, via, _fields, _total in best.explanation.by_term())


def test_technologies_are_explained_with_the_words_that_matched(technologies):
    best = technologies.classify("laser dicing", top=2)[0]
    assert best.code == "SEMI-13"
    assert {"laser", "dicing"} <= {term for term, _via, _fields, _total in best.explanation.by_term()}


def test_one_call_classifies_into_hs_codes_and_strategic_technologies():
    classifier = Classifier(NOMENCLATURE, NO_BRIDGE, technologies=TECHNOLOGIES)
    result = classifier.classify("permanent magnets of metal", top=3)
    assert result.headings[0].code == "8505"
    assert result.technologies[0].code == "MACH-16"
    assert Classifier(NOMENCLATURE, NO_BRIDGE).classify("permanent magnets", top=3).technologies == ()


def test_save_and_load_keep_codes_scores_and_technologies(tmp_path):
    classifier = Classifier(NOMENCLATURE, NO_BRIDGE, technologies=TECHNOLOGIES)
    classifier.save(tmp_path / "c")
    loaded = Classifier.load(tmp_path / "c", NO_BRIDGE)
    for text in ("permanent magnets of metal", "웨이퍼 제조용 기계", "laser dicing collet"):
        assert loaded.classify(text, top=5) == classifier.classify(text, top=5)
    assert loaded.technologies is not None and loaded.technologies.entries["SEMI-09"] == TECHNOLOGIES[1]
    alone = TechnologyClassifier(TECHNOLOGIES, NO_BRIDGE)
    alone.save(tmp_path / "t")
    assert TechnologyClassifier.load(tmp_path / "t", NO_BRIDGE).classify("자석", top=3) == alone.classify("자석", top=3)
    Classifier(NOMENCLATURE, NO_BRIDGE).save(tmp_path / "hs-only")
    assert Classifier.load(tmp_path / "hs-only", NO_BRIDGE).technologies is None


def test_duplicate_codes_are_refused():
    with pytest.raises(ValueError, match="duplicate strategic technology code 'SEMI-05'"):
        TechnologyClassifier([TECHNOLOGIES[0], TECHNOLOGIES[0]], NO_BRIDGE)


# -- inference ----------------------------------------------------------------------------------------------
def test_inference_keeps_only_a_clear_winner():
    technologies = TechnologyClassifier(TECHNOLOGIES, NO_BRIDGE)
    inferrer = ClassifierInferrer(technologies=technologies)
    # "laser" fits the laser processing technology of both industries almost equally: no guess.
    assert codes(technologies.classify("laser", top=2)) == ["MACH-23", "SEMI-13"]
    assert inferrer.infer("laser") == ((), ())
    assert inferrer.infer("laser dicing") == ((), ("SEMI-13",))  # dicing settles it
    assert inferrer.infer("collet for die pick-up") == ((), ("SEMI-09",))  # the only match
    assert inferrer.infer("초전도 케이블") == ((), ())  # nothing matches


def test_an_exact_tie_is_no_inference_and_the_ratio_sets_the_bar():
    twins = TechnologyClassifier(
        [
            StrategicTechnologyEntry("A-1", "자석 콜렛", "Magnetic collets"),
            StrategicTechnologyEntry("A-2", "진공 콜렛", "Vacuum collets"),
        ],
        NO_BRIDGE,
    )
    assert ClassifierInferrer(technologies=twins).infer("collet") == ((), ())
    assert ClassifierInferrer(technologies=twins, ratio=1.0).infer("collet") == ((), ("A-1",))  # ties by code
    assert ClassifierInferrer(technologies=twins).infer("vacuum collet") == ((), ("A-2",))


def test_hs_inference_falls_back_to_the_heading_when_subheadings_tie():
    nomenclature = [*NOMENCLATURE, ("850519", "기타", "Other"), ("8505190000", "기타", "Other")]
    inferrer = ClassifierInferrer(hs=Classifier(nomenclature, NO_BRIDGE))
    # Both subheadings of 8505 hold permanent magnets (through the heading's name): only the heading is sure.
    assert inferrer.infer("permanent magnets") == (("8505",), ())
    assert inferrer.infer("alnico permanent magnets") == (("850511",), ())
    assert ClassifierInferrer().infer("anything") == ((), ())


class Recording:
    """A ConceptInferrer that returns fixed concepts and records the texts it was asked about."""

    def __init__(self, hs: tuple[str, ...] = (), technologies: tuple[str, ...] = ()) -> None:
        self.answer = (hs, technologies)
        self.asked: list[str] = []

    def infer(self, text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        self.asked.append(text)
        return self.answer


SUPPLIERS = [
    SupplierProfile(id="words", name="Collet Works", products=("vacuum collet",)),
    SupplierProfile(id="concept", name="Magtron", products=("pick-up tool",), strategic_technologies=("SEMI-09",)),
    SupplierProfile(id="both", name="Hanmi", products=("magnetic collet",), strategic_technologies=("SEMI-09",)),
]


def ids(matches: list[Match]) -> list[str]:
    return [m.supplier_id for m in matches]


def test_an_inferred_concept_finds_suppliers_and_is_reported_apart_from_given_ones():
    inferrer = Recording(technologies=("semi-09",))
    matcher = Matcher.build(SUPPLIERS, NO_BRIDGE, concept_inferrer=inferrer)
    results = matcher.match("magnetic collet", top=5)
    assert inferrer.asked == ["magnetic collet"]
    assert ids(results) == ["both", "words", "concept"]  # found through the inferred concept only
    concept_only = results[2]
    best = Matcher.build(SUPPLIERS, NO_BRIDGE).match("magnetic collet", top=1)[0].score
    assert concept_only.score == pytest.approx(best * W_INFERRED_CONCEPT, abs=1e-6)  # scores: 6 decimals
    explanation = concept_only.explanation
    assert explanation.inferred_concepts == ("SEMI-09",) and explanation.concepts == ()
    assert explanation.summary("en") == "Classifications inferred from the text: ≈SEMI-09"
    assert explanation.summary("ko") == "글에서 추정한 분류: ≈SEMI-09"
    assert "≈SEMI-09" in results[0].explanation.summary("en")
    assert results[1].explanation.inferred_concepts == ()  # "words" does not hold SEMI-09


def test_given_concepts_are_never_replaced_by_inferred_ones():
    inferrer = Recording(technologies=("SEMI-09",))
    matcher = Matcher.build(SUPPLIERS, NO_BRIDGE, concept_inferrer=inferrer)
    results = matcher.match(Demand(text="magnetic collet", strategic_technologies=("SEMI-09",)), top=5)
    assert inferrer.asked == []
    assert results[0].explanation.concepts == ("SEMI-09",) and results[0].explanation.inferred_concepts == ()
    assert "Matching classifications: SEMI-09" in results[0].explanation.summary("en")


def test_without_a_confident_inference_the_ranking_is_the_text_one():
    plain = Matcher.build(SUPPLIERS, NO_BRIDGE).match("magnetic collet", top=5)
    unsure = Matcher.build(SUPPLIERS, NO_BRIDGE, concept_inferrer=Recording()).match("magnetic collet", top=5)
    assert unsure == plain and ids(plain) == ["both", "words"]
