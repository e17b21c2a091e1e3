"""Keeping the engine's index of the registry: a full build, and one organization at a time after a change.

The index lives in a directory (settings.MATCHING_INDEX_DIR); the HS/HSK classifier and the strategic
technology classifier beside it (``-hs``, ``-tech``). Every change is a background job, so pages never wait for
the engine; one worker applies them in order.
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
from mcelink.matchmaking.profiles import all_profiles, supply_firms, technology_entries, to_profile

MSG_INDEX_BUILDING = _(
    "The supplier index has not been built yet. Building it has started: search again in a minute or two."
)


def index_dir() -> Path:
    return Path(settings.MATCHING_INDEX_DIR)


def _replace_dir(target: Path, save: Callable[[Path], None]) -> None:
    """Save into a directory beside ``target``, then swap it in: readers never see a half-written one."""
    staging = target.with_name(target.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    save(staging)
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def matching_index_build(*, progress: JobProgress | None = None) -> dict[str, Any]:
    """Build the index of every supply firm and replace the saved one atomically (write beside, then rename),
    and the strategic technology classifier, which is read from the database too."""
    if progress:
        progress.start(total=1, message="analyzing profiles")
    index = Index.build(all_profiles())
    embedder = dense_embedder()
    dense = DenseVectors(embedder) if embedder is not None else None
    if dense is not None:
        if progress:
            progress.start(total=1, message="embedding profiles")
        dense.sync(index)

    _save_index(index, dense)
    return {"suppliers": len(index), "dense": dense is not None} | technology_classifier_build()


def _save_index(index: Index, dense: DenseVectors | None) -> None:
    def save(directory: Path) -> None:
        index.save(directory, bridge=default_bridge())  # saved with it: web processes load it, never learn it
        if dense is not None:
            dense.save(directory / "dense")

    _replace_dir(index_dir(), save)


def dense_embedder() -> Embedder | None:
    """The embedder of the optional dense stage, or None when no model is configured."""
    if not settings.MATCHING_DENSE_MODEL:
        return None
    factory: Callable[[str], Embedder] = import_string(settings.MATCHING_EMBEDDER)
    return factory(settings.MATCHING_DENSE_MODEL)


def dense_vectors_load() -> DenseVectors | None:
    """The saved vectors of the dense stage, if it is configured and they were built with the same model."""
    embedder = dense_embedder()
    directory = index_dir() / "dense"
    if embedder is None or not (directory / "dense.json").exists():
        return None
    return DenseVectors.load(directory, embedder)


def classifier_dir() -> Path:
    return index_dir().with_name(index_dir().name + "-hs")


def hs_classifier_build() -> dict[str, Any]:
    """Index the HS/HSK nomenclature for code suggestions (it depends on the data directory's HSK table only, not
    the registry)."""
    from mcelink.matching.classify import default_classifier

    classifier = default_classifier()
    _replace_dir(classifier_dir(), classifier.save)
    return {"codes": len(classifier.matcher.index)}


def technology_classifier_dir() -> Path:
    return index_dir().with_name(index_dir().name + "-tech")


def technology_classifier_build() -> dict[str, Any]:
    """Index the strategic technology list (names, descriptions, industry) for suggestions and inference."""
    from mcelink.matching.classify import TechnologyClassifier

    classifier = TechnologyClassifier(technology_entries())
    _replace_dir(technology_classifier_dir(), classifier.save)
    return {"technologies": len(classifier)}


def matching_profiles_refresh(*, organization_ids: list[int]) -> dict[str, Any]:
    """Apply changed organizations to the saved index: upsert the supply firms, drop the others."""
    if not is_current(index_dir()):
        return matching_index_build()  # none yet, or built by an older analysis
    index = Index.load(index_dir())
    present = {str(org.pk): org for org in supply_firms(organization_ids)}
    for org_id in organization_ids:
        org = present.get(str(org_id))
        if org is None:
            index.remove(str(org_id))
        else:
            index.upsert(to_profile(org))
    dense = dense_vectors_load()
    if dense is not None:
        dense.sync(index)  # embeds the changed profiles only: they have new slots

    # Written beside and swapped in, as a full build is: web processes reading the index never see half of it.
    _save_index(index, dense)
    return {"updated": len(present), "removed": len(organization_ids) - len(present)}


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
