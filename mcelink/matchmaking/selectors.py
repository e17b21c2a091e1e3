"""Reading the saved index: one Matcher per process, reloaded when a job has written a newer index."""

from typing import Any

from django.db.models import QuerySet

from mcelink.companies.models import Organization
from mcelink.matching import Demand, Match, Matcher
from mcelink.matching.classify import Classifier, CodeScore
from mcelink.matching.index import Index
from mcelink.matchmaking.permissions import can_search_suppliers
from mcelink.matchmaking.services import classifier_dir, index_dir

_loaded: dict[str, Any] = {"mtime": None, "matcher": None}
_classifier: dict[str, Any] = {"mtime": None, "classifier": None}


def matcher_current() -> Matcher | None:
    meta = index_dir() / "index.json"
    if not meta.exists():
        return None
    mtime = meta.stat().st_mtime_ns
    if _loaded["mtime"] != mtime:
        _loaded["matcher"], _loaded["mtime"] = Matcher(Index.load(index_dir())), mtime
    matcher: Matcher = _loaded["matcher"]
    return matcher


def supplier_search(
    *, user: Any, text: str, region: str = "", top: int = 20
) -> list[tuple[Match, Organization]] | None:
    """Ranked, explained suppliers for a need described in words; None when no index has been built yet."""
    if not can_search_suppliers(user):
        return []
    matcher = matcher_current()
    if matcher is None:
        return None
    matches = matcher.match(Demand(text=text, regions=(region,) if region else ()), top=top)
    orgs: dict[str, Organization] = {str(o.pk): o for o in _organizations([int(m.supplier_id) for m in matches])}
    # An organization removed since the last index update is skipped rather than shown.
    return [(m, orgs[m.supplier_id]) for m in matches if m.supplier_id in orgs]


def hs_suggest(*, user: Any, text: str, top: int = 5) -> list[CodeScore] | None:
    """HSK codes for a product described in words; None when the code index has not been built."""
    if not can_search_suppliers(user) or not text.strip():
        return []
    meta = classifier_dir() / "index.json"
    if not meta.exists():
        return None
    mtime = meta.stat().st_mtime_ns
    if _classifier["mtime"] != mtime:
        _classifier["classifier"], _classifier["mtime"] = Classifier.load(classifier_dir()), mtime
    classifier: Classifier = _classifier["classifier"]
    return list(classifier.classify(text, top=top).codes)


def _organizations(ids: list[int]) -> QuerySet[Organization]:
    return Organization.objects.filter(pk__in=ids, is_supply_firm=True)
