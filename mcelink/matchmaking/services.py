"""Keeping the engine's index of the registry: a full build, and one organization at a time after a change.

What the web serves is published as numbered versions in the database (``versions``): the supplier index
(``index/``), the strategic technology classifier (``tech/``) and the HS/HSK classifier (``hs/``) of one version
are one archive, which every machine unpacks once into settings.MATCHING_INDEX_DIR. Every change is a
background job, so pages never wait for the engine; a build or a refresh reads the current version and
publishes the next one under one lock, so workers on several machines apply changes one after the other.
"""

import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from mcelink.accounts.models import User
from mcelink.core.jobs import JobProgress, job_enqueue
from mcelink.core.models import Job
from mcelink.matching import DenseVectors, Embedder, Index, default_bridge
from mcelink.matching.index import is_current
from mcelink.matchmaking import versions
from mcelink.matchmaking.models import MatchingIndexVersion
from mcelink.matchmaking.profiles import all_profiles, supply_firms, technology_entries, to_profile

MSG_INDEX_BUILDING = _(
    "The supplier index has not been built yet. Building it has started: search again in a minute or two."
)


def served_dir() -> Path | None:
    """This process's copy of the version it serves (None before the first one is published)."""
    from mcelink.matchmaking.selectors import served_version_dir

    return served_version_dir()


def index_dir() -> Path:
    """The supplier index of the version this process serves (a path that does not exist when there is none)."""
    served = served_dir()
    return served / INDEX_PART if served else versions.local_root() / "none" / INDEX_PART


def classifier_dir() -> Path:
    return index_dir().with_name(HS_PART)


def technology_classifier_dir() -> Path:
    return index_dir().with_name(TECH_PART)


INDEX_PART, TECH_PART, HS_PART = "index", "tech", "hs"  # a version's directories


def matching_index_build(*, progress: JobProgress | None = None) -> dict[str, Any]:
    """Build the index of every supply firm and the strategic technology classifier (both read from the
    database) and publish them as the next version, with the current version's HS classifier."""
    with versions.publish_lock():
        return _build_and_publish(progress=progress)


def _build_and_publish(*, progress: JobProgress | None = None) -> dict[str, Any]:
    current = versions.version_current()
    if progress:
        progress.start(total=1, message="analyzing profiles")
    index = Index.build(all_profiles())
    embedder = dense_embedder()
    dense = DenseVectors(embedder) if embedder is not None else None
    if dense is not None:
        if progress:
            progress.start(total=1, message="embedding profiles")
        dense.sync(index)
    staging = versions.staging_dir()
    _save_index(staging / INDEX_PART, index, dense)
    report = {"suppliers": len(index), "dense": dense is not None} | _technology_classifier_save(staging / TECH_PART)
    if current is not None:
        versions.copy_part(versions.version_local(current) / HS_PART, staging / HS_PART)
    return _publish(staging, MatchingIndexVersion.Reason.BUILD, report, current)


def _publish(staging: Path, reason: str, report: dict[str, Any], current: versions.Current | None) -> dict[str, Any]:
    try:
        version = versions.version_publish(staging=staging, reason=reason, report=report, expected=current)
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # gone already when installed
    return report | {"version": version.number}


def _save_index(directory: Path, index: Index, dense: DenseVectors | None) -> None:
    index.save(directory, bridge=default_bridge())  # saved with it: web processes load it, never learn it
    if dense is not None:
        dense.save(directory / "dense")


def dense_embedder() -> Embedder | None:
    """The embedder of the optional dense stage, or None when no model is configured."""
    if not settings.MATCHING_DENSE_MODEL:
        return None
    factory: Callable[[str], Embedder] = import_string(settings.MATCHING_EMBEDDER)
    return factory(settings.MATCHING_DENSE_MODEL)


def dense_vectors_load(directory: Path | None = None) -> DenseVectors | None:
    """The saved vectors of the dense stage, if it is configured and they were built with the same model."""
    embedder = dense_embedder()
    directory = (directory if directory is not None else index_dir()) / "dense"
    if embedder is None or not (directory / "dense.json").exists():
        return None
    return DenseVectors.load(directory, embedder)


def hs_classifier_build() -> dict[str, Any]:
    """Index the HS/HSK nomenclature for code suggestions (it depends on the data directory's HSK table only, not
    the registry) and publish it with the current version's other parts. Built only by the build job when the
    current version has none (about a minute), and by `mcelink demo`."""
    from mcelink.matching.classify import default_classifier

    classifier = default_classifier()

    def save(directory: Path) -> dict[str, Any]:
        classifier.save(directory)
        return {"codes": len(classifier.matcher.index)}

    return _part_publish(HS_PART, save)


def technology_classifier_build() -> dict[str, Any]:
    """Rebuild the strategic technology classifier alone and publish it with the current version's other parts."""
    return _part_publish(TECH_PART, _technology_classifier_save)


def _part_publish(part: str, save: Callable[[Path], dict[str, Any]]) -> dict[str, Any]:
    """Publish the current version with one part replaced by ``save(directory)`` (with no version yet, a build
    with that part)."""
    with versions.publish_lock():
        current = versions.version_current()
        if current is None:
            _build_and_publish()
            current = versions.version_current()
        assert current is not None  # noqa: S101 - just published under this lock
        directory = versions.version_local(current)
        staging = versions.staging_dir()
        report = save(staging / part)
        for other in {INDEX_PART, TECH_PART, HS_PART} - {part}:
            versions.copy_part(directory / other, staging / other)
        previous = MatchingIndexVersion.objects.get(number=current.number).report
        return _publish(staging, MatchingIndexVersion.Reason.BUILD, previous | report, current)


def hs_classifier_missing() -> bool:
    """Whether the current version lacks a current HS classifier (the build job then builds one)."""
    current = versions.version_current()
    return current is None or not is_current(versions.version_local(current) / HS_PART)


def _technology_classifier_save(directory: Path) -> dict[str, Any]:
    """Index the strategic technology list (names, descriptions, industry) for suggestions and inference."""
    from mcelink.matching.classify import TechnologyClassifier

    classifier = TechnologyClassifier(technology_entries())
    classifier.save(directory)
    return {"technologies": len(classifier)}


def matching_profiles_refresh(*, organization_ids: list[int]) -> dict[str, Any]:
    """Apply changed organizations to the current version and publish the result as the next one: upsert the
    supply firms, drop the others. The organizations are read inside the publish lock, after the change that
    asked for this committed, so a refresh never publishes an older state than one already published."""
    with versions.publish_lock():
        current = versions.version_current()
        directory = versions.version_local(current) if current else None
        if directory is None or not is_current(directory / INDEX_PART):
            return _build_and_publish()  # none yet, or built by an older analysis
        index = Index.load(directory / INDEX_PART)
        present = {str(org.pk): org for org in supply_firms(organization_ids)}
        for org_id in organization_ids:
            org = present.get(str(org_id))
            if org is None:
                index.remove(str(org_id))
            else:
                index.upsert(to_profile(org))
        dense = dense_vectors_load(directory / INDEX_PART)
        if dense is not None:
            dense.sync(index)  # embeds the changed profiles only: they have new slots
        staging = versions.staging_dir()
        _save_index(staging / INDEX_PART, index, dense)
        for part in (TECH_PART, HS_PART):
            versions.copy_part(directory / part, staging / part)
        report = {"updated": len(present), "removed": len(organization_ids) - len(present)}
        return _publish(staging, MatchingIndexVersion.Reason.REFRESH, report, current)


def matching_refresh_enqueue(*, organization_ids: list[int], actor: User | None) -> None:
    """Called by registry services after a change; the job runs once the change is committed."""
    transaction.on_commit(
        lambda: job_enqueue(kind="matchmaking.refresh", actor=actor, params={"organization_ids": organization_ids})
    )


def matching_changes_enqueue(*, organization_ids: Iterable[int], actor: User | None) -> None:
    """After an import: refresh the changed profiles when they are few, rebuild the index when they are many.
    Up to ``settings.MATCHING_REFRESH_MAX`` an incremental refresh is faster than a full build
    (docs/benchmarks.md measures where the two cross)."""
    ids = sorted(set(organization_ids))
    if not ids:
        return
    if len(ids) <= settings.MATCHING_REFRESH_MAX:
        matching_refresh_enqueue(organization_ids=ids, actor=actor)
    else:
        matching_rebuild_after_commit(actor=actor)


def matching_rebuild_after_commit(*, actor: User | None) -> None:
    """For services whose change affects the whole index (the strategic technology list)."""
    transaction.on_commit(lambda: matching_rebuild_enqueue(actor=actor))


def matching_rebuild_enqueue(*, actor: User | None) -> Job:
    return job_enqueue(kind="matchmaking.build", actor=actor)


def matching_index_ensure(*, actor: User | None) -> Job:
    """For a page that found no index: start the build job, unless one is already queued or running (then
    that one is returned). Pages never build the index themselves: a build takes tens of seconds."""
    with transaction.atomic():
        pending = (
            Job.objects.filter(kind="matchmaking.build", status__in=[Job.Status.QUEUED, Job.Status.RUNNING])
            .order_by("created_at", "id")
            .first()
        )
        return pending if pending is not None else matching_rebuild_enqueue(actor=actor)
