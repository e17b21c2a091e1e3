"""Fixtures shared by every app's tests: one user per role."""

import pytest

from mcelink.accounts.models import Role
from mcelink.accounts.tests.factories import UserFactory


@pytest.fixture
def make_user(db):
    def make(role: str = Role.SUPPLY_FIRM, **kwargs):
        if role == Role.STAFF:
            kwargs.setdefault("is_staff", True)
        return UserFactory(role=role, **kwargs)

    return make


@pytest.fixture
def users(make_user):
    """One user of every role, keyed by role value (``users["program_manager"]``)."""
    return {role.value: make_user(role) for role in Role}
