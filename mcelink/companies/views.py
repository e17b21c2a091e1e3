import copy
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from mcelink.companies import selectors, services
from mcelink.companies.forms import ImportForm, OrganizationForm, ProductForm
from mcelink.companies.imports import ORGANIZATION_COLUMNS, PRODUCT_COLUMNS
from mcelink.companies.models import MceCategory, Organization, OrganizationKind, Region, SizeClass
from mcelink.companies.permissions import (
    can_create_organization,
    can_edit_organization,
    can_import_registry,
    can_view_contacts,
)
from mcelink.core.errors import ServiceError
from mcelink.core.exports import csv_response
from mcelink.core.files import upload_display_name
from mcelink.core.http import actor, or_404
from mcelink.core.jobs import job_enqueue
from mcelink.core.permissions import require

FILTERS = ("q", "kind", "region", "size_class", "role", "strategic_technology", "hs_code", "category", "sample", "sort")


def _organization(request: HttpRequest, organization_id: int) -> Organization:
    return or_404(selectors.organization_get_for_user, user=request.user, organization_id=organization_id)


@login_required
def organization_list(request: HttpRequest) -> HttpResponse:
    params = {k: request.GET.get(k, "").strip() for k in FILTERS}
    orgs = selectors.organization_list(user=request.user, **{**params, "sort": params["sort"] or "name"})
    page = Paginator(orgs, 25).get_page(request.GET.get("page"))
    context: dict[str, Any] = {
        "page": page,
        "params": params,
        "kinds": OrganizationKind.choices,
        "regions": Region.choices,
        "sizes": SizeClass.choices,
        "categories": MceCategory.choices,
        "can_create": can_create_organization(request.user),
        "can_import": can_import_registry(request.user),
    }
    template = "companies/_results.html" if request.headers.get("HX-Request") else "companies/list.html"
    return render(request, template, context)


@login_required
def organization_detail(request: HttpRequest, organization_id: int) -> HttpResponse:
    org = _organization(request, organization_id)
    return render(
        request,
        "companies/detail.html",
        {
            "org": org,
            "can_edit": can_edit_organization(request.user, org),
            "can_view_contacts": can_view_contacts(request.user, org),
        },
    )


def _save_organization(request: HttpRequest, form: OrganizationForm, org: Organization | None) -> HttpResponse | None:
    data = dict(form.cleaned_data)
    techs = list(data.pop("strategic_technologies"))
    try:
        if org is None:
            org = services.organization_create(actor=actor(request), strategic_technologies=techs, **data)
        else:
            org = services.organization_update(
                organization=org, actor=actor(request), strategic_technologies=techs, **data
            )
    except ServiceError as exc:
        form.add_error(exc.field, _(exc.message))
        return None
    messages.success(request, _("Saved."))
    return redirect("companies:detail", organization_id=org.pk)


@login_required
def organization_create(request: HttpRequest) -> HttpResponse:
    require(can_create_organization(request.user))
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and (done := _save_organization(request, form, None)):
        return done
    return render(request, "companies/form.html", {"form": form, "org": None})


@login_required
def organization_edit(request: HttpRequest, organization_id: int) -> HttpResponse:
    org = _organization(request, organization_id)
    require(can_edit_organization(request.user, org))
    # The form validates a copy: a ModelForm writes its data onto its instance, and the service must see the
    # unchanged organization to record what changed.
    form = OrganizationForm(request.POST or None, instance=copy.copy(org))
    if request.method == "POST" and form.is_valid() and (done := _save_organization(request, form, org)):
        return done
    return render(request, "companies/form.html", {"form": form, "org": org})


def _product(org: Organization, product_id: int | None) -> Any:
    if product_id is None:
        return None
    product = next((p for p in org.products.all() if p.pk == product_id), None)
    if product is None:
        raise Http404
    return product


@login_required
def product_edit(request: HttpRequest, organization_id: int, product_id: int | None = None) -> HttpResponse:
    org = _organization(request, organization_id)
    require(can_edit_organization(request.user, org))
    product = _product(org, product_id)
    form = ProductForm(request.POST or None, instance=copy.copy(product))  # see organization_edit
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        services.product_save(
            organization=org,
            actor=actor(request),
            product=product,
            hs_codes=data.pop("hs_code_list"),
            strategic_technologies=list(data.pop("strategic_technologies")),
            **data,
        )
        messages.success(request, _("Saved."))
        return redirect("companies:detail", organization_id=org.pk)
    return render(request, "companies/product_form.html", {"form": form, "org": org, "product": product})


@login_required
def product_delete(request: HttpRequest, organization_id: int, product_id: int) -> HttpResponse:
    org = _organization(request, organization_id)
    require(can_edit_organization(request.user, org))
    product = _product(org, product_id)
    if request.method == "POST":
        services.product_delete(product=product, actor=actor(request))
        messages.success(request, _("The product was deleted."))
        return redirect("companies:detail", organization_id=org.pk)
    return render(request, "companies/product_confirm_delete.html", {"org": org, "product": product})


@login_required
def registry_import_upload(request: HttpRequest) -> HttpResponse:
    require(can_import_registry(request.user))
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = job_enqueue(
                kind="companies.import",
                actor=actor(request),
                params={"kind": form.cleaned_data["kind"], "file_name": upload_display_name(upload)},
                input_file=upload,
            )
        except ServiceError as exc:  # the upload could not be stored (a full disk): nothing was queued
            form.add_error("file", exc.message)
        else:
            return redirect("core:job_detail", job_id=job.pk)
    return render(request, "companies/import.html", {"form": form})


TEMPLATE_ROWS = {
    "organizations": [
        ["1234567891", "sme", "예시정밀", "Example Precision", "incheon", "남동구", "논현동", "small", "42",
         "5200000000", "2009", "https://example.com", "true", "false", "웨이퍼 링 프레임 제조", "Wafer ring frames",
         "SEMI-09"],
    ],
    "products": [
        ["1234567891", "component", "웨이퍼 링 프레임", "Wafer ring frame", "12인치 경량 링 프레임",
         "Lightweight 12-inch ring frame", "8486.90", "SEMI-09", "7", "ISO 9001"],
    ],
}  # fmt: skip


@login_required
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    columns = {"organizations": ORGANIZATION_COLUMNS, "products": PRODUCT_COLUMNS}.get(kind)
    if columns is None:
        raise Http404
    return csv_response(f"mcelink-{kind}-template.csv", list(columns), TEMPLATE_ROWS[kind], confidential=False)
