from django.db.models import Q


def words_match(q: str, fields: list[str]) -> Q:
    """Every word of ``q`` in at least one of ``fields`` (case-insensitive; Korean has no case).

    A word without case (Korean, digits) is matched as written (``contains``): the same rows as ``icontains``,
    without upper-casing every value. On PostgreSQL that also keeps a word of one or two characters, which has
    no trigram, away from the trigram indexes of the registry (companies migration 0002): for such a pattern
    the index is read whole, several times slower than reading the table.
    """
    condition = Q()
    for word in q.split():
        lookup = "contains" if word.upper() == word.lower() and len(word) < 3 else "icontains"
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__{lookup}": word})
        condition &= any_field
    return condition
