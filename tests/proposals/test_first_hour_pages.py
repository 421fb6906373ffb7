"""What a new user sees on the proposal pages (issue 14, points 7 to 17), page by page."""

from datetime import date

from crm.core.extensions import db
from tests import factories
from tests.proposals.builders import milestone, talk


def _text(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_a_new_proposal_never_shows_contradicting_badges(app, client, login_as):
    """Point 7: not "Not ready to draft" beside "Ready to submit"; not after drafting starts."""
    with app.app_context():
        fresh = factories.proposal("Fresh", status="consulting")
        mind = factories.organisation("Mind")
        factories.stake(mind, fresh, role="lead")  # collaborate: must consult and sign off
        drafting = factories.proposal("Drafting", status="drafting")
        factories.stake(mind, drafting, role="affected")  # never consulted
        db.session.commit()
        fresh_id, drafting_id = fresh.id, drafting.id
    login_as("viewer")
    text = _text(client, f"/proposals/{fresh_id}")
    assert "1 partner to consult" in text
    assert "Ready to submit" not in text and "sign-off" not in text
    assert "Not ready to draft" not in text
    text = _text(client, f"/proposals/{drafting_id}")
    assert "Not ready to draft" not in text and "to consult</span>" not in text
    assert "Ready to submit" in text


def test_a_proposal_with_no_stakes_says_add_the_organisations_everywhere(app, client, login_as):
    """Point 8: the checklist, the proposal page and the dashboard say the same thing."""
    with app.app_context():
        empty = factories.proposal("Empty", status="consulting")
        db.session.commit()
        proposal_id = empty.id
    login_as("editor")
    wording = "No partners yet: add the organisations with a stake in this proposal"
    add = f"/proposals/{proposal_id}/stakes/new"
    checklist = _text(client, f"/proposals/{proposal_id}/checklist")
    assert wording in checklist and add in checklist
    assert "Ready to draft" not in checklist and "Start drafting" not in checklist
    assert "No partners must be consulted" not in checklist
    detail = _text(client, f"/proposals/{proposal_id}")
    assert wording in detail and add in detail and "Ready to draft" not in detail
    dashboard = _text(client, "/")
    assert wording in dashboard and add in dashboard


def test_moving_to_drafting_without_stakes_asks_for_a_reason(app, client, login_as):
    with app.app_context():
        empty = factories.proposal("Empty", status="consulting")
        db.session.commit()
        proposal_id = empty.id
    login_as("editor")
    response = client.post(f"/proposals/{proposal_id}/status/drafting", data={"reason": ""})
    assert response.status_code == 422
    assert "before any organisation with a stake is recorded" in response.get_data(as_text=True)


def test_ready_proposal_shows_ready_to_draft(app, client, login_as):
    with app.app_context():
        ready = factories.proposal("Ready", status="consulting")
        mind = factories.organisation("Mind")
        factories.stake(mind, ready)
        talk(mind, ready)
        milestone(ready, "Board", date(2026, 12, 15), deadline=True)
        db.session.commit()
        proposal_id = ready.id
    login_as("viewer")
    assert "Ready to draft" in _text(client, f"/proposals/{proposal_id}")


GOOD = {
    "title": "Warm spaces",
    "summary": "Warm spaces in libraries.",
    "decision_body": "Health and Wellbeing Board",
    "consultation_start": "1/10/2026",
    "min_window_days": "10",
}


def _deadline(app, proposal_id):
    from sqlalchemy import select

    from crm.proposals.models import Milestone

    with app.app_context():
        return [
            (m.name, m.due_on)
            for m in db.session.scalars(
                select(Milestone).where(
                    Milestone.proposal_id == proposal_id, Milestone.is_submission_deadline
                )
            )
        ]


def test_the_proposal_form_asks_for_the_deadline(app, client, login_as, set_today):
    """Point 9: optional on create and edit; it makes and moves the deadline milestone."""
    from sqlalchemy import select

    from crm.audit.models import AuditEntry
    from crm.proposals.models import Proposal

    set_today(date(2026, 11, 27))
    editor = login_as("editor")
    assert "Submission deadline (optional)" in _text(client, "/proposals/new")
    response = client.post(
        "/proposals/new", data={**GOOD, "author_id": str(editor), "deadline": "18/12/2026"}
    )
    assert response.status_code == 302
    with app.app_context():
        proposal_id = db.session.scalar(select(Proposal.id))
    assert _deadline(app, proposal_id) == [("Submission deadline", date(2026, 12, 18))]
    edit = _text(client, f"/proposals/{proposal_id}/edit")
    assert 'value="18/12/2026"' in edit
    data = {**GOOD, "author_id": str(editor), "deadline": "15/12/2026", "version": "1"}
    form_version = _form_version(edit)
    data.update(form_version)
    assert client.post(f"/proposals/{proposal_id}/edit", data=data).status_code == 302
    assert _deadline(app, proposal_id) == [("Submission deadline", date(2026, 12, 15))]
    data["deadline"] = ""
    data.update(_form_version(_text(client, f"/proposals/{proposal_id}/edit")))
    assert client.post(f"/proposals/{proposal_id}/edit", data=data).status_code == 302
    assert _deadline(app, proposal_id) == []
    with app.app_context():
        entries = db.session.scalars(
            select(AuditEntry).where(AuditEntry.entity_type == "milestones")
        ).all()
        assert [e.action for e in entries] == ["create", "update", "delete"]
    # Without a deadline, "set a submission deadline" leads to the field.
    detail = _text(client, f"/proposals/{proposal_id}")
    assert f'href="/proposals/{proposal_id}/edit#deadline">Set a submission deadline' in detail
    checklist = _text(client, f"/proposals/{proposal_id}/checklist")
    assert f"/proposals/{proposal_id}/edit#deadline" in checklist
    assert 'id="deadline"' in _text(client, f"/proposals/{proposal_id}/edit")


def test_a_proposal_without_a_deadline_can_still_be_created(app, client, login_as):
    editor = login_as("editor")
    response = client.post("/proposals/new", data={**GOOD, "author_id": str(editor)})
    assert response.status_code == 302


def test_a_bad_deadline_is_refused_and_kept(app, client, login_as):
    editor = login_as("editor")
    response = client.post(
        "/proposals/new", data={**GOOD, "author_id": str(editor), "deadline": "31/02/2027"}
    )
    assert response.status_code == 422
    assert 'value="31/02/2027"' in response.get_data(as_text=True)


def _form_version(html):
    import re

    found = re.search(r'name="version"[^>]*value="(\d+)"', html) or re.search(
        r'value="(\d+)"[^>]*name="version"', html
    )
    return {"version": found.group(1)} if found else {}


def test_a_deadline_on_a_bank_holiday_is_warned_about(app, client, login_as, set_today):
    """Point 10: Mon 28 Dec 2026 is Boxing Day (observed) in the Christmas closure."""
    set_today(date(2026, 11, 27))
    editor = login_as("editor")
    response = client.post(
        "/proposals/new",
        data={**GOOD, "author_id": str(editor), "deadline": "28/12/2026"},
        follow_redirects=True,
    )
    text = response.get_data(as_text=True)
    assert "The submission deadline, Mon 28 Dec 2026, is a bank holiday (Boxing Day)" in text
    assert "the last working day before it is Wed 23 Dec 2026" in text
    from sqlalchemy import select

    from crm.proposals.models import Proposal

    with app.app_context():
        proposal_id = db.session.scalar(select(Proposal.id))
    # The proposal page and the checklist's timeline keep saying so.
    for url in (f"/proposals/{proposal_id}", f"/proposals/{proposal_id}/checklist"):
        assert "Deadline on a day off" in _text(client, url) or "is a bank holiday" in _text(
            client, url
        )
    # A milestone marked as the deadline is warned about too.
    milestone_form = {"name": "Board", "due_on": "1/1/2027", "is_submission_deadline": "y"}
    response = client.post(
        f"/proposals/{proposal_id}/milestones/new", data=milestone_form, follow_redirects=True
    )
    assert "Fri 1 Jan 2027, is a bank holiday (New Year" in response.get_data(as_text=True)


def test_dashboard_working_days_left_says_what_it_counts_to(app, client, login_as, set_today):
    """Point 16: as the checklist says it, to consult by and to the deadline."""
    set_today(date(2026, 11, 27))
    author = login_as("editor")
    with app.app_context():
        proposal = factories.proposal("Soon", status="consulting", author_id=author)
        factories.stake(factories.organisation("Mind"), proposal)
        milestone(proposal, "Board", date(2026, 12, 18), deadline=True)
        db.session.commit()
    dashboard = _text(client, "/")
    assert "to consult by" in dashboard and "to the deadline" in dashboard


def test_one_wording_for_a_missing_deadline(app, client, login_as):
    """Point 17: "No deadline set" on every page; never "Not set", "No deadline" or "None"."""
    import re

    author = login_as("editor")
    with app.app_context():
        proposal = factories.proposal("Undated", status="consulting", author_id=author)
        factories.stake(factories.organisation("Mind"), proposal)
        db.session.commit()
        proposal_id = proposal.id
    for url in (
        "/",
        "/proposals/",
        f"/proposals/{proposal_id}",
        f"/proposals/{proposal_id}/checklist",
        f"/proposals/{proposal_id}/call-sheet",
    ):
        text = _text(client, url)
        assert "No deadline set" in text, url
        plain = re.sub(r"<[^>]+>", " ", text)
        for other in ("Not set", "not set", "No deadline<", "no deadline\n", ">None<"):
            assert other not in text, (url, other)
        assert not re.search(r"\b[Nn]o deadline\b(?! set)", plain), url


def _org_with_contacts(name, *people):
    organisation = factories.organisation(name)
    return organisation, [factories.contact(person, organisation) for person in people]


def test_adding_organisations_asks_for_ratings_and_key_contacts(app, client, login_as):
    """Points 11 and 12: ratings per organisation (or not yet rated); the only contact is
    the key contact by default, and several contacts offer a choice."""
    from sqlalchemy import select

    from crm.proposals.models import Stake

    with app.app_context():
        proposal = factories.proposal("Warm spaces", status="consulting")
        solo, (sam,) = _org_with_contacts("Solo Trust", "Sam Solo")
        many, (ann, bob) = _org_with_contacts("Many Hands", "Ann Many", "Bob Many")
        none, _ = _org_with_contacts("Nobody Yet")
        db.session.commit()
        ids = proposal.id, solo.id, many.id, none.id, sam.id, ann.id, bob.id
    proposal_id, solo_id, many_id, none_id, sam_id, ann_id, bob_id = ids
    login_as("editor")
    form = _text(client, f"/proposals/{proposal_id}/stakes/new")
    assert f'name="influence-{solo_id}"' in form and "Not yet rated" in form
    assert f'name="key_contact-{many_id}"' in form  # several: a choice
    assert f'name="key_contact-{solo_id}"' not in form  # one: no question
    assert "Key contact: Sam Solo" in form
    data = {
        "organisation_ids": [str(solo_id), str(many_id), str(none_id)],
        "role": "affected",
        "engagement_level": "default",
        f"influence-{solo_id}": "4",
        f"interest-{solo_id}": "2",
        f"influence-{many_id}": "0",
        f"interest-{many_id}": "0",
        f"key_contact-{many_id}": str(bob_id),
    }
    response = client.post(f"/proposals/{proposal_id}/stakes/new", data=data)
    assert response.status_code == 302
    with app.app_context():
        stakes = {
            s.organisation_id: s
            for s in db.session.scalars(select(Stake).where(Stake.proposal_id == proposal_id))
        }
        assert (stakes[solo_id].influence, stakes[solo_id].interest) == (4, 2)
        assert stakes[solo_id].key_contact_id == sam_id
        assert (stakes[many_id].influence, stakes[many_id].interest) == (None, None)
        assert stakes[many_id].key_contact_id == bob_id
        assert stakes[none_id].influence is None and stakes[none_id].key_contact_id is None
    checklist = _text(client, f"/proposals/{proposal_id}/checklist")
    assert "influence 4, interest 2" in checklist
    assert checklist.count("influence and interest not yet rated") == 2
    # The edit form offers "not yet rated" and keeps it.
    edit = _text(client, f"/proposals/{proposal_id}/stakes/{stakes[many_id].id}/edit")
    assert '<option selected value="0">Not yet rated</option>' in edit or (
        'value="0" selected' in edit
    )


def test_a_bad_rating_is_refused_with_a_message_and_nothing_added(app, client, login_as):
    from sqlalchemy import func, select

    from crm.proposals.models import Stake

    with app.app_context():
        proposal = factories.proposal("Warm spaces", status="consulting")
        solo = factories.organisation("Solo Trust")
        db.session.commit()
        proposal_id, solo_id = proposal.id, solo.id
    login_as("editor")
    data = {
        "organisation_ids": [str(solo_id)],
        "role": "affected",
        "engagement_level": "default",
        f"influence-{solo_id}": "9",
    }
    response = client.post(f"/proposals/{proposal_id}/stakes/new", data=data)
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "Choose the influence for Solo Trust from 1 (low) to 5 (high)." in text
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Stake)) == 0


def test_the_main_contact_is_the_default_among_several(app, client, login_as):
    with app.app_context():
        earlier = factories.proposal("Earlier")
        proposal = factories.proposal("Warm spaces", status="consulting")
        many, (ann, bob) = _org_with_contacts("Many Hands", "Ann Many", "Bob Many")
        factories.stake(many, earlier, key_contact_id=bob.id)
        db.session.commit()
        proposal_id, bob_id = proposal.id, bob.id
    login_as("editor")
    form = _text(client, f"/proposals/{proposal_id}/stakes/new")
    assert f'<option value="{bob_id}" selected>Bob Many</option>' in form


def test_the_proposal_page_says_not_yet_rated(app, client, login_as):
    with app.app_context():
        proposal = factories.proposal("Warm spaces", status="consulting")
        factories.stake(factories.organisation("Solo"), proposal, influence=None, interest=None)
        factories.stake(factories.organisation("Rated"), proposal, influence=5, interest=1)
        db.session.commit()
        proposal_id = proposal.id
    login_as("viewer")
    text = _text(client, f"/proposals/{proposal_id}")
    assert "Influence and interest not yet rated" in text
    assert "Influence 5 · interest 1" in text


def test_the_proposal_actions_come_first_on_both_pages(app, client, login_as):
    """Point 13: checklist, call sheet and engagement summary at the top of both pages."""
    with app.app_context():
        proposal = factories.proposal("Warm spaces", status="consulting")
        factories.stake(factories.organisation("Solo"), proposal)
        db.session.commit()
        pid = proposal.id
    login_as("editor")
    links = (
        f"/proposals/{pid}/call-sheet",
        f"/proposals/{pid}/call-sheet.pdf",
        f"/proposals/{pid}/report.pdf",
    )
    detail = _text(client, f"/proposals/{pid}")
    top = detail[: detail.index("Move this proposal on")]
    assert f'href="/proposals/{pid}/checklist"' in top
    for link in links:
        assert f'href="{link}"' in top, link
    checklist = _text(client, f"/proposals/{pid}/checklist")
    top = checklist[: checklist.index("timeline-heading")]
    for link in links:
        assert f'href="{link}"' in top, link


def test_waiving_from_the_checklist_swaps_the_row_in_place_with_an_undo(app, client, login_as):
    """Point 15: the row comes back in place (htmx) with an undo; the summary reloads."""
    from crm.proposals.models import Stake

    with app.app_context():
        proposal = factories.proposal("Warm spaces", status="consulting")
        stake = factories.stake(factories.organisation("Solo Trust"), proposal)
        db.session.commit()
        pid, sid = proposal.id, stake.id
    login_as("editor")
    page = _text(client, f"/proposals/{pid}/checklist")
    assert f'hx-post="/proposals/{pid}/checklist/rows/{sid}/waive"' in page
    htmx = {"HX-Request": "true"}
    bad = client.post(
        f"/proposals/{pid}/checklist/rows/{sid}/waive", data={"reason": " "}, headers=htmx
    )
    assert bad.status_code == 422
    assert "Say why this organisation need not be consulted." in bad.get_data(as_text=True)
    with app.app_context():
        assert not db.session.get(Stake, sid).waived
    done = client.post(
        f"/proposals/{pid}/checklist/rows/{sid}/waive",
        data={"reason": "They closed."},
        headers=htmx,
    )
    assert done.status_code == 200 and done.headers["HX-Trigger"] == "checklist-changed"
    text = done.get_data(as_text=True)
    assert text.lstrip().startswith("{#") is False and f'id="row-{sid}"' in text
    assert "Undo the waiver" in text and "They closed." in text
    assert "<html" not in text  # a fragment, not a page
    with app.app_context():
        assert db.session.get(Stake, sid).waiver_reason == "They closed."
    undone = client.post(f"/proposals/{pid}/checklist/rows/{sid}/unwaive", headers=htmx)
    assert undone.status_code == 200
    assert "Waiver undone" in undone.get_data(as_text=True)
    with app.app_context():
        assert not db.session.get(Stake, sid).waived
    summary = _text(client, f"/proposals/{pid}/checklist")
    assert "checklist-changed from:body" in summary


def test_an_empty_app_guides_organisations_then_contacts_then_a_proposal(app, client, login_as):
    """Point 14: the dashboard and every empty list show the first-run path."""
    login_as("editor")
    dashboard = _text(client, "/")
    assert "Getting started" in dashboard
    steps = [
        dashboard.index(s)
        for s in ("Add the organisations", "Add the people", "Start a proposal</strong>")
    ]
    assert steps == sorted(steps)
    assert 'href="/proposals/new"' not in dashboard  # not before any organisation exists
    assert 'href="/organisations/new"' in dashboard and "Import a spreadsheet" in dashboard
    organisations = _text(client, "/organisations/")
    assert (
        "No organisations yet." in organisations and "No organisations match" not in organisations
    )
    assert "Import a spreadsheet" in organisations
    assert "No organisations match “zzz”." in _text(client, "/organisations/?q=zzz")
    assert "Start with the organisations" not in _text(client, "/organisations/?q=zzz")
    contacts = _text(client, "/contacts/")
    assert "No contacts yet." in contacts and "No contacts match" not in contacts
    assert "No contacts match" in _text(client, "/contacts/?q=zzz")
    assert "No conversations logged yet" in _text(client, "/conversations/")
    # Once there is an organisation, a contact and a proposal, the path is done.
    with app.app_context():
        organisation = factories.organisation("Solo Trust")
        factories.contact("Sam Solo", organisation)
        db.session.commit()
    dashboard = _text(client, "/")
    assert 'href="/proposals/new"' in dashboard
    with app.app_context():
        factories.proposal("Warm spaces")
        db.session.commit()
    assert "Getting started" not in _text(client, "/")


def test_the_checklist_of_an_idea_offers_start_consulting_not_drafting(app, client, login_as):
    """An idea cannot move straight to drafting: the checklist offers the move it can make."""
    with app.app_context():
        proposal = factories.proposal("Idea", status="idea")
        factories.stake(factories.organisation("Solo"), proposal)
        db.session.commit()
        pid = proposal.id
    login_as("editor")
    checklist = _text(client, f"/proposals/{pid}/checklist")
    assert "Start drafting" not in checklist
    assert f'href="/proposals/{pid}/status/consulting">Start consulting' in checklist
