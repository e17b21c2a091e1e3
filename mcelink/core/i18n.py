"""Bilingual model fields: ``name_ko``/``name_en`` shown in the active language, the other as fallback."""

from typing import Any

from django.utils.translation import get_language


def localized(obj: Any, field: str) -> str:
    ko = getattr(obj, f"{field}_ko", "") or ""
    en = getattr(obj, f"{field}_en", "") or ""
    if (get_language() or "ko").startswith("en"):
        return en or ko
    return ko or en
