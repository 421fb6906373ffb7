"""`flask crm checklist PROPOSAL_ID [--json]`."""

import json

from crm.demo.story import TITLE


def test_json_gives_the_timeline_and_each_stake(runner, demo):
    result = runner.invoke(args=["crm", "checklist", str(demo.proposal), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["proposal"]["title"] == TITLE
    assert (data["consult_by"], data["deadline"]) == ("2026-12-11", "2027-01-05")
    assert data["working_days_left"] == 10
    assert [w["code"] for w in data["warnings"]] == ["holiday_squeeze"]
    assert data["ready_to_draft"] is False
    states = {s["organisation"]: s["state"] for s in data["stakes"]}
    assert set(states) == set(demo.stakes)
    assert states["Hillview Wellbeing Café"] == "not_yet"
    assert states["Eastbrook GP Federation"] == "waived"
    assert states["Mind in Eastbrook"] == "consulted"
    icb = next(s for s in data["stakes"] if s["organisation"].startswith("NHS Eastbrook"))
    assert (icb["state"], icb["attempts"]) == ("attempted", 2)
    assert icb["last_conversation"] == {"on": "2026-11-20", "outcome": "no_answer"}


def test_text_output_names_dates_warnings_and_states(runner, demo):
    result = runner.invoke(args=["crm", "checklist", str(demo.proposal)])
    assert result.exit_code == 0, result.output
    assert "Consult by:        Fri 11 Dec 2026" in result.output
    assert "Deadline:          Tue 5 Jan 2027" in result.output
    assert "runs over Christmas" in result.output
    assert "Not ready to draft: 6 of 12 partners consulted" in result.output
    assert "Hillview Wellbeing Café [Collaborate] Not yet contacted" in result.output


def test_a_missing_proposal_is_a_clear_error(runner, demo):
    result = runner.invoke(args=["crm", "checklist", "99999"])
    assert result.exit_code != 0
    assert "No proposal with id 99999" in result.output
