from mcelink.matching import Bridge, analyze
from mcelink.matching.glossary import dictionary_words


def test_latin_words_inside_korean_text_get_the_english_rules():
    korean_profile = set(analyze("무연 솔더볼 Lead-free SAC305 solder balls"))
    english_query = set(analyze("lead-free SAC305 spheres"))
    assert {"leadfree", "lead", "free", "sac305"} <= korean_profile & english_query
    assert {"무연", "솔더볼", "solder", "ball"} <= korean_profile


def test_hyphenated_words_give_their_parts_and_their_joined_form():
    assert set(analyze("thermo-compression bonder")) == {"thermo", "compression", "thermocompression", "bonder"}
    assert "thermocompression" in analyze("thermocompression bonding tool")
    assert analyze("pick-up") == ("pick", "pickup")  # "up" is a stop word, not the joined form
    assert set(analyze("FC-BGA substrate")) == {"fc", "bga", "fcbga", "substrate"}


def test_letters_and_digits_stay_whole_with_the_technical_tokens():
    terms = analyze("SAC305, 6N purity, 12k UPH, TO-247, Pt/Pd, HS 8486.90-1000, ±5 µm")
    assert {"sac305", "6n", "12k", "uph", "to247", "pt/pd", "8486.90-1000", "±5µm"} <= set(terms)
    assert "sac" not in terms and "247" not in terms  # no bare number from a hyphen
    assert set(analyze("HBM용 SAC305 솔더볼")) >= {"hbm", "sac305", "솔더볼"}


def test_a_dictionary_word_is_whole_whatever_the_sentence():
    assert "저점도" in dictionary_words()
    query = analyze("플립칩 칩 아래를 채우는 저점도 충진 수지")  # kiwi alone: 저/MM 점/NNG 도/JX
    product = analyze("저점도 모세관 언더필")
    assert "저점도" in query and "저점도" in product and "충진" in query
    assert "저점도" in analyze("저점도의 언더필을")  # a particle does not change the word


def test_a_dictionary_word_still_gives_the_terms_kiwi_finds_in_it():
    assert {"희토류", "희토"} <= set(analyze("희토류를 적게 쓰는 자석"))
    assert {"언더필", "언더"} <= set(analyze("언더필"))
    assert "링프레임" in analyze("링 프레임") and "링프레임" in analyze("링프레임")


PAIRS = [
    *[("테이프", "tape")] * 6,
    *[("자기 테이프", "magnetic tape")] * 3,
    *[("자기 디스크", "magnetic disk")] * 4,
    *[("자기 카드", "magnetic card")] * 4,
    ("포장 단위 무게", "immediate packing"),
    ("무게 기준", "immediate weight"),
    ("텅스텐", "tungsten"),
    ("텅스텐 선", "tungsten wire"),
]


def test_the_bridge_drops_a_weak_second_translation_and_keeps_the_good_one():
    bridge = Bridge.learn(PAIRS)
    assert bridge.translate("테이프") == ("tape",)  # "magnetic" (Dice 0.3 against 1.0) is dropped
    assert bridge.translate("텅스텐") == ("tungsten",)  # seen together twice: enough
    loose = Bridge.learn(PAIRS, min_ratio=0.0)
    assert loose.translate("테이프") == ("tape", "magnetic")


def test_a_pair_seen_once_is_no_translation():
    bridge = Bridge.learn([("텅스텐", "tungsten"), ("몰리브덴", "molybdenum"), ("몰리브덴", "molybdenum")])
    assert bridge.translate("텅스텐") == () and bridge.translate("몰리브덴") == ("molybdenum",)


def test_glossary_entries_pair_words_in_order_and_hyphenated_words_joined():
    bridge = Bridge.learn([], [("캐리어 테이프", "carrier tape"), ("무연", "lead-free")])
    assert bridge.translate("테이프") == ("tape",) and bridge.translate("캐리어") == ("carrier",)
    assert set(bridge.translate("캐리어테이프")) == {"carrier", "tape"}
    assert bridge.translate("무연") == ("leadfree",) and bridge.translate("lead") == ()
