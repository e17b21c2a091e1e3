"""The one HS-code parser and validator. Forms, the API, the table imports and the searches all use it.

A code is written with digits and, between them, dots, dashes or spaces: "8486.20-1000", "848620 1000",
"8486 20". A code given as a code (a product's, a demand's) has 2, 4, 6 or 10 digits: the HS chapter, heading
and subheading, and the Korean HSK line. The HSK table's 5-, 7-, 8- and 9-digit entries are grouping lines
with lines below them, under which nothing is declared; they can be browsed, not given. A search takes any
prefix. The digits and the dotted writing are the engine's (``mcelink.matching.hscode``), which must not import
Django; the nomenclature's rules and the translated message are here.
"""

import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from mcelink.matching.hscode import format_hs, hs_digits

__all__ = [
    "ERR_HS_CODE", "HS_CODE_LENGTHS", "format_hs", "hs_code_digits", "hs_code_error", "hs_code_prefix", "hs_digits",
    "parse_hs_code",
]  # fmt: skip

HS_CODE_LENGTHS = (2, 4, 6, 10)
ERR_HS_CODE = _(
    "Not a code of the HS/HSK nomenclature: %(codes)s. An HS code has 2, 4, 6 or 10 digits, "
    "e.g. 8486.20 or 8486.20-1000."
)
WRITTEN_AS_CODE = re.compile(r"\d[\d.\- ]*")


def hs_code_prefix(text: str) -> str:
    """The digits of ``text`` when it is written as a code (any length: a search prefix), else ''."""
    text = text.strip()
    return hs_digits(text) if WRITTEN_AS_CODE.fullmatch(text) else ""


def hs_code_digits(text: str) -> str:
    """The digits of ``text`` when it is written as a code of 2, 4, 6 or 10 digits, else ''."""
    digits = hs_code_prefix(text)
    return digits if len(digits) in HS_CODE_LENGTHS else ""


def parse_hs_code(text: str) -> str:
    """"8486.20-1000" → "8486201000"; ``ValidationError(ERR_HS_CODE)`` unless it is written as a code of 2, 4, 6
    or 10 digits. Whether the nomenclature holds it is ``selectors.hs_codes_resolve``'s question."""
    digits = hs_code_digits(text)
    if not digits:
        raise hs_code_error([text.strip()])
    return digits


def hs_code_error(texts: Iterable[str]) -> ValidationError:
    """The one error for codes that are not codes or not in the nomenclature, listing them as written."""
    return ValidationError(ERR_HS_CODE, code="invalid", params={"codes": ", ".join(texts)})
