"""Taxonomy rules: every role, anonymous and inactive × every rule, the expected answers written out here."""

import pytest

from mcelink.accounts.tests.factories import user_for
from mcelink.core.models import Job
from mcelink.taxonomy import permissions as p

pytestmark = pytest.mark.django_db

# who → (can_view_taxonomy, can_import_taxonomy)
MATRIX = {
    "program_manager": (True, True),
    "demand_firm": (True, False),
    "supply_firm": (True, False),
    "reviewer": (True, False),
    "analyst": (True, False),
    "staff": (True, True),
    "anonymous": (False, False),
    "inactive": (False, False),
}


def make(who):
    return user_for(who)


@pytest.mark.parametrize("who", list(MATRIX))
def test_matrix(who):
    user = make(who)
    assert (bool(p.can_view_taxonomy(user)), bool(p.can_import_taxonomy(user))) == MATRIX[who]


def test_a_refused_import_answers_403_with_the_reason_and_starts_no_job(client):
    client.force_login(make("supply_firm"))
    before = Job.objects.count()
    response = client.post("/taxonomy/technologies/import/", {"batch": "1", "year": "2025"})
    # The import page is no secret (the registry's answers 403 too); the refused user reads who may import.
    assert response.status_code == 403
    assert "프로그램 관리자" in response.content.decode()
    assert Job.objects.count() == before
