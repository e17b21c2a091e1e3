"""The workflow engine, on the demand board's workflow (the first app declared on it) and on plain rows."""

import datetime
from types import SimpleNamespace

import pytest

from mcelink.core.workflow import Move, Workflow, stages_reached, time_in_states
from mcelink.demands.models import Demand, Status, StatusChange
from mcelink.demands.workflows import DEMAND

pytestmark = pytest.mark.django_db

T0 = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def _rows(*pairs):
    return [SimpleNamespace(to_status=s, at=T0 + datetime.timedelta(days=d)) for s, d in pairs]


def test_time_in_states_adds_up_repeated_states_and_counts_the_current_one_until_now():
    rows = _rows(("draft", 0), ("open", 1), ("shortlisting", 3), ("open", 4), ("closed", 10))
    assert time_in_states(rows, now=T0 + datetime.timedelta(days=30), terminal={"closed"}) == {
        "draft": 1.0, "open": 2.0 + 6.0, "shortlisting": 1.0,
    }  # fmt: skip
    assert time_in_states(_rows(("draft", 0)), now=T0 + datetime.timedelta(hours=12)) == {"draft": 0.5}


def test_a_skipped_stage_counts_as_reached():
    progress = ("open", "shortlisting", "invited", "proposal")
    assert stages_reached(_rows(("draft", 0), ("open", 1), ("invited", 2)), progress) == {
        "open", "shortlisting", "invited",
    }  # fmt: skip
    assert stages_reached(_rows(("draft", 0), ("withdrawn", 1)), progress) == set()


def test_a_workflow_refuses_a_move_declared_twice():
    move = Move("a", "b", frozenset({"x"}), "go")
    with pytest.raises(ValueError, match="twice"):
        Workflow(model=Demand, name="t", states=Status, moves=[move, move], roles_of=lambda u, o: set(),
                 history=StatusChange, history_fk="demand")  # fmt: skip


def test_terminal_states_are_those_with_no_move_out():
    assert DEMAND.terminal == {Status.ADOPTED, Status.REJECTED, Status.WITHDRAWN, Status.CLOSED}
