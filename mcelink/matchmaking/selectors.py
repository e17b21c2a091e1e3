"""Reading the saved indexes: one Matcher and one of each classifier per process, reloaded when a job has
written a newer one."""

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.db.models import QuerySet

from mcelink.companies.models import Organization
from mcelink.core.permissions import Viewer
from mcelink.matching import Demand, Match, Matcher
from mcelink.matching.classify import Classifier, ClassifierInferrer, CodeScore, TechnologyClassifier
from mcelink.matching.index import Index, StaleIndex
from mcelink.matchmaking.permissions import can_search_suppliers
from mcelink.matchmaking.services import classifier_dir, dense_vectors_load, index_dir, technology_classifier_dir
from mcelink.taxonomy.models import StrategicTechnology

_loaded: dict[str, Any] = {"mtime": None, "value": None}
_classifier: dict[str, Any] = {"mtime": None, "value": None}
_technologies: dict[str, Any] = {"mtime": None, "value": None}
T = TypeVar("T")


def matcher_current() -> Matcher | None:
    """The supplier matcher. With ``settings.MATCHING_INFER_CONCEPTS`` (off by default: on the synthetic set its
    gain was within noise, docs/matching.md), a demand that gives no concepts gets its strategic technology
    inferred from its text when the classifier is confident."""
    matcher = _reloaded(_loaded, index_dir(), lambda d: Matcher(Index.load(d), dense=dense_vectors_load()))
    if matcher is None:
        return None
    matcher.concept_inferrer = _CurrentInferrer() if settings.MATCHING_INFER_CONCEPTS else None
    return matcher


class _CurrentInferrer:
    """``ConceptInferrer`` over the strategic technology classifier saved now (reloaded when rebuilt); infers
    nothing before it is built. HS codes are not inferred: the HS classifier knows the nomenclature's names
    only, and on the synthetic demands its confident guesses were mostly wrong (docs/matching.md)."""

    def infer(self, text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        technologies = technology_classifier_current()
        if technologies is None:
            return (), ()
        return ClassifierInferrer(technologies=technologies).infer(text)


def _reloaded(cache: dict[str, Any], directory: Path, load: Callable[[Path], T]) -> T | None:
    """The object ``load(directory)`` made, cached until the saved index there changes; None if not built, or
    if it was built by an older analysis (the build job replaces it; until then pages say it is not built)."""
    meta = directory / "index.json"
    if not meta.exists():
        return None
    mtime = meta.stat().st_mtime_ns
    if cache["mtime"] != mtime:
        try:
            cache["value"] = load(directory)
        except StaleIndex:
            cache["value"] = None
        cache["mtime"] = mtime
    loaded: T | None = cache["value"]
    return loaded


def hs_classifier_current() -> Classifier | None:
    return _reloaded(_classifier, classifier_dir(), Classifier.load)


def technology_classifier_current() -> TechnologyClassifier | None:
    return _reloaded(_technologies, technology_classifier_dir(), TechnologyClassifier.load)


def supplier_search(
    *, user: Viewer, text: str, region: str = "", only_region: bool = False, top: int = 20
) -> list[tuple[Match, Organization]] | None:
    """Ranked, explained suppliers for a need described in words; None when no index has been built yet. A region
    is a preference (its suppliers rank a little higher), or with ``only_region`` a filter."""
    if not can_search_suppliers(user):
        return []
    matcher = matcher_current()
    if matcher is None:
        return None
    chosen = (region,) if region else ()
    demand = Demand(text=text, regions=chosen) if only_region else Demand(text=text, preferred_regions=chosen)
    matches = matcher.match(demand, top=top)
    orgs: dict[str, Organization] = {str(o.pk): o for o in _organizations([int(m.supplier_id) for m in matches])}
    # An organization removed since the last index update is skipped rather than shown.
    return [(m, orgs[m.supplier_id]) for m in matches if m.supplier_id in orgs]


def hs_suggest(*, user: Viewer, text: str, top: int = 5) -> list[CodeScore] | None:
    """HSK codes for a product described in words; None when the code index has not been built."""
    if not can_search_suppliers(user) or not text.strip():
        return []
    classifier = hs_classifier_current()
    if classifier is None:
        return None
    return list(classifier.classify(text, top=top).codes)


def technology_suggest(*, user: Viewer, text: str, top: int = 5) -> list[tuple[CodeScore, StrategicTechnology]] | None:
    """Strategic technologies for a need or product described in words, each with its row (for its id);
    None when the technology index has not been built."""
    if not can_search_suppliers(user) or not text.strip():
        return []
    classifier = technology_classifier_current()
    if classifier is None:
        return None
    ranked = classifier.classify(text, top=top)
    rows = {t.code: t for t in StrategicTechnology.objects.filter(code__in=[c.code for c in ranked])}
    # A technology removed from the list since the index was built is skipped rather than offered.
    return [(c, rows[c.code]) for c in ranked if c.code in rows]


def _organizations(ids: list[int]) -> QuerySet[Organization]:
    return Organization.objects.filter(pk__in=ids, is_supply_firm=True)
