from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from mcelink.core.errors import ServiceError
from mcelink.core.http import or_404
from mcelink.core.jobs import job_retry as job_retry_service
from mcelink.core.notifications import notifications_mark_read
from mcelink.core.permissions import can_retry_job
from mcelink.core.selectors import job_get_for_user, job_list_for_user, job_notice, notifications_for


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(job_list_for_user(user=request.user), 25).get_page(request.GET.get("page"))
    return render(request, "core/job_list.html", {"page": page})


@login_required
def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = or_404(job_get_for_user, user=request.user, job_id=job_id)
    return render(request, "core/job_detail.html", _job_context(request, job))


@login_required
def job_progress(request: HttpRequest, job_id: int) -> HttpResponse:
    """The progress block, polled by HTMX every second until the job has finished."""
    job = or_404(job_get_for_user, user=request.user, job_id=job_id)
    return render(request, "core/_job_progress.html", _job_context(request, job))


def _job_context(request: HttpRequest, job) -> dict:
    return {"job": job, "notice": job_notice(job=job), "can_retry": can_retry_job(request.user, job)}


@login_required
@require_POST
def job_retry(request: HttpRequest, job_id: int) -> HttpResponse:
    job = or_404(job_get_for_user, user=request.user, job_id=job_id)
    try:
        job_retry_service(job=job, actor=request.user)  # type: ignore[arg-type]
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The job was queued again."))
    return redirect("core:job_detail", job_id=job.pk)


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        notifications_mark_read(user=request.user)  # type: ignore[arg-type]
        return redirect("core:notifications")
    page = Paginator(notifications_for(user=request.user), 30).get_page(request.GET.get("page"))
    return render(request, "core/notifications.html", {"page": page})


# Error pages. Django calls these for every error outside the API (config/urls.py names them); on an /api/ path
# they answer the API's JSON error shape instead, so a client never has to parse an HTML page
# (core.guards.ApiJsonErrorsMiddleware does the same for the errors that reach no handler).
ERROR_CODES = {
    400: "bad_request", 401: "unauthenticated", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
    409: "conflict", 413: "too_large", 422: "invalid_request", 429: "throttled", 500: "server_error",
}  # fmt: skip
ERROR_MESSAGES = {
    400: _("The request is not valid."),
    401: _("A valid bearer token is required."),
    403: _("You may not do this."),
    404: _("Not found."),
    405: _("This method is not allowed here."),
    413: _("The request is too large."),
    422: _("The request is not valid."),
    429: _("Too many requests: wait a moment and try again."),
    500: _("Something went wrong on our side; the error was recorded."),
}
ERR_HTTP = _("The request failed (HTTP %(status)s).")


def is_api_path(path: str) -> bool:
    return path == "/api" or path.startswith("/api/")


def api_error(
    status: int, message: str = "", *, code: str = "", fields: dict[str, list[str]] | None = None
) -> JsonResponse:
    """The API's error body, ``{"error": {"code", "message", "fields"}}``, in the active language."""
    message = message or str(ERROR_MESSAGES.get(status, ERR_HTTP % {"status": status}))
    body = {
        "error": {"code": code or ERROR_CODES.get(status, f"http_{status}"), "message": message, "fields": fields or {}}
    }
    return JsonResponse(body, status=status)


def error_page(
    request: HttpRequest, status: int, reason: str = "", *, text: str = "", with_context: bool = True
) -> HttpResponse:
    if is_api_path(request.path):
        return api_error(status)
    context = {"code": status, "text": text or f"core/errors/{status}.html", "reason": reason}
    if with_context:
        return render(request, "core/error_page.html", context, status=status)
    # The 500 page renders without the context processors: whatever broke the request (the database, say)
    # must not break its error page too.
    return HttpResponse(loader.get_template("core/error_page.html").render(context), status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return error_page(request, 400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    # A PermissionDenied raised by a service carries the reason, translated where it was raised.
    return error_page(request, 403, reason=str(exception) if exception.args else "")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its token, or after the session it belonged to ended (settings.CSRF_FAILURE_VIEW)."""
    return error_page(request, 403, text="core/errors/csrf.html")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return error_page(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return error_page(request, 500, with_context=False)


def api_not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    """Any /api/ path that no endpoint answers, also when DEBUG would show Django's page with the URL list."""
    return api_error(404)
