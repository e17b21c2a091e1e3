"""Concepts, feedback, their fusion with the lexical score, and the reverse direction (supplier → demands)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mcelink.matching import (
    Bridge,
    Demand,
    DemandMatch,
    Explanation,
    Feedback,
    Index,
    Match,
    Matcher,
    SupplierProfile,
    TermMatch,
    match_demands,
)
from mcelink.matching.engine import W_CONCEPT

NO_BRIDGE = Bridge({})


def ids(matches: list[Match]) -> list[str]:
    return [m.supplier_id for m in matches]


def plain_ranking(matcher: Matcher, text: str, top: int = 20) -> list[tuple[str, float]]:
    """The ranking before concepts, feedback and fusion: BM25F scores of the words and translations, ties by id."""
    weights = {term: weight for term, (weight, _via) in matcher.query_terms(text).items()}
    scores = matcher.index.score(weights).scores
    live = [s for s in matcher.index.slot.values() if scores[s] > 0]
    order = sorted(live, key=lambda s: (-scores[s], matcher.index.ids[s]))[:top]
    return [(matcher.index.ids[s], round(float(scores[s]), 6)) for s in order]


# -- concepts -----------------------------------------------------------------------------------------------
CONCEPT_SUPPLIERS = [
    SupplierProfile(id="words", name="Chuck Works", products=("wafer chuck",), hs_codes=("9001.10",)),
    SupplierProfile(id="sub6", name="Alpha", products=("ceramic plate",), hs_codes=("7020.00", "8486.90")),
    SupplierProfile(id="sub10", name="Gamma", products=("ceramic ring",), hs_codes=("8486.90-1000",)),
    SupplierProfile(id="heading", name="Beta", products=("ceramic plate",), hs_codes=("848620",)),
    SupplierProfile(id="chapter", name="Delta", products=("ceramic plate",), hs_codes=("8471.50",)),
    SupplierProfile(id="other", name="Epsilon", products=("ceramic plate",), hs_codes=("9001.10",)),
    SupplierProfile(id="tech", name="Zeta", products=("laser",), strategic_technologies=("SEMI-15",)),
]


def test_suppliers_sharing_only_a_concept_are_found_in_hierarchy_order():
    matcher = Matcher.build(CONCEPT_SUPPLIERS, NO_BRIDGE)
    results = matcher.match(Demand(text="wafer chuck", hs_codes=("8486.90-1000",)), top=10)
    # The word match first; then same 10- or 6-digit code (tied at 1.0, so by id), heading, chapter.
    assert ids(results) == ["words", "sub10", "sub6", "heading", "chapter"]
    scores = [m.score for m in results]
    assert scores[1] == scores[2] > scores[3] > scores[4] > 0
    concepts = {m.supplier_id: m.explanation.concepts for m in results}
    assert concepts == {
        "words": (),
        "sub10": ("HS 8486.90-1000",),
        "sub6": ("HS 8486.90",),
        "heading": ("HS 8486",),
        "chapter": ("HS 84",),
    }
    assert results[1].explanation.terms == ()


def test_a_concept_lifts_a_supplier_above_an_equal_word_match_but_not_above_a_better_one():
    suppliers = [
        SupplierProfile(id="a", products=("ceramic plate",)),
        SupplierProfile(id="b", products=("ceramic plate",), strategic_technologies=("SEMI-15",)),
        SupplierProfile(id="c", name="Ceramic Plate Co", products=("ceramic plate", "polishing pad")),
        SupplierProfile(id="d", name="Zeta", strategic_technologies=("SEMI-15",)),
    ]
    matcher = Matcher.build(suppliers, NO_BRIDGE)
    text = "ceramic plate polishing pad"
    assert ids(matcher.match(text)) == ["c", "a", "b"]
    boosted = matcher.match(Demand(text=text, strategic_technologies=("semi-15",)))  # codes compared upper-cased
    # b now beats its twin a; a full concept match alone (d) is worth half the best word match, which here is
    # more than a's two common words.
    assert ids(boosted) == ["c", "b", "d", "a"]
    assert boosted[0].score == matcher.match(text)[0].score
    assert boosted[2].score == pytest.approx(boosted[0].score / 2)
    assert boosted[1].explanation.concepts == ("SEMI-15",) and boosted[3].explanation.concepts == ()


def test_concepts_alone_are_a_query_and_several_concepts_count_by_share_covered():
    suppliers = [
        SupplierProfile(id="both", hs_codes=("8486.90",), strategic_technologies=("SEMI-15",)),
        SupplierProfile(id="tech", strategic_technologies=("SEMI-15",)),
        SupplierProfile(id="code", hs_codes=("848690",)),
        SupplierProfile(id="none", name="nothing in common", hs_codes=("9001",)),
    ]
    matcher = Matcher.build(suppliers, NO_BRIDGE)
    results = matcher.match(Demand(text="", hs_codes=("848690",), strategic_technologies=("SEMI-15",)))
    assert ids(results) == ["both", "code", "tech"]
    # No word matched, so scores are on the fused scale: covering every concept is one full concept match.
    assert [m.score for m in results] == pytest.approx([W_CONCEPT, W_CONCEPT / 2, W_CONCEPT / 2])
    assert matcher.match(Demand(text="  ", hs_codes=("x",))) == []  # no digits: not a code


def test_the_concept_map_follows_changes_to_the_index():
    matcher = Matcher.build(CONCEPT_SUPPLIERS, NO_BRIDGE)
    demand = Demand(text="", strategic_technologies=("SEMI-15",))
    assert ids(matcher.match(demand)) == ["tech"]
    version = matcher.index.version
    matcher.index.upsert(SupplierProfile(id="new", strategic_technologies=("SEMI-15",)))
    assert matcher.index.version > version
    assert ids(matcher.match(demand)) == ["new", "tech"]
    matcher.index.remove("tech")
    assert ids(matcher.match(demand)) == ["new"]
    matcher.index = Index.build(CONCEPT_SUPPLIERS[:1])  # a new index at the same version
    assert matcher.match(demand) == []


def test_hard_filters_apply_to_concept_matches_too():
    suppliers = [
        SupplierProfile(id="in", region="incheon", strategic_technologies=("SEMI-15",)),
        SupplierProfile(id="out", region="busan", strategic_technologies=("SEMI-15",)),
    ]
    matcher = Matcher.build(suppliers, NO_BRIDGE)
    demand = Demand(text="", strategic_technologies=("SEMI-15",), regions=("incheon",))
    assert ids(matcher.match(demand)) == ["in"]


# -- feedback -----------------------------------------------------------------------------------------------
FEEDBACK_SUPPLIERS = [
    SupplierProfile(id="a", name="HBM Socket", products=("HBM test socket",)),
    SupplierProfile(id="b", name="Socket One", products=("test socket",)),
    SupplierProfile(id="c", name="Socket Two", products=("test socket", "probe card")),
    SupplierProfile(id="d", name="Laser House", products=("laser marking machine",)),
]
TEXT = "HBM test socket"


def test_a_dismissal_on_a_similar_demand_sinks_a_supplier_and_a_shortlist_lifts_one():
    matcher = Matcher.build(FEEDBACK_SUPPLIERS, NO_BRIDGE)
    before = matcher.match(TEXT)
    assert ids(before) == ["a", "b", "c"]
    dismissed = matcher.match(Demand(text=TEXT, feedback=(Feedback("test socket for HBM packages", "a", -1),)))
    assert ids(dismissed) == ["b", "c", "a"]
    assert dismissed[-1].explanation.feedback == -1
    shortlisted = matcher.match(Demand(text=TEXT, feedback=(Feedback("HBM test sockets", "c", 1),)))
    assert ids(shortlisted) == ["c", "a", "b"]
    assert shortlisted[0].explanation.feedback == 1 and shortlisted[0].score > before[0].score
    # A shortlist on an identical demand brings in a supplier that no word matches, level with the best word
    # match (the tie broken by id).
    found = matcher.match(Demand(text=TEXT, feedback=(Feedback("HBM test socket", "d", 1),)))
    assert ids(found) == ["a", "d", "b", "c"] and found[1].score == found[0].score
    assert found[1].explanation.terms == () and found[1].explanation.feedback == 1


def test_feedback_is_weighted_by_similarity_and_nets_out():
    matcher = Matcher.build(FEEDBACK_SUPPLIERS, NO_BRIDGE)
    near = matcher.match(Demand(text=TEXT, feedback=(Feedback("HBM test socket", "b", 1),)))
    far = matcher.match(Demand(text=TEXT, feedback=(Feedback("test socket for probe cards and laser", "b", 1),)))
    assert next(m.score for m in near if m.supplier_id == "b") > next(m.score for m in far if m.supplier_id == "b")
    both = (Feedback(TEXT, "a", 1), Feedback(TEXT, "a", -1))
    netted = matcher.match(Demand(text=TEXT, feedback=both))
    assert netted == matcher.match(TEXT)


def test_feedback_on_dissimilar_demands_or_unknown_suppliers_changes_nothing():
    matcher = Matcher.build(FEEDBACK_SUPPLIERS, NO_BRIDGE)
    feedback = (
        Feedback("laser marking machine for wafers", "a", -1),
        Feedback("", "b", 1),
        Feedback(TEXT, "no-such-supplier", 1),
    )
    assert matcher.match(Demand(text=TEXT, feedback=feedback)) == matcher.match(TEXT)
    with pytest.raises(ValueError, match="label must be"):
        Feedback(TEXT, "a", 0)


# -- explanations -------------------------------------------------------------------------------------------
def test_summaries_mention_classifications_and_decisions_in_both_languages():
    terms = (TermMatch(term="socket", field="products", contribution=1.0),)
    explanation = Explanation(terms=terms, products=("test socket",), concepts=("HS 8486.90", "SEMI-15"), feedback=2)
    assert explanation.summary("ko") == (
        "일치한 제품: test socket. 일치한 단어: socket. 일치한 분류: HS 8486.90, SEMI-15. 비슷한 요청에서 선정 2회"
    )
    assert explanation.summary("en") == (
        "Matching products: test socket. Matching words: socket. "
        "Matching classifications: HS 8486.90, SEMI-15. Shortlisted 2 times for similar requests"
    )
    dismissed = Explanation(concepts=("SEMI-15",), feedback=-1, language="ko")
    assert dismissed.summary() == "일치한 분류: SEMI-15. 비슷한 요청에서 제외 1회"
    assert dismissed.summary("en") == "Matching classifications: SEMI-15. Dismissed 1 time for similar requests"
    plain = Explanation(terms=terms, products=("test socket",))
    assert plain.summary() == "Matching products: test socket. Matching words: socket"  # as before


@pytest.mark.slow  # engine-heavy: over 10 s on the 2-core machine
def test_a_match_explains_its_concepts_in_the_demands_language():
    matcher = Matcher.build(CONCEPT_SUPPLIERS, NO_BRIDGE)
    (match,) = matcher.match(Demand(text="레이저 장비", strategic_technologies=("SEMI-15",)))
    assert match.supplier_id == "tech" and match.explanation.language == "ko"
    assert "일치한 분류: SEMI-15" in match.explanation.summary()


# -- unchanged without concepts and feedback -----------------------------------------------------------------
@pytest.mark.slow  # engine-heavy: over 10 s on the 2-core machine
def test_text_only_demands_rank_and_score_exactly_as_plain_bm25f():
    suppliers = [
        SupplierProfile(id="magtron", name="마그트론", products=("희토류 저감 마그네틱 콜렛",), hs_codes=("850519",)),
        SupplierProfile(id="pavonine", name="파버나인", products=("경량 웨이퍼 링 프레임",), hs_codes=("848690",)),
        SupplierProfile(id="diamond", name="Diamond Works", products=("Diamond CMP pad conditioner",)),
        SupplierProfile(id="socket", name="Socket Co", products=("Test socket for HBM", "wafer ring")),
        *FEEDBACK_SUPPLIERS,
    ]
    matcher = Matcher.build(suppliers)  # with the default bridge
    for text in ("wafer ring frame", "웨이퍼 링 프레임", "HBM test socket", "다이아몬드 패드", "magnetic collet"):
        expected = plain_ranking(matcher, text)
        assert expected, text
        assert [(m.supplier_id, m.score) for m in matcher.match(text)] == expected
        assert [(m.supplier_id, m.score) for m in matcher.match(Demand(text=text, id="q"))] == expected


words = st.sampled_from(["socket", "collet", "wafer", "ring", "frame", "diamond", "pad", "laser", "bonding", "mold"])
profiles = st.builds(
    lambda i, name, products, codes: SupplierProfile(
        id=f"s{i}", name=" ".join(name), products=tuple(" ".join(p) for p in products), hs_codes=tuple(codes)
    ),
    st.integers(0, 30),
    st.lists(words, max_size=3),
    st.lists(st.lists(words, min_size=1, max_size=4), max_size=3),
    st.lists(st.sampled_from(["848690", "848620", "8471", "900110"]), max_size=2),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(suppliers=st.lists(profiles, max_size=15), query=st.lists(words, min_size=1, max_size=4))
def test_without_concepts_or_feedback_the_ranking_is_the_lexical_one(suppliers, query):
    matcher = Matcher.build(list({p.id: p for p in suppliers}.values()), NO_BRIDGE)
    text = " ".join(query)
    assert [(m.supplier_id, m.score) for m in matcher.match(text, top=5)] == plain_ranking(matcher, text, top=5)


# -- the reverse direction ----------------------------------------------------------------------------------
DEMANDS = [
    Demand(id="ring", text="Lightweight wafer ring frame for dicing"),
    Demand(id="collet", text="Magnetic collet with less rare earth, 500 units a year"),
    Demand(id="socket", text="HBM test socket, ±5 µm alignment"),
    Demand(id="code-only", text="Looking for a domestic maker", hs_codes=("8505.19",)),
]
MAGTRON = SupplierProfile(
    id="magtron",
    name="마그트론",
    products=("희토류 저감 마그네틱 콜렛",),
    description="반도체 후공정용 자석 부품",
    hs_codes=("850519",),
)


def test_match_demands_ranks_the_relevant_demand_first_through_the_bridge():
    results = match_demands(MAGTRON, DEMANDS)  # a Korean-only profile; English demands
    assert all(isinstance(r, DemandMatch) for r in results)
    assert [r.demand_id for r in results][:2] == ["collet", "code-only"]
    assert "ring" not in {r.demand_id for r in results}
    assert any(t.via for t in results[0].explanation.terms)  # found through translated words
    assert results[1].explanation.concepts == ("HS 8505.19",)
    english = SupplierProfile(id="p", name_en="Pavonine", products=("wafer ring frame",))
    assert match_demands(english, DEMANDS, top=1, bridge=NO_BRIDGE)[0].demand_id == "ring"


def test_match_demands_respects_each_demands_hard_constraints():
    demands = [
        Demand(id="far", text="magnetic collet", regions=("busan",)),
        Demand(id="certified", text="magnetic collet", required_certifications=("ISO 9001",)),
        Demand(id="open", text="magnetic collet"),
    ]
    assert [r.demand_id for r in match_demands(MAGTRON, demands)] == ["open"]
    certified = SupplierProfile(id="m", name_en="Magnetic collet maker", region="busan", certifications=("ISO 9001",))
    assert sorted(r.demand_id for r in match_demands(certified, demands)) == ["certified", "far", "open"]


def test_match_demands_on_empty_input_and_demands_without_ids():
    assert match_demands(MAGTRON, []) == []
    assert match_demands(SupplierProfile(id="blank"), DEMANDS, bridge=NO_BRIDGE) == []
    assert match_demands(MAGTRON, [Demand(id="x", text="   ")]) == []
    with pytest.raises(ValueError, match="position 1 has no id"):
        match_demands(MAGTRON, [Demand(id="a", text="collet"), Demand(text="collet")])
    with pytest.raises(ValueError, match="duplicate demand id 'a'"):
        match_demands(MAGTRON, [Demand(id="a", text="collet"), Demand(id="a", text="ring")])


def test_preferences_reorder_near_equal_suppliers_but_never_add_one():
    from mcelink.matching import Demand, Matcher, SupplierProfile

    profiles = [
        SupplierProfile(id="a", products=("magnetic collet",), region="gyeonggi"),
        SupplierProfile(id="b", products=("magnetic collet",), region="incheon", certifications=("ISO 9001",)),
        SupplierProfile(id="c", products=("magnetic collet for die bonder pick-up",), region="busan"),
        SupplierProfile(id="d", products=("lead frame",), region="incheon"),
    ]
    matcher = Matcher.build(profiles)
    plain = [m.supplier_id for m in matcher.match(Demand(text="magnetic collet"))]
    assert plain.index("a") < plain.index("b")  # tied on words: broken by id
    preferring = Demand(text="magnetic collet", preferred_regions=("incheon",), preferred_certifications=("ISO 9001",))
    ranked = matcher.match(preferring)
    assert [m.supplier_id for m in ranked][0] == "b" and "d" not in [m.supplier_id for m in ranked]
    assert ranked[0].explanation.preferences == ("incheon", "ISO 9001")
    assert "Preferences met: incheon, ISO 9001" in ranked[0].explanation.summary("en")


def test_word_coverage_tells_a_match_on_the_specific_word_from_one_on_a_common_word():
    from mcelink.matching import Matcher, SupplierProfile

    profiles = [SupplierProfile(id=str(i), products=(f"semiconductor equipment part {i}",)) for i in range(20)]
    profiles.append(SupplierProfile(id="collet", products=("semiconductor magnetic collet",)))
    matcher = Matcher.build(profiles)
    by_id = {m.supplier_id: m.explanation for m in matcher.match("semiconductor magnetic collet", top=30)}
    assert by_id["collet"].coverage == 1.0 and not by_id["collet"].weak
    assert by_id["3"].coverage < 0.2 and by_id["3"].weak  # only the common word
