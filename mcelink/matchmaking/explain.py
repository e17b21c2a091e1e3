"""The engine's explanations in the reader's language, with the codes they carry shown by name."""

from django.utils import translation

from mcelink.companies.models import Region
from mcelink.matching.types import Explanation


def explanation_summary(explanation: Explanation, language: str) -> str:
    """The summary line in ``language`` (the screen's, not the query's), regions by name ("인천", not incheon)."""
    with translation.override(language):
        names = {code: str(label) for code, label in Region.choices}
    return explanation.summary(language, names)
