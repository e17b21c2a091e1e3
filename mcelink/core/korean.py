"""Korean text: particles chosen from the word before them, and names in Korean order.

A particle depends on how the preceding word ends: 이/가, 을/를, 은/는, 과/와, 아/야 and 이라/라 take their first
form after a final consonant (받침); 으로/로 takes 로 after a vowel *and* after ㄹ (서울로, 인천으로). The final is read
from the last Hangul syllable; digits and Latin letters are read as a Korean says them (3 삼, 10 십, 1000 천,
L 엘, M 엠, N 엔, R 알), so "SEMI-15이(가)" becomes "SEMI-15가" (십오). Brackets, quotes and punctuation after the
word are skipped: “반려”(으)로 → “반려”로.
"""

import re

__all__ = ["PAIRS", "full_name", "has_final", "particle", "resolve_particles", "with_particle"]

HANGUL_FIRST, HANGUL_LAST = 0xAC00, 0xD7A3
RIEUL = 8  # ㄹ's index among the finals

# Each pair: (after a final consonant, after a vowel). 으로/로 is handled apart for ㄹ.
PAIRS = {
    "이/가": ("이", "가"),
    "을/를": ("을", "를"),
    "은/는": ("은", "는"),
    "과/와": ("과", "와"),
    "아/야": ("아", "야"),
    "이라/라": ("이라", "라"),
    "으로/로": ("으로", "로"),
}
# The notation translators write when they cannot know the word: "%(name)s을(를)", "“%(s)s”(으)로".
NOTATION = re.compile(r"(이\(가\)|을\(를\)|은\(는\)|과\(와\)|아\(야\)|\(이\)라|\(으\)로)")
NOTATION_PAIRS = {
    "이(가)": "이/가",
    "을(를)": "을/를",
    "은(는)": "은/는",
    "과(와)": "과/와",
    "아(야)": "아/야",
    "(이)라": "이라/라",
    "(으)로": "으로/로",
}

# The final consonant index (0 = none) of each digit and Latin letter as read in Korean.
DIGIT_FINALS = {"0": 21, "1": RIEUL, "2": 0, "3": 16, "4": 0, "5": 0, "6": 1, "7": RIEUL, "8": RIEUL, "9": 0}
# 영 (ㅇ) 일 (ㄹ) 이 삼 (ㅁ) 사 오 육 (ㄱ) 칠 (ㄹ) 팔 (ㄹ) 구; ten 십 (ㅂ), hundred 백 (ㄱ), thousand 천 (ㄴ),
# then 만 (ㄴ), 억 (ㄱ), 조 (none) for each four more zeros.
TENS_FINALS = {1: 17, 2: 1, 3: 4}
MYRIAD_FINALS = [4, 1, 0]
LETTER_FINALS = {"l": RIEUL, "m": 16, "n": 4, "r": RIEUL}  # 엘 엠 엔 알; every other letter ends in a vowel


def _final(word: str) -> int | None:
    """The final consonant index of how the word ends when read aloud; None when it cannot be told."""
    text = str(word).rstrip()
    while text and not (text[-1].isalnum()):
        text = text[:-1]
    if not text:
        return None
    last = text[-1]
    code = ord(last)
    if HANGUL_FIRST <= code <= HANGUL_LAST:
        return (code - HANGUL_FIRST) % 28
    if last.isdigit() and last in DIGIT_FINALS:
        digits = re.search(r"[0-9]+$", text)
        number = digits.group(0).lstrip("0") if digits else ""
        zeros = len(number) - len(number.rstrip("0"))
        if not number or zeros == 0:
            return DIGIT_FINALS[last]
        if zeros < 4:
            return TENS_FINALS[zeros]
        return MYRIAD_FINALS[min(zeros // 4, len(MYRIAD_FINALS)) - 1]
    if last.isascii() and last.isalpha():
        return LETTER_FINALS.get(last.lower(), 0)
    return None


def has_final(word: str) -> bool | None:
    """Whether the word, read in Korean, ends in a consonant (받침); None when it cannot be told."""
    final = _final(word)
    return None if final is None else final != 0


def particle(word: str, pair: str) -> str:
    """The particle of ``pair`` ("이/가", "을/를", "은/는", "과/와", "으로/로", ...) that follows ``word``.

    When the word's ending cannot be told (no letters, say) both forms are kept: "이(가)".
    """
    if pair not in PAIRS:
        raise ValueError(f"Unknown particle pair {pair!r}; expected one of {', '.join(PAIRS)}.")
    after_consonant, after_vowel = PAIRS[pair]
    final = _final(word)
    if final is None:
        return f"{after_consonant}({after_vowel})" if pair != "으로/로" else "(으)로"
    if pair == "으로/로":
        return after_vowel if final in (0, RIEUL) else after_consonant
    return after_consonant if final else after_vowel


def with_particle(word: str, pair: str) -> str:
    """The word followed by its particle: with_particle("인천", "으로/로") → "인천으로"."""
    return f"{word}{particle(word, pair)}"


def resolve_particles(text: str) -> str:
    """Replace the translators' "이(가)", "을(를)", "(으)로"... in a finished sentence by the right particle.

    For messages whose word is filled in at run time: ``resolve_particles(_("%(name)s을(를) 초대했습니다.") % ...)``.
    A sentence without the notation (any English one) comes back unchanged.
    """
    if "(" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        before = text[: match.start()]
        chosen = particle(before, NOTATION_PAIRS[match.group(0)])
        return chosen if "(" not in chosen else match.group(0)

    return NOTATION.sub(replace, text)


def is_hangul(text: str) -> bool:
    return bool(text) and all(HANGUL_FIRST <= ord(c) <= HANGUL_LAST or c.isspace() for c in text)


def full_name(first_name: str, last_name: str) -> str:
    """A person's full name as it is written: 성 then 이름 with no space for a name in Hangul (박지은, on English
    screens too, as Korean names are printed in English-language Korean media), given name first otherwise
    (Jane Smith). Which script the name is in decides, not the screen's language: a Korean screen writes a
    foreign name in its own order as well."""
    first, last = first_name.strip(), last_name.strip()
    if not (first and last):
        return first or last
    if is_hangul(first) and is_hangul(last):
        return f"{last}{first}"
    return f"{first} {last}"
