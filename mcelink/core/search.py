from django.db.models import Q


def words_match(q: str, fields: list[str]) -> Q:
    """Every word of ``q`` in at least one of ``fields`` (case-insensitive; Korean has no case)."""
    condition = Q()
    for word in q.split():
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__icontains": word})
        condition &= any_field
    return condition
