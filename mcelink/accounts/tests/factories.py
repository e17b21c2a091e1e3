from typing import Any

import factory
from django.contrib.auth.models import AnonymousUser

from mcelink.accounts.models import Role, User


class UserFactory(factory.django.DjangoModelFactory):
    """A user; pick the role with e.g. ``UserFactory(role=Role.PROGRAM_MANAGER)`` or a factory below."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    password = factory.django.Password("pw-for-tests-1")
    role = Role.SUPPLY_FIRM


class ProgramManagerFactory(UserFactory):
    role = Role.PROGRAM_MANAGER


class DemandFirmUserFactory(UserFactory):
    role = Role.DEMAND_FIRM


class SupplyFirmUserFactory(UserFactory):
    role = Role.SUPPLY_FIRM


class ReviewerFactory(UserFactory):
    role = Role.REVIEWER


class AnalystFactory(UserFactory):
    role = Role.ANALYST


class StaffFactory(UserFactory):
    role = Role.STAFF
    is_staff = True


def user_for(who: str) -> Any:
    """A user for a permission matrix row: a role's value, "anonymous", or "inactive" (staff, deactivated)."""
    if who == "anonymous":
        return AnonymousUser()
    if who == "inactive":
        return UserFactory(role=Role.STAFF, is_staff=True, is_active=False)
    return UserFactory(role=who, is_staff=who == Role.STAFF)
