"""Fixtures shared by every app's tests.

The default data (`mcelink demo`'s) is loaded once per test database, after migrations, so that every test
starts from it and rolls back its own changes. Transactional tests (marked ``serial``) empty the database
and run last, or in a separate pytest run (see the Makefile); they load what they need themselves.
"""

import pytest

from mcelink.accounts.models import Role
from mcelink.accounts.tests.factories import UserFactory


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    if request.config.getoption("markexpr") != "serial":
        from mcelink.data import DataFileMissing
        from mcelink.seed.testing import load_default_data_for_tests

        with django_db_blocker.unblock():
            try:
                load_default_data_for_tests()
            except DataFileMissing as exc:  # no data directory: say where to get it, once, not per test
                pytest.exit(str(exc), returncode=1)


def pytest_collection_modifyitems(items):
    """Transactional tests last: they empty the database the others share."""
    items.sort(key=lambda item: item.get_closest_marker("serial") is not None)


@pytest.fixture(autouse=True)
def matching_index_in_tmp(settings, tmp_path):
    """Each test that builds the supplier index builds its own, never the developer's."""
    settings.MATCHING_INDEX_DIR = tmp_path / "matching-index"


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
