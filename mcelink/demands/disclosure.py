"""What of a demand each viewer reads: one dictionary for the API, the export and any other channel.

``permissions.level`` decides how much a user sees; this module names the fields behind each level. The
demand page shows the same fields behind the same ``full`` flag.
"""

from typing import Any

from django.http import FileResponse
from django.utils.http import content_disposition_header

from mcelink.core.exports import never_cache_headers
from mcelink.core.permissions import Viewer
from mcelink.demands import permissions, selectors
from mcelink.demands.models import Demand, DemandFile

# Read only at the FULL level: the buyer's own users, and an invited supplier once it accepted the NDA.
CONFIDENTIAL = ("specification", "source_supplier", "annual_volume", "volume_unit", "target_price_krw")


def demand_disclosed(user: Viewer, demand: Demand) -> dict[str, Any]:
    level = permissions.level(user, demand)
    full = level == permissions.Level.FULL
    invitation = permissions.invitation_of(user, demand)
    out: dict[str, Any] = {
        "id": demand.pk, "reference": demand.reference, "access": level.name.lower(), "status": demand.status,
        "title": demand.title, "summary": demand.summary, "category": demand.category,
        "strategic_technology": demand.strategic_technology.code if demand.strategic_technology else None,
        "hs_code": demand.hs_code.code if demand.hs_code else None, "source_country": demand.source_country,
        "needed_by": demand.needed_by, "required_certifications": demand.required_certifications,
        "preferred_region": demand.preferred_region,
        "visibility": demand.visibility,
        "hide_buyer": demand.hide_buyer,
        "buyer": demand.buyer if permissions.can_see_buyer(user, demand) else None,
        "files": selectors.demand_files(user=user, demand=demand) if full else None,
        "my_invitation_id": invitation.pk if invitation else None,
        "created_at": demand.created_at,
    }  # fmt: skip
    for name in CONFIDENTIAL:
        out[name] = getattr(demand, name) if full else None
    return out


def demand_file_response(demand_file: DemandFile) -> FileResponse:
    """A confidential file the caller was allowed to open (the page and the API), under the uploader's name and
    never cached. The caller fetched it with ``selectors.file_get_for_user``."""
    response = FileResponse(demand_file.file.open("rb"), as_attachment=True, filename=demand_file.name)
    # FileResponse keeps only what follows the last "/" of the name (``사양서 <b>bold</b>.pdf`` → ``b>.pdf``).
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=demand_file.name) or ""
    never_cache_headers(response)
    return response
