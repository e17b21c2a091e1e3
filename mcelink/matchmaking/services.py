"""Keeping the engine's index of the registry: a full build, and one organization at a time after a change.

The index lives in a directory (settings.MATCHING_INDEX_DIR). Every change is a background job, so pages
never wait for the engine; one worker applies them in order.
"""

import shutil
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from mcelink.core.jobs import JobProgress, job_enqueue
from mcelink.core.models import Job
from mcelink.matching import Index
from mcelink.matchmaking.profiles import all_profiles, supply_firms, to_profile


def index_dir() -> Path:
    return Path(settings.MATCHING_INDEX_DIR)


def matching_index_build(*, progress: JobProgress | None = None) -> dict[str, Any]:
    """Build the index of every supply firm and replace the saved one atomically (write beside, then rename)."""
    if progress:
        progress.start(total=1, message="analyzing profiles")
    index = Index.build(all_profiles())
    target = index_dir()
    staging = target.with_name(target.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    index.save(staging)
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    return {"suppliers": len(index)}


def classifier_dir() -> Path:
    return index_dir().with_name(index_dir().name + "-hs")


def hs_classifier_build() -> dict[str, Any]:
    """Index the HS/HSK nomenclature for code suggestions (it depends on shipped data only, not the registry)."""
    from mcelink.matching.classify import default_classifier

    classifier = default_classifier()
    staging = classifier_dir().with_name(classifier_dir().name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    classifier.save(staging)
    shutil.rmtree(classifier_dir(), ignore_errors=True)
    staging.rename(classifier_dir())
    return {"codes": len(classifier.matcher.index)}


def matching_profiles_refresh(*, organization_ids: list[int]) -> dict[str, Any]:
    """Apply changed organizations to the saved index: upsert the supply firms, drop the others."""
    if not (index_dir() / "index.json").exists():
        return matching_index_build()
    index = Index.load(index_dir())
    present = {str(org.pk): org for org in supply_firms(organization_ids)}
    for org_id in organization_ids:
        org = present.get(str(org_id))
        if org is None:
            index.remove(str(org_id))
        else:
            index.upsert(to_profile(org))
    index.save(index_dir())
    return {"updated": len(present), "removed": len(organization_ids) - len(present)}


def matching_refresh_enqueue(*, organization_ids: list[int], actor: Any) -> None:
    """Called by registry services after a change; the job runs once the change is committed."""
    transaction.on_commit(
        lambda: job_enqueue(kind="matchmaking.refresh", actor=actor, params={"organization_ids": organization_ids})
    )


def matching_rebuild_enqueue(*, actor: Any) -> Job:
    return job_enqueue(kind="matchmaking.build", actor=actor)
