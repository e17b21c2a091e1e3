"""Text → index terms, for Korean and English.

Korean goes through kiwipiepy's morphological analyzer (its model ships with the package); nouns, roots and
foreign words are kept, and adjacent nouns are also joined so that a compound (링 + 프레임 → 링프레임) matches
however it is spaced. English is lower-cased, stop words dropped and plurals folded. Technical tokens are
taken out first and kept whole: acronyms (CMP, HBM, DSC), element pairs (Pt/Pd), HS codes (8486.90),
measurements (±5µm).
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
ENGLISH_WORD = re.compile(r"[A-Za-z][A-Za-z0-9+-]*")
KEEP_TAGS = {"NNG", "NNP", "XR", "SL", "SH"}
NOUN_TAGS = {"NNG", "NNP", "SL", "SH"}
STOPWORDS = frozenset(
    "a an and are as at be by for from has have in into is it its of on or our over per than that the their "
    "this to under up was we with within without about looking seeking wanted supplier suppliers domestic "
    "local year years unit units".split()
)


@lru_cache(maxsize=1)
def _kiwi() -> Any:
    from kiwipiepy import Kiwi

    return Kiwi()


def normalize_english(word: str) -> str:
    word = word.lower()
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _english_terms(text: str) -> list[str]:
    out = []
    for word in ENGLISH_WORD.findall(text):
        if word.isupper() and len(word) >= 2:
            out.append(word.lower())  # an acronym: CMP, HBM, TSV
            continue
        term = normalize_english(word)
        if term not in STOPWORDS and len(term) > 1:
            out.append(term)
    return out


def _korean_terms(text: str) -> list[str]:
    out: list[str] = []
    previous_noun = ""
    for token in _kiwi().tokenize(text):
        if token.tag not in KEEP_TAGS:
            previous_noun = ""
            continue
        form = token.form
        if token.tag == "SL":
            out.extend(_english_terms(form))
            previous_noun = ""
            continue
        if len(form) > 1 or token.tag == "NNP":
            out.append(form)
        if token.tag in NOUN_TAGS and previous_noun:
            out.append(previous_noun + form)
        previous_noun = form if token.tag in NOUN_TAGS else ""
    return out


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
    terms.extend(_korean_terms(plain) if HANGUL.search(plain) else _english_terms(plain))
    return tuple(terms)


def is_korean(text: str) -> bool:
    hangul = len(HANGUL.findall(text))
    return hangul > 0 and hangul >= len(ENGLISH_WORD.findall(text))
