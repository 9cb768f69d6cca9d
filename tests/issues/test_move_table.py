"""The workflow's table of moves, written out by hand from SPEC.md ("Workflow") and CONTRACT.md ("Roles"),
so that a wrong edit of workflow.MOVES fails here even though the other workflow tests walk MOVES itself.

SPEC: discovery → consultation → proposal → follow_up → closed; a proposal needs a ministry and an
improvement text, follow-up needs the government answer, closing needs a resolution; sending back and
reopening need a note. CONTRACT: officers do everything on issues; officials record the government's
answers (proposal → follow-up) and send a proposal back for more data; the filer may withdraw (close)."""

from issues import workflow

# (from, to): (kind, who may, what the move needs)
BY_HAND = {
    ("discovery", "consultation"): ("forward", {"officer"}, ()),
    ("consultation", "proposal"): ("forward", {"officer"}, ("ministry", "improvement")),
    ("proposal", "follow_up"): ("forward", {"officer", "official"}, ("answer",)),
    ("consultation", "discovery"): ("send_back", {"officer"}, ("note",)),
    ("proposal", "consultation"): ("send_back", {"officer", "official"}, ("note",)),
    ("follow_up", "proposal"): ("send_back", {"officer"}, ("note",)),
    ("discovery", "closed"): ("close", {"officer", "filer"}, ("resolution",)),
    ("consultation", "closed"): ("close", {"officer", "filer"}, ("resolution",)),
    ("proposal", "closed"): ("close", {"officer", "filer"}, ("resolution",)),
    ("follow_up", "closed"): ("close", {"officer", "filer"}, ("resolution",)),
    ("closed", "consultation"): ("reopen", {"officer"}, ("note",)),
}


def test_the_moves_are_the_ones_spec_and_contract_name():
    table = {(str(m.source), str(m.target)): (m.kind, set(m.roles), tuple(m.needs))
             for m in workflow.MOVES.values()}
    assert table == BY_HAND


def test_no_move_is_given_to_an_expert():
    assert all("expert" not in move.roles for move in workflow.MOVES.values())
