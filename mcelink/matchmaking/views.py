from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from mcelink.companies.models import Region
from mcelink.core.http import actor
from mcelink.core.permissions import require
from mcelink.matchmaking.permissions import can_rebuild_index
from mcelink.matchmaking.selectors import hs_suggest, served_version, supplier_search, technology_suggest
from mcelink.matchmaking.services import MSG_INDEX_BUILDING, matching_index_ensure, matching_rebuild_enqueue

MAX_TEXT = 5000
VERSION_HEADER = "X-Matching-Index-Version"
# The words a suggestion is made from: a product's names and descriptions, or a demand's title and summary.
SUGGEST_FIELDS = ("name_ko", "name_en", "description_ko", "description_en", "title", "summary")


@login_required
def search(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()[:MAX_TEXT]
    region = request.GET.get("region", "")
    only_region = request.GET.get("only_region") == "1"
    results = supplier_search(user=request.user, text=text, region=region, only_region=only_region) if text else []
    if results is None:
        # Never built here: a build takes tens of seconds. The job is started once; the page says so at once.
        matching_index_ensure(actor=actor(request))
    response = render(
        request,
        "matchmaking/search.html",
        {
            "q": text,
            "region": region,
            "only_region": only_region,
            "regions": Region.choices,
            "results": results,
            "no_index": results is None,
            "no_index_message": MSG_INDEX_BUILDING,
            "can_rebuild": can_rebuild_index(request.user),
        },
    )
    # Which published index answered (docs/operations.md: checking that every process serves the same one).
    served = served_version()
    response[VERSION_HEADER] = f"{served.number} {served.checksum}" if served else "none"
    return response


@login_required
def hs_suggestions(request: HttpRequest) -> HttpResponse:
    """HTMX partial for the product form: HS codes suggested from the product's names and descriptions."""
    text = " ".join(request.GET.get(f, "") for f in SUGGEST_FIELDS).strip()[:MAX_TEXT]
    suggestions = hs_suggest(user=request.user, text=text)
    # The product form collects several codes in one field; the demand form takes one.
    single = request.GET.get("single") == "1"
    return render(
        request, "matchmaking/_hs_suggestions.html", {"suggestions": suggestions, "text": text, "single": single}
    )


@login_required
def technology_suggestions(request: HttpRequest) -> HttpResponse:
    """HTMX partial: strategic technologies suggested from a demand's title and summary (or a product's names
    and descriptions). ``single=1`` (the demand form) sets the one <select id="id_strategic_technology">;
    otherwise a click selects the technology in the multiple <select id="id_strategic_technologies">."""
    text = " ".join(request.GET.get(f, "") for f in SUGGEST_FIELDS).strip()[:MAX_TEXT]
    suggestions = technology_suggest(user=request.user, text=text)
    single = request.GET.get("single") == "1"
    return render(
        request, "matchmaking/_tech_suggestions.html", {"suggestions": suggestions, "text": text, "single": single}
    )


@login_required
@require_POST
def rebuild(request: HttpRequest) -> HttpResponse:
    require(can_rebuild_index(request.user))
    job = matching_rebuild_enqueue(actor=actor(request))
    return redirect("core:job_detail", job_id=job.pk)
