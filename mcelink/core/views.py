from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from mcelink.core.http import or_404
from mcelink.core.notifications import notifications_mark_read
from mcelink.core.selectors import job_get_for_user, job_list_for_user, notifications_for


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(job_list_for_user(user=request.user), 25).get_page(request.GET.get("page"))
    return render(request, "core/job_list.html", {"page": page})


@login_required
def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = or_404(job_get_for_user, user=request.user, job_id=job_id)
    return render(request, "core/job_detail.html", {"job": job})


@login_required
def job_progress(request: HttpRequest, job_id: int) -> HttpResponse:
    """The progress block, polled by HTMX every second until the job has finished."""
    job = or_404(job_get_for_user, user=request.user, job_id=job_id)
    return render(request, "core/_job_progress.html", {"job": job})


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        notifications_mark_read(user=request.user)  # type: ignore[arg-type]
        return redirect("core:notifications")
    page = Paginator(notifications_for(user=request.user), 30).get_page(request.GET.get("page"))
    return render(request, "core/notifications.html", {"page": page})
