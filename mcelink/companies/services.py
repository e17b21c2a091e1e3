"""Writes of the registry. Each checks permission, validates, writes atomically and records an audit row.

Field problems are raised as ``ValidationError`` with a message per field (forms and the API show them next to
the field); refusals of a business rule as ``ServiceError``; a missing right as ``PermissionDenied``.
The registry import (many rows at once, one summary audit row) is in ``imports.py``.
"""

import datetime
from collections.abc import Iterable
from typing import Any, TypedDict, Unpack

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext_lazy as _

from mcelink.companies.models import (
    Capability,
    Certification,
    ContactPerson,
    Organization,
    Product,
    ResearchEquipment,
)
from mcelink.companies.permissions import can_create_organization, can_delete_organization, can_edit_organization
from mcelink.companies.validators import normalize_business_number
from mcelink.core.audit import audit_record, model_changes
from mcelink.core.errors import ServiceError
from mcelink.taxonomy.models import HSCode, StrategicTechnology

ERR_DUPLICATE_BUSINESS_NUMBER = _("An organization with this business registration number is already registered.")
ERR_ORGANIZATION_IN_USE = _(
    "This organization cannot be deleted: programs or other records refer to it. Remove those links first."
)
ERR_CERTIFICATIONS = _("Each certification is a name of at most 150 characters.")

ORGANIZATION_FIELDS = [
    "kind", "name_ko", "name_en", "business_number", "is_demand_firm", "is_supply_firm", "region", "city",
    "district", "size_class", "employees", "revenue_krw", "founded_year", "website", "description_ko",
    "description_en",
]  # fmt: skip
PRODUCT_FIELDS = ["category", "name_ko", "name_en", "description_ko", "description_en", "trl", "certifications"]


class OrganizationData(TypedDict, total=False):
    kind: str
    name_ko: str
    name_en: str
    business_number: str
    is_demand_firm: bool
    is_supply_firm: bool
    region: str
    city: str
    district: str
    size_class: str
    employees: int | None
    revenue_krw: int | None
    founded_year: int | None
    website: str
    description_ko: str
    description_en: str


class ProductData(TypedDict, total=False):
    category: str
    name_ko: str
    name_en: str
    description_ko: str
    description_en: str
    trl: int | None
    certifications: list[str]


def _require_edit(actor: Any, organization: Organization) -> None:
    if not can_edit_organization(actor, organization):
        raise PermissionDenied


def _created(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    """The audit ``changes`` of a new object: its filled-in fields as [None, value]."""
    return model_changes(obj, [f for f in fields if getattr(obj, f) not in ("", None, [])], {})


def _codes(items: Iterable[Any]) -> list[str]:
    return sorted(item.code for item in items)


# Organizations ---------------------------------------------------------------------------------------------


def _business_number_taken(org: Organization) -> bool:
    others = Organization.objects.filter(business_number=org.business_number)
    return bool(org.business_number) and others.exclude(pk=org.pk).exists()


def _duplicate_number_error() -> ValidationError:
    return ValidationError(
        {"business_number": [ValidationError(ERR_DUPLICATE_BUSINESS_NUMBER, code="duplicate_business_number")]}
    )


def _validate_organization(org: Organization) -> None:
    """Normalize the business number ('123-45-67891' → '1234567891'), then report every field problem at once."""
    org.business_number = normalize_business_number(org.business_number)
    errors: dict[str, list[ValidationError]] = {}
    try:
        # The partial unique constraint is checked below, with a message people understand.
        org.full_clean(validate_constraints=False)
    except ValidationError as exc:
        errors = exc.error_dict
    if "business_number" not in errors and _business_number_taken(org):
        errors["business_number"] = _duplicate_number_error().error_dict["business_number"]
    if errors:
        raise ValidationError(errors)


def _save_organization(org: Organization, **kwargs: Any) -> None:
    """Save; a concurrent registration of the same number surfaces as the same field error as a checked one."""
    try:
        with transaction.atomic():
            org.save(**kwargs)
    except IntegrityError as exc:
        if _business_number_taken(org):
            raise _duplicate_number_error() from exc
        raise


def organization_create(
    *, actor: Any, strategic_technologies: Iterable[StrategicTechnology] = (), **data: Unpack[OrganizationData]
) -> Organization:
    if not can_create_organization(actor):
        raise PermissionDenied
    org = Organization(**data)
    _validate_organization(org)
    techs = list(strategic_technologies)
    with transaction.atomic():
        _save_organization(org)
        org.strategic_technologies.set(techs)
        changes = _created(org, ORGANIZATION_FIELDS)
        if techs:
            changes["strategic_technologies"] = [[], _codes(techs)]
        audit_record(actor=actor, action="organization.create", obj=org, changes=changes)
    return org


def organization_update(
    *,
    organization: Organization,
    actor: Any,
    strategic_technologies: Iterable[StrategicTechnology] | None = None,
    **data: Unpack[OrganizationData],
) -> Organization:
    """Change the given fields (and the strategic technologies when given); the audit row records what changed."""
    _require_edit(actor, organization)
    before = {name: getattr(organization, name) for name in ORGANIZATION_FIELDS}
    for name, value in data.items():
        setattr(organization, name, value)
    try:
        _validate_organization(organization)
    except ValidationError:
        for name, value in before.items():  # the caller's object stays as it was
            setattr(organization, name, value)
        raise
    changes = model_changes(organization, ORGANIZATION_FIELDS, before)
    with transaction.atomic():
        _save_organization(organization, update_fields=[*changes, "updated_at"])
        if strategic_technologies is not None:
            techs = list(strategic_technologies)
            old, new = _codes(organization.strategic_technologies.all()), _codes(techs)
            if old != new:
                organization.strategic_technologies.set(techs)
                changes["strategic_technologies"] = [old, new]
        audit_record(actor=actor, action="organization.update", obj=organization, changes=changes)
    return organization


def organization_delete(*, organization: Organization, actor: Any) -> None:
    """Delete an organization with its profile (products, capabilities, …). Refused while programs refer to it."""
    if not can_delete_organization(actor, organization):
        raise PermissionDenied
    try:
        with transaction.atomic():
            audit_record(
                actor=actor,
                action="organization.delete",
                obj=organization,
                changes={"business_number": [organization.business_number, None], "name_ko": [organization.name_ko, None]},
            )
            organization.delete()
    except ProtectedError as exc:
        raise ServiceError(str(ERR_ORGANIZATION_IN_USE), code="organization_in_use") from exc


# Products --------------------------------------------------------------------------------------------------


def _validate_product(product: Product) -> None:
    certifications = product.certifications
    if not isinstance(certifications, list) or not all(isinstance(c, str) and len(c) <= 150 for c in certifications):
        raise ValidationError({"certifications": [ValidationError(ERR_CERTIFICATIONS, code="certifications")]})
    product.certifications = [c.strip() for c in certifications if c.strip()]
    product.full_clean()


def product_create(
    *,
    organization: Organization,
    actor: Any,
    hs_codes: Iterable[HSCode] = (),
    strategic_technologies: Iterable[StrategicTechnology] = (),
    **data: Unpack[ProductData],
) -> Product:
    _require_edit(actor, organization)
    product = Product(organization=organization, **data)
    _validate_product(product)
    hs, techs = list(hs_codes), list(strategic_technologies)
    with transaction.atomic():
        product.save()
        product.hs_codes.set(hs)
        product.strategic_technologies.set(techs)
        changes = _created(product, PRODUCT_FIELDS)
        changes["organization"] = [None, organization.pk]
        if hs:
            changes["hs_codes"] = [[], _codes(hs)]
        if techs:
            changes["strategic_technologies"] = [[], _codes(techs)]
        audit_record(actor=actor, action="product.create", obj=product, changes=changes)
    return product


def product_update(
    *,
    product: Product,
    actor: Any,
    hs_codes: Iterable[HSCode] | None = None,
    strategic_technologies: Iterable[StrategicTechnology] | None = None,
    **data: Unpack[ProductData],
) -> Product:
    _require_edit(actor, product.organization)
    before = {name: getattr(product, name) for name in PRODUCT_FIELDS}
    for name, value in data.items():
        setattr(product, name, value)
    try:
        _validate_product(product)
    except ValidationError:
        for name, value in before.items():
            setattr(product, name, value)
        raise
    changes = model_changes(product, PRODUCT_FIELDS, before)
    with transaction.atomic():
        product.save(update_fields=[*changes, "updated_at"])
        for field, given in (("hs_codes", hs_codes), ("strategic_technologies", strategic_technologies)):
            if given is None:
                continue
            items = list(given)
            manager = getattr(product, field)
            old, new = _codes(manager.all()), _codes(items)
            if old != new:
                manager.set(items)
                changes[field] = [old, new]
        audit_record(actor=actor, action="product.update", obj=product, changes=changes)
    return product


def product_delete(*, product: Product, actor: Any) -> None:
    _require_edit(actor, product.organization)
    with transaction.atomic():
        audit_record(
            actor=actor, action="product.delete", obj=product, changes={"organization": [product.organization_id, None]}
        )
        product.delete()


# Capabilities, certifications, research equipment, contact people ----------------------------------------------


ProfileItem = Capability | Certification | ResearchEquipment | ContactPerson


def _create_item(obj: ProfileItem, *, actor: Any, action: str, fields: list[str]) -> None:
    obj.full_clean()
    with transaction.atomic():
        obj.save()
        changes = _created(obj, fields)
        changes["organization"] = [None, obj.organization_id]
        audit_record(actor=actor, action=action, obj=obj, changes=changes)


def _delete_item(obj: ProfileItem, *, actor: Any, action: str) -> None:
    _require_edit(actor, obj.organization)
    with transaction.atomic():
        audit_record(actor=actor, action=action, obj=obj, changes={"organization": [obj.organization_id, None]})
        obj.delete()


def capability_create(
    *,
    organization: Organization,
    actor: Any,
    name_ko: str,
    name_en: str = "",
    description_ko: str = "",
    description_en: str = "",
    trl: int | None = None,
    strategic_technologies: Iterable[StrategicTechnology] = (),
) -> Capability:
    _require_edit(actor, organization)
    capability = Capability(
        organization=organization,
        name_ko=name_ko,
        name_en=name_en,
        description_ko=description_ko,
        description_en=description_en,
        trl=trl,
    )
    techs = list(strategic_technologies)
    with transaction.atomic():
        _create_item(
            capability, actor=actor, action="capability.create", fields=["name_ko", "name_en", "trl", "description_ko"]
        )
        capability.strategic_technologies.set(techs)
    return capability


def capability_delete(*, capability: Capability, actor: Any) -> None:
    _delete_item(capability, actor=actor, action="capability.delete")


def certification_create(
    *,
    organization: Organization,
    actor: Any,
    name: str,
    issuer: str = "",
    number: str = "",
    valid_until: datetime.date | None = None,
) -> Certification:
    _require_edit(actor, organization)
    certification = Certification(
        organization=organization, name=name, issuer=issuer, number=number, valid_until=valid_until
    )
    _create_item(
        certification, actor=actor, action="certification.create", fields=["name", "issuer", "number", "valid_until"]
    )
    return certification


def certification_delete(*, certification: Certification, actor: Any) -> None:
    _delete_item(certification, actor=actor, action="certification.delete")


def research_equipment_create(
    *,
    organization: Organization,
    actor: Any,
    name_ko: str,
    name_en: str = "",
    maker: str = "",
    model_name: str = "",
    description: str = "",
    bookable: bool = False,
) -> ResearchEquipment:
    _require_edit(actor, organization)
    equipment = ResearchEquipment(
        organization=organization,
        name_ko=name_ko,
        name_en=name_en,
        maker=maker,
        model_name=model_name,
        description=description,
        bookable=bookable,
    )
    _create_item(
        equipment,
        actor=actor,
        action="research_equipment.create",
        fields=["name_ko", "name_en", "maker", "model_name", "bookable"],
    )
    return equipment


def research_equipment_delete(*, equipment: ResearchEquipment, actor: Any) -> None:
    _delete_item(equipment, actor=actor, action="research_equipment.delete")


def contact_person_create(
    *,
    organization: Organization,
    actor: Any,
    name: str,
    title: str = "",
    email: str = "",
    phone: str = "",
    is_primary: bool = False,
) -> ContactPerson:
    """Add a contact person. A new primary contact replaces the previous one as primary."""
    _require_edit(actor, organization)
    contact = ContactPerson(
        organization=organization, name=name, title=title, email=email, phone=phone, is_primary=is_primary
    )
    with transaction.atomic():
        if is_primary:
            organization.contacts.filter(is_primary=True).update(is_primary=False)
        # E-mail and phone stay out of the audit log: it outlives the contact person's data.
        _create_item(contact, actor=actor, action="contact_person.create", fields=["name", "title", "is_primary"])
    return contact


def contact_person_delete(*, contact: ContactPerson, actor: Any) -> None:
    _delete_item(contact, actor=actor, action="contact_person.delete")
