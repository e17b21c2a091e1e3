import pytest

from mcelink.accounts.models import Role
from mcelink.companies import permissions as p
from mcelink.companies.models import Organization

pytestmark = pytest.mark.django_db

# role → (view, view contacts of own org, view contacts of other org, create, edit own, edit other, delete, import)
MATRIX = {
    Role.PROGRAM_MANAGER: (True, True, True, True, True, True, False, True),
    Role.STAFF: (True, True, True, True, True, True, True, True),
    Role.DEMAND_FIRM: (True, True, False, False, True, False, False, False),
    Role.SUPPLY_FIRM: (True, True, False, False, True, False, False, False),
    Role.REVIEWER: (True, True, False, False, False, False, False, False),
    Role.ANALYST: (True, True, False, False, False, False, False, False),
}


@pytest.mark.parametrize("role", list(MATRIX))
def test_registry_permission_matrix(make_user, role):
    own = Organization.objects.create(kind="sme", name_ko="자사")
    other = Organization.objects.create(kind="sme", name_ko="타사")
    user = make_user(role, organization=own)
    got = (
        p.can_view_organization(user, other),
        p.can_view_contacts(user, own),
        p.can_view_contacts(user, other),
        p.can_create_organization(user),
        p.can_edit_organization(user, own),
        p.can_edit_organization(user, other),
        p.can_delete_organization(user, other),
        p.can_import_registry(user),
    )
    assert tuple(map(bool, got)) == MATRIX[role]


def test_inactive_users_may_do_nothing(make_user):
    org = Organization.objects.create(kind="sme", name_ko="자사")
    user = make_user(Role.STAFF, organization=org, is_active=False)
    assert not any([p.can_view_organization(user), p.can_view_contacts(user, org), p.can_edit_organization(user, org)])


# Anonymous and inactive users (an inactive staff member of the organization) may do nothing, own or other.
@pytest.mark.parametrize("who", ["anonymous", "inactive"])
def test_anonymous_and_inactive_matrix(make_user, who):
    from django.contrib.auth.models import AnonymousUser

    own = Organization.objects.create(kind="sme", name_ko="자사")
    other = Organization.objects.create(kind="sme", name_ko="타사")
    user = AnonymousUser() if who == "anonymous" else make_user(Role.STAFF, organization=own, is_active=False)
    got = (
        p.can_view_organization(user, other),
        p.can_view_contacts(user, own),
        p.can_view_contacts(user, other),
        p.can_create_organization(user),
        p.can_edit_organization(user, own),
        p.can_edit_organization(user, other),
        p.can_delete_organization(user, own),
        p.can_import_registry(user),
    )
    assert tuple(map(bool, got)) == (False,) * 8


def test_a_refused_edit_answers_403_and_changes_nothing(client, make_user):
    own = Organization.objects.create(kind="sme", name_ko="자사")
    other = Organization.objects.create(kind="sme", name_ko="타사")
    client.force_login(make_user(Role.SUPPLY_FIRM, organization=own))
    response = client.post(f"/organizations/{other.pk}/edit/", {"name_ko": "바뀐 이름", "kind": "sme"})
    assert response.status_code == 403
    # The refused user reads why, in the default language.
    assert "소속 기업" in response.content.decode()
    other.refresh_from_db()
    assert other.name_ko == "타사"


def test_every_refusal_says_why(make_user):
    from mcelink.core.permissions import Decision

    org = Organization.objects.create(kind="sme", name_ko="타사")
    user = make_user(Role.SUPPLY_FIRM)
    for decision in (
        p.can_create_organization(user),
        p.can_edit_organization(user, org),
        p.can_delete_organization(user, org),
        p.can_import_registry(user),
    ):
        assert isinstance(decision, Decision) and not decision and decision.message
