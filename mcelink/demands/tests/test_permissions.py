"""The demand board's action rules: every role (plus an anonymous and an inactive user) × every ``can_*`` rule and
``roles_of``, own demand vs another firm's, per state where the rule depends on it. The expected answers are
written out here, independently of the code; the disclosure levels are ``test_disclosure.py``'s."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from mcelink.accounts.models import Role
from mcelink.accounts.tests.factories import UserFactory
from mcelink.companies.tests.factories import BuyerFactory, SupplierFactory
from mcelink.core.permissions import Decision
from mcelink.demands import permissions as p
from mcelink.demands.models import Demand, DemandFile, Invitation, Proposal, Status
from mcelink.demands.tests.factories import DemandFactory, InvitationFactory

pytestmark = pytest.mark.django_db

# Who looks at one demand of firm A, to which supply firm S is invited:
ACTORS = (
    "buyer",  # demand_firm of A
    "other_buyer",  # demand_firm of another buyer firm
    "supplier",  # supply_firm of S (the invited firm)
    "other_supplier",  # supply_firm of a firm not invited
    "program_manager",
    "reviewer",
    "analyst",
    "staff",
    "anonymous",
    "inactive",  # a demand_firm user of A whose account is deactivated
)
ALL_STATES = tuple(Status.values)
NOBODY: frozenset[str] = frozenset()


class World:
    def __init__(self, *, status: str = Status.OPEN, invitation_state: str = Invitation.State.PENDING, public=False):
        self.buyer_org, self.other_buyer_org = BuyerFactory(), BuyerFactory()
        self.supplier_org, self.other_supplier_org = SupplierFactory(), SupplierFactory()
        self.demand = DemandFactory(
            buyer=self.buyer_org, status=status, visibility="summary_public" if public else "invited_only"
        )
        accepted = invitation_state != Invitation.State.PENDING
        self.invitation = InvitationFactory(
            demand=self.demand,
            supplier=self.supplier_org,
            state=invitation_state,
            nda_accepted_at=datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC) if accepted else None,
        )
        self.users = {
            "buyer": UserFactory(role=Role.DEMAND_FIRM, organization=self.buyer_org),
            "other_buyer": UserFactory(role=Role.DEMAND_FIRM, organization=self.other_buyer_org),
            "supplier": UserFactory(role=Role.SUPPLY_FIRM, organization=self.supplier_org),
            "other_supplier": UserFactory(role=Role.SUPPLY_FIRM, organization=self.other_supplier_org),
            "program_manager": UserFactory(role=Role.PROGRAM_MANAGER),
            "reviewer": UserFactory(role=Role.REVIEWER),
            "analyst": UserFactory(role=Role.ANALYST),
            "staff": UserFactory(role=Role.STAFF, is_staff=True),
            "anonymous": AnonymousUser(),
            "inactive": UserFactory(role=Role.DEMAND_FIRM, organization=self.buyer_org, is_active=False),
        }


def check(result: object, expected: bool, label: object) -> None:
    assert bool(result) == expected, label
    if isinstance(result, Decision) and not expected:
        assert result.message, label  # a refused user reads why


# ---- rules without an object -------------------------------------------------------------------------------

# actor → (can_create_demand, can_view_funnel)
GLOBAL = {
    "buyer": (True, False),
    "other_buyer": (True, False),
    "supplier": (False, False),
    "other_supplier": (False, False),
    "program_manager": (False, True),
    "reviewer": (False, False),
    "analyst": (False, True),
    "staff": (False, True),
    "anonymous": (False, False),
    "inactive": (False, False),
}


@pytest.mark.parametrize("who", ACTORS)
def test_global_rules(who):
    user = World().users[who]
    create, funnel = GLOBAL[who]
    check(p.can_create_demand(user), create, (who, "create"))
    check(p.can_view_funnel(user), funnel, (who, "funnel"))


def test_a_demand_firm_user_without_an_organization_may_not_create_a_demand():
    assert not p.can_create_demand(UserFactory(role=Role.DEMAND_FIRM, organization=None))


# ---- demand rules, per state --------------------------------------------------------------------------------

# rule → the states in which the buyer may; nobody else may in any state.
BUYER_STATES = {
    "can_edit_demand": frozenset({"draft", "open", "shortlisting"}),
    "can_invite": frozenset({"open", "shortlisting", "invited", "proposal"}),
    "can_work_candidates": frozenset({"open", "shortlisting", "invited", "proposal", "sample_test", "line_test"}),
    "can_record_validation": frozenset({"sample_test", "line_test"}),
}


@pytest.mark.parametrize("status", ALL_STATES)
@pytest.mark.parametrize("rule", list(BUYER_STATES))
def test_demand_rules_per_state(rule, status):
    world = World(status=status)
    for who, user in world.users.items():
        expected = who == "buyer" and status in BUYER_STATES[rule]
        check(getattr(p, rule)(user, world.demand), expected, (who, rule, status))


# roles_of: actor → roles on a draft (no invitation accepted yet: a draft was never open), and on an open demand
# where S has accepted the NDA.
ROLES_DRAFT = {"buyer": {"buyer"}}
ROLES_LIVE = {
    "buyer": {"buyer"},
    "supplier": {"invited_supplier"},
    "program_manager": {"manager"},
    "staff": {"manager"},
}


@pytest.mark.parametrize("who", ACTORS)
def test_roles_of(who):
    draft = World(status=Status.DRAFT, invitation_state=Invitation.State.PENDING)
    assert p.roles_of(draft.users[who], draft.demand) == ROLES_DRAFT.get(who, set()), who
    live = World(status=Status.OPEN, invitation_state=Invitation.State.ACCEPTED)
    assert p.roles_of(live.users[who], live.demand) == ROLES_LIVE.get(who, set()), who


def test_a_pending_invitation_gives_no_role():
    world = World(status=Status.INVITED, invitation_state=Invitation.State.PENDING)
    assert p.roles_of(world.users["supplier"], world.demand) == set()


# can_express_interest: only a supply firm that sees the anonymous summary (public, sourcing, not invited).
INTEREST = {"other_supplier"}


@pytest.mark.parametrize("status", ALL_STATES)
@pytest.mark.parametrize("public", [True, False], ids=["public", "invited-only"])
def test_can_express_interest(status, public):
    world = World(status=status, public=public)
    for who, user in world.users.items():
        expected = who in INTEREST and public and status in {"open", "shortlisting", "invited"}
        check(p.can_express_interest(user, world.demand), expected, (who, status, public))


# ---- invitation rules, per scenario -------------------------------------------------------------------------

INVITATION_RULES = (
    "can_view_invitation",
    "can_accept_nda",
    "can_decline",
    "can_message",
    "can_propose",
    "can_reject_invitation",
    "can_start_validation",
)
# scenario → actor → the rules it passes (every actor not named passes none).
SCENARIOS = {
    # invited, NDA not yet accepted
    ("invited", "pending", False): {
        "buyer": {"can_view_invitation", "can_message", "can_reject_invitation"},
        "supplier": {"can_view_invitation", "can_accept_nda", "can_decline", "can_message"},
    },
    # NDA accepted, a proposal sent, the demand takes proposals
    ("proposal", "accepted", True): {
        "buyer": {"can_view_invitation", "can_message", "can_reject_invitation", "can_start_validation"},
        "supplier": {"can_view_invitation", "can_decline", "can_message", "can_propose"},
    },
    # NDA accepted but the demand is back to open: no proposal yet
    ("invited", "accepted", False): {
        "buyer": {"can_view_invitation", "can_message", "can_reject_invitation"},
        "supplier": {"can_view_invitation", "can_decline", "can_message", "can_propose"},
    },
    # the demand is closed: only looking remains
    ("closed", "accepted", True): {
        "buyer": {"can_view_invitation"},
        "supplier": {"can_view_invitation"},
    },
    # the supplier declined: the invitation is over
    ("proposal", "declined", False): {
        "buyer": {"can_view_invitation"},
        "supplier": {"can_view_invitation"},
    },
}


@pytest.mark.parametrize(("status", "state", "with_proposal"), list(SCENARIOS))
def test_invitation_rules(status, state, with_proposal):
    world = World(status=status, invitation_state=state)
    if with_proposal:
        Proposal.objects.create(invitation=world.invitation, unit_price_krw=1000, lead_time_days=30)
    allowed = SCENARIOS[(status, state, with_proposal)]
    for who, user in world.users.items():
        for rule in INVITATION_RULES:
            check(getattr(p, rule)(user, world.invitation), rule in allowed.get(who, set()), (who, rule))


def test_the_supplier_under_validation_cannot_be_rejected():
    world = World(status=Status.SAMPLE_TEST, invitation_state=Invitation.State.ACCEPTED)
    Demand.objects.filter(pk=world.demand.pk).update(selected_invitation=world.invitation)
    world.invitation.refresh_from_db()
    assert not p.can_reject_invitation(world.users["buyer"], world.invitation)
    other = InvitationFactory(demand=world.invitation.demand, supplier=SupplierFactory())
    assert p.can_reject_invitation(world.users["buyer"], other)


# ---- files ---------------------------------------------------------------------------------------------------

# actor → (specification file, the invited supplier's proposal file), NDA accepted, demand in proposals
FILES = {
    "buyer": (True, True),
    "supplier": (True, True),
}
# the same with the NDA not accepted
FILES_NO_NDA = {"buyer": (True, True)}


@pytest.mark.parametrize("nda", [True, False], ids=["nda", "no-nda"])
def test_can_view_file(nda):
    world = World(status=Status.PROPOSAL, invitation_state="accepted" if nda else "pending")
    spec = DemandFile(demand=world.demand, invitation=None, kind=DemandFile.Kind.SPECIFICATION, name="spec.pdf")
    prop = DemandFile(demand=world.demand, invitation=world.invitation, kind=DemandFile.Kind.PROPOSAL, name="p.pdf")
    table = FILES if nda else FILES_NO_NDA
    for who, user in world.users.items():
        expected = table.get(who, (False, False))
        assert (p.can_view_file(user, spec), p.can_view_file(user, prop)) == expected, who


# ---- through the pages: a refused action answers 403 (or 404 when hidden) and changes nothing ------------------


@pytest.mark.parametrize(
    ("who", "status", "code"),
    [
        ("supplier", Status.OPEN, 403),  # sees the demand (invited), may not edit it
        ("program_manager", Status.OPEN, 403),  # sees the summary, may not edit it
        ("buyer", Status.PROPOSAL, 403),  # own demand, past shortlisting
        ("other_buyer", Status.OPEN, 404),  # must not learn it exists
    ],
)
def test_a_refused_edit_changes_nothing(client, who, status, code):
    world = World(status=status)
    before = Demand.objects.get(pk=world.demand.pk)
    client.force_login(world.users[who])
    response = client.post(f"/demands/{world.demand.pk}/edit/", {"title": "바뀐 제목", "summary": "바뀐 요약"})
    assert response.status_code == code
    after = Demand.objects.get(pk=world.demand.pk)
    assert (after.title, after.summary, after.status, after.updated_at) == (
        before.title,
        before.summary,
        before.status,
        before.updated_at,
    )


def test_a_supplier_may_not_invite_another_firm(client):
    world = World(status=Status.OPEN)
    client.force_login(world.users["supplier"])
    client.post(f"/demands/{world.demand.pk}/invite/", {"supplier": world.other_supplier_org.pk, "note": "x"})
    assert not Invitation.objects.filter(demand=world.demand, supplier=world.other_supplier_org).exists()
