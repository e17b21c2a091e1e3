"""Text → index terms, for Korean and English, the same rules for a demand and for a profile.

Technical tokens are taken out first and kept whole: acronyms (CMP, HBM, DSC), element pairs (Pt/Pd), HS codes
(8486.90), measurements (±5µm).

Latin words are analysed with the English rules wherever they stand, in an English text or inside a Korean one
(a profile joins its Korean and English texts into one field): lower-cased, stop words dropped, plurals folded;
words mixing letters and digits stay whole (SAC305, 6N, 12k); a hyphenated word gives its parts and its joined
form (lead-free → lead, free, leadfree), so that "thermo-compression" meets "thermocompression".

Korean goes through kiwipiepy's morphological analyzer (its model ships with the package); nouns, roots and
hanja are kept, and adjacent nouns are also joined so that a compound (링 + 프레임 → 링프레임) matches however
it is spaced. Kiwi's segmentation depends on the sentence (저점도 is one noun in "저점도 모세관 언더필" and
저/MM 점/NNG 도/JX in "채우는 저점도 충진 수지"), so the glossary's Korean words are given to kiwi as a user
dictionary: such a word is a term whole in every sentence, and also gives the terms kiwi finds in it alone
(열계면소재 → 열계면소재 and 계면, 소재, 열계면, 계면소재), so spacing still does not matter.
"""

import re
from functools import lru_cache
from typing import Any

HANGUL = re.compile(r"[\uac00-\ud7a3]")
TECHNICAL = re.compile(
    r"(?P<pair>\b[A-Z][a-z]?(?:/[A-Z][a-z]?)+\b)"  # Pt/Pd
    r"|(?P<hs>\b\d{4}\.\d{2}(?:[.-]\d{2,4})?\b)"  # 8486.90, 8486.90-1000
    r"|(?P<measure>±?\d+(?:\.\d+)?\s?(?:µm|um|nm|mm|℃|°C|%|W/mK)(?![A-Za-z]))"
)
# A Latin word: letters and digits with at least one letter (SAC305, 6N), hyphenated parts allowed (TO-247).
LATIN_WORD = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*")
ENGLISH_WORD = LATIN_WORD
KEEP_TAGS = {"NNG", "NNP", "XR", "SH"}
NOUN_TAGS = {"NNG", "NNP", "SH"}
# Bumped whenever analysis changes the terms it gives: a saved index of older terms is refused (StaleIndex).
ANALYSIS_VERSION = 2
STOPWORDS = frozenset(
    "a an and are as at be by for from has have in into is it its of on or our over per than that the their "
    "this to under up was we with within without about looking seeking wanted supplier suppliers domestic "
    "local year years unit units neither nor not yet".split()
)


@lru_cache(maxsize=1)
def _kiwi() -> tuple[Any, dict[str, tuple[str, ...]]]:
    """Kiwi with the glossary's Korean words as a user dictionary, and each such word's terms as kiwi finds
    them in the word alone (before the dictionary)."""
    from kiwipiepy import Kiwi

    from mcelink.matching.glossary import dictionary_words

    kiwi = Kiwi()
    parts = {word: tuple(t for t in _korean_terms_with(kiwi, {}, word) if t != word) for word in dictionary_words()}
    for word in parts:
        kiwi.add_user_word(word, "NNG", 0.0)
    return kiwi, parts


def analysis_warm() -> None:
    """Load the Korean analyser now (a pre-forking server calls it before it forks; see config/wsgi.py)."""
    _kiwi()


def dictionary_parts(word: str) -> tuple[str, ...]:
    """The terms kiwi finds in a dictionary word alone, besides the word (희토류 → 희토); () for other words."""
    return _kiwi()[1].get(word, ())


def normalize_english(word: str) -> str:
    word = word.lower()
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _latin_term(word: str) -> str:
    """One Latin word's term, or '' when it is dropped (a stop word, one character, only digits)."""
    if word.isdigit():
        return ""
    if word.isupper() and len(word) >= 2 or any(c.isdigit() for c in word):
        return word.lower()  # an acronym (CMP, HBM) or a letters-and-digits token (SAC305, 6N): kept as is
    term = normalize_english(word)
    return term if term not in STOPWORDS and len(term) > 1 else ""


def _english_terms(text: str) -> list[str]:
    out: list[str] = []
    for word in LATIN_WORD.findall(text):
        parts = [p for p in word.split("-") if p]
        terms = [_latin_term(p) for p in parts]
        if len(parts) > 1:  # lead-free → lead, free, leadfree
            terms.append(_latin_term("".join(parts)))
        out.extend(t for t in terms if t)
    return out


def _korean_terms_with(kiwi: Any, parts: dict[str, tuple[str, ...]], text: str) -> list[str]:
    out: list[str] = []
    previous_noun = ""
    for token in kiwi.tokenize(text):
        if token.tag not in KEEP_TAGS:  # Latin words (SL) are taken by the English rules
            previous_noun = ""
            continue
        form = token.form
        if len(form) > 1 or token.tag == "NNP":
            out.append(form)
            out.extend(parts.get(form, ()))
        if token.tag in NOUN_TAGS and previous_noun:
            out.append(previous_noun + form)
        previous_noun = form if token.tag in NOUN_TAGS else ""
    return out


def _korean_terms(text: str) -> list[str]:
    kiwi, parts = _kiwi()
    return _korean_terms_with(kiwi, parts, text)


@lru_cache(maxsize=200_000)
def analyze(text: str) -> tuple[str, ...]:
    """The terms of ``text``, in order, with repeats (term frequency matters)."""
    if not text:
        return ()
    terms: list[str] = []
    rest = []
    position = 0
    for m in TECHNICAL.finditer(text):
        rest.append(text[position : m.start()])
        terms.append(re.sub(r"\s+", "", m.group(0)).lower())
        position = m.end()
    rest.append(text[position:])
    plain = " ".join(rest)
    if HANGUL.search(plain):
        terms.extend(_korean_terms(plain))
    terms.extend(_english_terms(plain))
    return tuple(terms)


def is_korean(text: str) -> bool:
    hangul = len(HANGUL.findall(text))
    return hangul > 0 and hangul >= len(ENGLISH_WORD.findall(text))
