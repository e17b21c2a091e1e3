import pytest
from django.template import Context, Template
from django.utils import translation

from mcelink.accounts.models import User
from mcelink.core.korean import full_name, has_final, particle, resolve_particles, with_particle


@pytest.mark.parametrize(
    ("word", "pair", "expected"),
    [
        ("인천", "이/가", "이"),
        ("서울", "이/가", "이"),
        ("마그트론", "이/가", "이"),
        ("삼성", "을/를", "을"),
        ("하나", "을/를", "를"),
        ("부품", "은/는", "은"),
        ("소재", "은/는", "는"),
        ("장비", "과/와", "와"),
        ("인천", "으로/로", "으로"),
        ("서울", "으로/로", "로"),  # ㄹ takes 로
        ("반려", "으로/로", "로"),
        ("“반려”", "으로/로", "로"),  # quotes skipped
        ("메가트론(주)", "이/가", "가"),  # 주
        ("3", "을/를", "을"),  # 삼
        ("2", "을/를", "를"),  # 이
        ("1", "으로/로", "로"),  # 일: ㄹ
        ("6", "으로/로", "으로"),  # 육
        ("10", "이/가", "이"),  # 십
        ("100", "이/가", "이"),  # 백
        ("1000", "이/가", "이"),  # 천
        ("2000", "으로/로", "으로"),  # 이천
        ("20000", "이/가", "이"),  # 이만
        ("SEMI-15", "이/가", "가"),  # 십오
        ("HTML", "을/를", "을"),  # 엘
        ("API", "을/를", "를"),  # 아이
        ("Magtron", "이/가", "이"),  # 엔
        ("Korea", "은/는", "는"),
        ("인천", "이라/라", "이라"),
    ],
)
def test_the_particle_follows_how_the_word_ends_when_read(word, pair, expected):
    assert particle(word, pair) == expected


def test_a_word_whose_ending_cannot_be_told_keeps_both_forms():
    assert particle("", "이/가") == "이(가)"
    assert particle("…", "으로/로") == "(으)로"
    assert has_final("…") is None
    with pytest.raises(ValueError, match="Unknown particle pair"):
        particle("인천", "에/에서")


def test_the_notation_in_a_finished_sentence_is_resolved():
    assert resolve_particles("그린엔지니어링을(를) 1분야에서 제외할까요?") == "그린엔지니어링을 1분야에서 제외할까요?"
    assert resolve_particles("하나소재을(를) 초대했습니다.") == "하나소재를 초대했습니다."
    assert resolve_particles("“반려”(으)로 되돌리기") == "“반려”로 되돌리기"
    assert resolve_particles("“검토”에서 “제안”(으)로 이동") == "“검토”에서 “제안”으로 이동"
    assert resolve_particles("HS 코드 8486이(가) 없습니다.") == "HS 코드 8486이 없습니다."  # 육
    assert resolve_particles("Remove Magtron (Incheon) from track 1?") == "Remove Magtron (Incheon) from track 1?"


def test_template_filters():
    html = Template(
        '{% load korean %}{{ a|josa:"이/가" }} {{ b|josa:"으로/로" }}'
        "|{% filter particles %}{{ c }}을(를) 삭제{% endfilter %}"
    )
    # On Korean screens; another test in the same worker may have left English active.
    with translation.override("ko"):
        rendered = html.render(Context({"a": "인천", "b": "서울", "c": "<b>소재</b>"}))
    assert rendered == "인천이 서울로|&lt;b&gt;소재&lt;/b&gt;를 삭제"


def test_the_josa_filter_adds_nothing_on_english_screens():
    with translation.override("en"):
        assert Template('{% load korean %}{{ a|josa:"이/가" }}').render(Context({"a": "Incheon"})) == "Incheon"


def test_names_are_written_family_name_first_in_hangul():
    assert full_name("지은", "박") == "박지은"
    assert full_name("Jane", "Smith") == "Jane Smith"
    assert full_name("지은", "") == "지은"
    assert User(first_name="도현", last_name="김").get_full_name() == "김도현"
    assert with_particle("김도현", "이/가") == "김도현이"
