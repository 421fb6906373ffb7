"""Proposal list, detail, create and edit pages; access rules and query counts."""

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from crm.audit.models import AuditEntry
from crm.core.dates import uk_numeric_date
from crm.core.extensions import db
from crm.proposals.models import Proposal
from crm.settings.models import Settings
from tests import factories
from tests.proposals.builders import milestone, talk

GOOD = {
    "title": "Social prescribing and peer support",
    "summary": "Link GP patients to peer groups.",
    "decision_body": "Health and Wellbeing Board",
    "consultation_start": "1/10/2026",
    "min_window_days": "15",
}


def _proposals(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Proposal))


def test_new_form_defaults_to_today_and_the_settings_window(app, client, login_as, set_today):
    today = set_today(date(2027, 2, 26))
    with app.app_context():
        db.session.add(Settings(default_min_window=12))
        db.session.commit()
    login_as("editor")
    text = client.get("/proposals/new").get_data(as_text=True)
    assert f'value="{uk_numeric_date(today)}"' in text
    assert re.search(r'<input[^>]*name="min_window_days"[^>]*value="12"', text)


def test_create(app, client, login_as):
    editor_id = login_as("editor")
    response = client.post("/proposals/new", data={**GOOD, "author_id": str(editor_id)})
    assert response.status_code == 302
    with app.app_context():
        proposal = db.session.scalar(select(Proposal))
        assert proposal.title == GOOD["title"]
        assert proposal.status == "idea"
        assert proposal.consultation_start == date(2026, 10, 1)
        assert proposal.min_window_days == 15
        assert proposal.author_id == editor_id
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.entity_type == "proposals"))
        assert entry.action == "create" and entry.user_id == editor_id


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "  ", "Enter a title."),
        ("consultation_start", "31/02/2026", "is not a date we recognise"),
        ("consultation_start", "", "Enter a date"),
        ("min_window_days", "-1", "from 0 to 120"),
        ("min_window_days", "500", "from 0 to 120"),
        ("min_window_days", "ten", "Enter a whole number"),
        ("author_id", "9999", "Not a valid choice"),
    ],
)
def test_create_bad_input(app, client, login_as, field, value, message):
    editor_id = login_as("editor")
    data = {**GOOD, "author_id": str(editor_id), field: value}
    response = client.post("/proposals/new", data=data)
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert message in text
    assert GOOD["summary"] in text  # typed values are kept
    if field in ("consultation_start", "min_window_days") and value:
        assert re.search(rf'<input[^>]*name="{field}"[^>]*value="{value}"', text)
    assert _proposals(app) == 0


def test_edit_and_stale_edit(app, client, login_as):
    with app.app_context():
        proposal_id = factories.proposal("Old title").id
        db.session.commit()
    editor_id = login_as("editor")
    form = client.get(f"/proposals/{proposal_id}/edit").get_data(as_text=True)
    assert re.search(r'<input[^>]*name="version"[^>]*value="1"', form)
    data = {**GOOD, "author_id": str(editor_id), "version": "1"}
    assert client.post(f"/proposals/{proposal_id}/edit", data=data).status_code == 302
    # The same form again carries version 1, which is now stale.
    stale = client.post(f"/proposals/{proposal_id}/edit", data={**data, "title": "Mine"})
    assert stale.status_code == 409
    text = stale.get_data(as_text=True)
    assert "changed this proposal while you were editing" in text and 'value="Mine"' in text
    with app.app_context():
        assert db.session.get(Proposal, proposal_id).title == GOOD["title"]


def test_edit_bad_input_writes_nothing(app, client, login_as):
    with app.app_context():
        proposal_id = factories.proposal("Old title").id
        db.session.commit()
    login_as("editor")
    data = {**GOOD, "author_id": "0", "version": "1", "min_window_days": "x"}
    response = client.post(f"/proposals/{proposal_id}/edit", data=data)
    assert response.status_code == 422
    with app.app_context():
        assert db.session.get(Proposal, proposal_id).title == "Old title"


def _list_fixture(app, n, drafts=False):
    """n proposals across statuses, each with stakes, conversations and a deadline
    (and with `drafts`, a draft naming its organisations, one of them without a stake)."""
    statuses = ["idea", "consulting", "drafting", "in_review", "submitted", "withdrawn"]
    with app.app_context():
        author = factories.user("editor")
        for i in range(n):
            proposal = factories.proposal(status=statuses[i % len(statuses)], author_id=author.id)
            milestone(proposal, "Board", date(2026, 12, 15), deadline=True)
            for j in range(3):
                org = factories.organisation()
                factories.stake(org, proposal, role="lead" if j == 0 else "affected")
                talk(org, proposal, "reached" if j % 2 else "no_answer")
            if drafts:
                stranger = factories.organisation()
                _draft(proposal, [org.name, stranger.name])
        db.session.commit()


def _draft(proposal, names):
    from crm.drafts.models import Draft

    text = "\n\n".join(f"{name} will help deliver the plan." for name in names)
    db.session.add(Draft(proposal_id=proposal.id, number=1, source="pasted", text=text))
    db.session.flush()


@pytest.mark.parametrize("drafts", [False, True])
@pytest.mark.parametrize("n", [2, 20])
def test_list_query_count_is_fixed(app, client, login_as, count_queries, n, drafts):
    _list_fixture(app, n, drafts)
    login_as("viewer")
    client.get("/proposals/")  # warm the session
    with count_queries() as counter:
        response = client.get("/proposals/")
    assert response.status_code == 200
    expected = LIST_QUERIES + (LIST_NAMING_QUERIES if drafts else 0)
    assert counter["n"] == expected, counter["statements"]


@pytest.mark.parametrize("drafts", [False, True])
@pytest.mark.parametrize("n", [2, 20])
def test_detail_query_count_is_fixed(app, client, login_as, count_queries, n, drafts):
    with app.app_context():
        proposal = factories.proposal()
        milestone(proposal, "Board", date(2026, 12, 15), deadline=True)
        named = []
        for _ in range(n):
            org = factories.organisation()
            person = factories.contact(organisation=org, phone="01632 960000")
            factories.stake(org, proposal, key_contact_id=person.id)
            talk(org, proposal)
            named.append(org.name)
        if drafts:
            _draft(proposal, [*named, factories.organisation().name])
        db.session.commit()
        proposal_id = proposal.id
    login_as("editor")
    client.post(f"/proposals/{proposal_id}/status/consulting")
    with count_queries() as counter:
        response = client.get(f"/proposals/{proposal_id}")
    assert response.status_code == 200
    expected = DETAIL_QUERIES + (DETAIL_NAMING_QUERIES if drafts else 0)
    assert counter["n"] == expected, counter["statements"]


# User (1) + proposals, stakes (with their kept consultation facts), deadlines, settings,
# latest drafts.
LIST_QUERIES = 6
# With drafts: the directory's fingerprint (its names are read once per process), consents,
# open requests in writing.
LIST_NAMING_QUERIES = 3
# User (1) + proposal with milestones, stakes (with their kept consultation facts), history,
# settings, latest
# draft for readiness; + the conversations (2), follow-ups (1), drafts (1), naming (1) and
# requests in writing (1) sections; the report map reuses the stakes.
DETAIL_QUERIES = 12
# With a draft: the directory's fingerprint, the consents and the open requests, read once
# for readiness; the naming section reuses that names check.
DETAIL_NAMING_QUERIES = 3


def test_list_groups_by_status_with_counts_and_badges(app, client, login_as):
    with app.app_context():
        ready = factories.proposal("Ready one", status="consulting")
        behind = factories.proposal("Behind one", status="consulting")
        factories.proposal("Empty idea", status="idea")
        signing = factories.proposal("Signing one", status="in_review")
        a, b, c = (factories.organisation(name) for name in ("A", "B", "C"))
        factories.stake(a, ready)
        talk(a, ready)
        factories.stake(a, behind)
        factories.stake(b, behind)
        factories.stake(c, behind, role="informed")
        factories.stake(a, signing, role="lead")
        milestone(behind, "Board", date(2026, 12, 15), deadline=True)
        db.session.commit()
    login_as("viewer")
    text = client.get("/proposals/").get_data(as_text=True)
    assert 'id="status-consulting-heading">Consulting <span class="text-muted fw-normal">(2)' in (
        text
    )
    assert "Ready to draft" in text
    assert "2 partners to consult" in text
    assert "No partners yet" in text
    assert "1 sign-off needed" in text
    assert "Tue 15 Dec 2026" in text and "Tue 1 Dec 2026" in text  # deadline and consult by
    # Groups follow the lifecycle.
    assert text.index("status-idea-heading") < text.index("status-consulting-heading")
    assert text.index("status-consulting-heading") < text.index("status-in_review-heading")
    assert "Add a proposal" not in text  # a viewer


def test_missing_records_are_404(app, client, login_as):
    with app.app_context():
        one = factories.proposal()
        other = factories.proposal()
        org = factories.organisation()
        stake = factories.stake(org, other)
        mine = milestone(other, "Board", date(2026, 12, 1))
        db.session.commit()
        ids = (one.id, stake.id, mine.id)
    login_as("editor")
    one_id, stake_id, milestone_id = ids
    for path in (
        "/proposals/999",
        "/proposals/999/edit",
        "/proposals/999/stakes/new",
        "/proposals/999/milestones/new",
        f"/proposals/{one_id}/stakes/{stake_id}/edit",  # the stake of another proposal
        f"/proposals/{one_id}/stakes/{stake_id}/waive",
        f"/proposals/{one_id}/milestones/{milestone_id}/edit",
        f"/proposals/{one_id}/stakes/999/edit",
    ):
        assert client.get(path).status_code == 404, path
    for path in (
        f"/proposals/{one_id}/stakes/{stake_id}/remove",
        f"/proposals/{one_id}/stakes/{stake_id}/unwaive",
        f"/proposals/{one_id}/milestones/{milestone_id}/remove",
        "/proposals/999/milestones/1/remove",
    ):
        assert client.post(path).status_code == 404, path


def test_viewer_gets_403_on_every_post(app, client, login_as):
    with app.app_context():
        proposal = factories.proposal()
        org = factories.organisation()
        stake = factories.stake(org, proposal)
        mine = milestone(proposal, "Board", date(2026, 12, 1))
        db.session.commit()
        values = {
            "proposal_id": proposal.id,
            "stake_id": stake.id,
            "milestone_id": mine.id,
            "to_status": "consulting",
        }
    login_as("viewer")
    posts = [
        rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("proposals.") and "POST" in rule.methods
    ]
    assert len(posts) == 11
    for rule in posts:
        path = rule.build({k: v for k, v in values.items() if k in rule.arguments})[1]
        assert client.post(path, data={"reason": "x", "title": "x"}).status_code == 403, path
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 0
        assert db.session.get(Proposal, values["proposal_id"]).status == "idea"


def test_an_inactive_author_does_not_block_editing(app, client, login_as):
    with app.app_context():
        gone = factories.user("editor", active=False)
        proposal_id = factories.proposal("Old", author_id=gone.id).id
        db.session.commit()
        gone_id = gone.id
    login_as("editor")
    data = {
        "title": "New title",
        "consultation_start": "1/10/2026",
        "min_window_days": "10",
        "author_id": str(gone_id),
        "version": "1",
    }
    assert client.post(f"/proposals/{proposal_id}/edit", data=data).status_code == 302
    with app.app_context():
        assert db.session.get(Proposal, proposal_id).title == "New title"
