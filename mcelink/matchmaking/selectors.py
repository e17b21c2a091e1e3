"""Reading the published index: one Matcher and one of each classifier per process, from the version it serves,
swapped when a newer version is published (``versions``)."""

import logging
import math
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.db.models import QuerySet

from mcelink.companies.models import Organization
from mcelink.core.permissions import Viewer
from mcelink.matching import Demand, Match, Matcher
from mcelink.matching.bundle import ChecksumMismatch
from mcelink.matching.classify import Classifier, ClassifierInferrer, CodeScore, TechnologyClassifier
from mcelink.matching.index import Index, StaleIndex
from mcelink.matchmaking import versions
from mcelink.matchmaking.models import MatchingIndexVersion
from mcelink.matchmaking.permissions import can_search_suppliers
from mcelink.matchmaking.services import HS_PART, INDEX_PART, TECH_PART, dense_vectors_load
from mcelink.matchmaking.versions import Current
from mcelink.taxonomy.models import StrategicTechnology

logger = logging.getLogger(__name__)
T = TypeVar("T")


class _Served:
    """The version this process serves and what it loaded from it; replaced whole (one assignment) on a swap,
    so a request running meanwhile keeps the objects it started with."""

    def __init__(self, root: Path | None = None, version: Current | None = None, directory: Path | None = None):
        self.root, self.version, self.directory = root, version, directory
        self.checked = -math.inf
        self.loaded: dict[str, Any] = {}


_served = _Served()


def served_version_dir() -> Path | None:
    """This process's copy of the version it serves, after checking (at most every
    ``MATCHING_INDEX_CHECK_SECONDS``) whether a newer one was published; None when none has been. A version that
    cannot be fetched (its bytes do not match their checksum, the disk is full) is logged and the process keeps
    serving the one it has."""
    global _served
    served, now = _served, time.monotonic()
    root = versions.local_root()
    if served.root == root and now - served.checked < settings.MATCHING_INDEX_CHECK_SECONDS:
        return served.directory
    served.checked = now
    current = versions.version_current()
    if served.root == root and current == served.version:
        return served.directory
    if current is None:
        _served = _Served(root, None, None)
        return None
    try:
        directory = versions.version_local(current)
    except (ChecksumMismatch, OSError, MatchingIndexVersion.DoesNotExist):
        logger.exception("matching index version %s could not be fetched; serving %s", current, served.version)
        return served.directory if served.root == root else None
    swapped = _Served(root, current, directory)
    swapped.checked = now
    _served = swapped
    return directory


def served_version() -> Current | None:
    """The version this process serves now (as of its last check)."""
    return _served.version if _served.root == versions.local_root() else None


def _reloaded(name: str, part: str, load: Callable[[Path], T]) -> T | None:
    """The object ``load(<served version>/<part>)`` made, kept until the process swaps to another version; None
    if there is none, or if it was built by an older analysis (the next build replaces it; until then pages say
    it is not built)."""
    directory = served_version_dir()
    served = _served
    if directory is None or not (directory / part / "index.json").exists():
        return None
    if name not in served.loaded:
        try:
            served.loaded[name] = load(directory / part)
        except StaleIndex:
            served.loaded[name] = None
    loaded: T | None = served.loaded[name]
    return loaded


def matcher_current() -> Matcher | None:
    """The supplier matcher. With ``settings.MATCHING_INFER_CONCEPTS`` (off by default: on the synthetic set its
    gain was within noise, docs/matching.md), a demand that gives no concepts gets its strategic technology
    inferred from its text when the classifier is confident."""
    matcher = _reloaded("matcher", INDEX_PART, lambda d: Matcher(Index.load(d), dense=dense_vectors_load(d)))
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


def hs_classifier_current() -> Classifier | None:
    return _reloaded("hs", HS_PART, Classifier.load)


def technology_classifier_current() -> TechnologyClassifier | None:
    return _reloaded("tech", TECH_PART, TechnologyClassifier.load)


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
