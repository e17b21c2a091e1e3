from django import template
from django.utils.translation import get_language

from mcelink.matching.types import Explanation
from mcelink.matchmaking.explain import explanation_summary

register = template.Library()


@register.filter
def summary(explanation: Explanation) -> str:
    """``{{ match.explanation|summary }}``: the explanation in the screen's language."""
    return explanation_summary(explanation, (get_language() or "ko")[:2])
