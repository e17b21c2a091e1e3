"""Korean particles in templates.

``{{ name|josa:"이/가" }}`` writes the name and the particle its ending takes (on a Korean screen; an English
one gets the name alone). ``{% filter particles %}…{% endfilter %}`` resolves a translated sentence's
"을(를)", "(으)로"... once the words are in (mcelink.core.korean.resolve_particles).
"""

from typing import Any

from django import template
from django.utils.translation import get_language

from mcelink.core import korean

register = template.Library()


@register.filter(is_safe=True)
def josa(value: Any, pair: str) -> str:
    word = "" if value is None else str(value)
    if not (get_language() or "").startswith("ko"):
        return word
    return korean.with_particle(word, pair)


@register.filter(is_safe=True)
def particles(value: Any) -> str:
    return korean.resolve_particles(str(value))
