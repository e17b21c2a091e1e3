"""Writes of the programs app. Calls, applications, reviews and budgets will add their own services here
(an application selected becomes a Participation through ``participation_add``)."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_noop

from mcelink.accounts.models import User
from mcelink.companies.models import Organization
from mcelink.core.audit import audit_record
from mcelink.core.errors import ServiceError
from mcelink.core.permissions import require
from mcelink.programs.models import Outcome, Participation, Track
from mcelink.programs.permissions import can_manage_program

ERR_TRACK_FULL = gettext_noop("This track has reached its quota of companies.")
ERR_ALREADY_PARTICIPATES = gettext_noop("This company already takes part in this track.")
ERR_OPERATOR_CANNOT_PARTICIPATE = gettext_noop("The program's operator cannot take part in its own program.")
ERR_VALUE_NEEDS_UNIT = gettext_noop("A value needs its unit (e.g. %, KRW).")


def participation_add(
    *, track: Track, organization: Organization, actor: User, partner: Organization | None = None,
    project_title_ko: str = "", project_title_en: str = "",
) -> Participation:  # fmt: skip
    require(can_manage_program(actor, track.program))
    if organization.pk == track.program.operator_id:
        raise ServiceError(ERR_OPERATOR_CANNOT_PARTICIPATE, code="operator_cannot_participate", field="organization")
    with transaction.atomic():
        # Lock the track so two managers adding the last place at once cannot both succeed.
        locked = Track.objects.select_for_update().get(pk=track.pk)
        if locked.participations.filter(organization=organization).exists():
            raise ServiceError(ERR_ALREADY_PARTICIPATES, code="already_participates", field="organization")
        if locked.participations.count() >= locked.quota:
            raise ServiceError(ERR_TRACK_FULL, code="track_full")
        participation = Participation.objects.create(
            track=locked,
            organization=organization,
            partner=partner,
            project_title_ko=project_title_ko,
            project_title_en=project_title_en,
        )
        audit_record(actor=actor, action="participation.create", obj=participation)
    return participation


def participation_remove(*, participation: Participation, actor: User) -> None:
    require(can_manage_program(actor, participation.track.program))
    with transaction.atomic():
        audit_record(actor=actor, action="participation.delete", obj=participation)
        participation.delete()


def outcome_record(*, participation: Participation, actor: User, **fields: Any) -> Outcome:
    require(can_manage_program(actor, participation.track.program))
    outcome = Outcome(participation=participation, **fields)
    if outcome.value is not None and not outcome.unit:
        raise ServiceError(ERR_VALUE_NEEDS_UNIT, code="value_needs_unit", field="unit")
    outcome.full_clean()
    with transaction.atomic():
        outcome.save()
        audit_record(actor=actor, action="outcome.create", obj=outcome)
    return outcome
