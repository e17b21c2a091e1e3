"""Programs rules: every role, anonymous and inactive × every rule, on a program the user's organization
operates, funds, or has nothing to do with. The expected answers are written out here."""

import pytest
from django.contrib.auth.models import AnonymousUser

from mcelink.accounts.tests.factories import UserFactory
from mcelink.companies.tests.factories import OrganizationFactory, SupplierFactory
from mcelink.programs import permissions as p
from mcelink.programs.models import Participation
from mcelink.programs.tests.factories import ProgramFactory, TrackFactory

pytestmark = pytest.mark.django_db

# who → (view, manage operated program, manage funded program, manage another's program)
MATRIX = {
    "program_manager": (True, True, True, False),
    "demand_firm": (True, False, False, False),
    "supply_firm": (True, False, False, False),
    "reviewer": (True, False, False, False),
    "analyst": (True, False, False, False),
    "staff": (True, True, True, True),
    "anonymous": (False, False, False, False),
    "inactive": (False, False, False, False),  # a program manager of the operator, deactivated
}


@pytest.mark.parametrize("who", list(MATRIX))
def test_matrix(who):
    org = OrganizationFactory()
    operated = ProgramFactory(operator=org)
    funded = ProgramFactory()
    funded.funders.add(org)
    other = ProgramFactory()
    if who == "anonymous":
        user = AnonymousUser()
    elif who == "inactive":
        user = UserFactory(role="program_manager", organization=org, is_active=False)
    else:
        user = UserFactory(role=who, organization=org, is_staff=who == "staff")
    decisions = [p.can_manage_program(user, prog) for prog in (operated, funded, other)]
    assert (bool(p.can_view_program(user, other)), *map(bool, decisions)) == MATRIX[who]
    for decision in decisions:
        assert decision or decision.message  # a refusal says why


def test_a_program_manager_without_an_organization_manages_nothing():
    decision = p.can_manage_program(UserFactory(role="program_manager", organization=None), ProgramFactory())
    assert not decision and decision.message


def test_a_refused_participation_add_answers_403_and_adds_nothing(client):
    track = TrackFactory()
    firm = SupplierFactory()
    client.force_login(UserFactory(role="program_manager", organization=OrganizationFactory()))
    response = client.post(f"/programs/tracks/{track.pk}/add/", {"organization": firm.pk})
    assert response.status_code == 403
    assert not Participation.objects.filter(track=track).exists()
