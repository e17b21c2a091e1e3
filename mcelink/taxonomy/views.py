from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from mcelink.core.errors import ServiceError
from mcelink.core.files import upload_display_name
from mcelink.core.http import actor, or_404
from mcelink.core.jobs import job_enqueue
from mcelink.core.permissions import require
from mcelink.data.strategic_technologies import SEMICONDUCTOR_HS_CHAPTERS
from mcelink.taxonomy import selectors
from mcelink.taxonomy.forms import StrategicImportForm
from mcelink.taxonomy.permissions import can_import_taxonomy

PAGE_SIZE = 25


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "taxonomy/home.html",
        {
            "industries": selectors.industry_list(),
            "counts": selectors.taxonomy_counts(),
            "can_import": can_import_taxonomy(request.user),
        },
    )


@login_required
def technology_list(request: HttpRequest) -> HttpResponse:
    q, industry, sample = (request.GET.get(k, "").strip() for k in ("q", "industry", "sample"))
    techs = selectors.technology_list(q=q, industry=industry, sample=sample)
    page = Paginator(techs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "taxonomy/technology_list.html",
        {"page": page, "q": q, "industry": industry, "sample": sample, "industries": selectors.industry_list()},
    )


@login_required
def technology_detail(request: HttpRequest, code: str) -> HttpResponse:
    tech = or_404(selectors.technology_get, code=code)
    return render(request, "taxonomy/technology_detail.html", {"tech": tech})


@login_required
def technology_import(request: HttpRequest) -> HttpResponse:
    require(can_import_taxonomy(request.user))
    form = StrategicImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        params = {"file_name": upload_display_name(upload), **{k: form.cleaned_data[k] for k in ("batch", "year")}}
        try:
            job = job_enqueue(
                kind="taxonomy.import_strategic_tech", actor=actor(request), params=params, input_file=upload
            )
        except ServiceError as exc:  # the upload could not be stored (a full disk): nothing was queued
            form.add_error("file", exc.message)
        else:
            return redirect("core:job_detail", job_id=job.pk)
    return render(request, "taxonomy/technology_import.html", {"form": form})


@login_required
def hs_browse(request: HttpRequest) -> HttpResponse:
    q, chapter = (request.GET.get(k, "").strip() for k in ("q", "chapter"))
    chapters = list(selectors.hs_chapters())
    if chapter not in {c.code for c in chapters}:
        chapter = ""
    codes = selectors.hs_code_list(q=q, chapter=chapter)
    page = Paginator(codes, 100).get_page(request.GET.get("page"))
    semiconductor = [c for c in chapters if c.code in SEMICONDUCTOR_HS_CHAPTERS]
    others = [c for c in chapters if c.code not in SEMICONDUCTOR_HS_CHAPTERS]
    return render(
        request,
        "taxonomy/hs_browse.html",
        {"page": page, "q": q, "chapter": chapter, "chapter_groups": [semiconductor, others]},
    )


@login_required
def hs_detail(request: HttpRequest, code: str) -> HttpResponse:
    hs, ancestors, children = or_404(selectors.hs_code_get, code=code)
    page = Paginator(children, 100).get_page(request.GET.get("page"))
    return render(request, "taxonomy/hs_detail.html", {"hs": hs, "ancestors": ancestors, "page": page})
