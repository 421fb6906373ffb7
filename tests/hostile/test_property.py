"""Property: any text, control characters and the longest allowed lengths included, typed into
every form, is saved or refused with a message (never a 500), and every page, PDF, SVG,
calendar feed and export then renders without a 500.

Settings: 12 examples per run (each posts 9 forms and fetches 30 pages, 5 of them PDFs),
no deadline; text from every Unicode category but surrogates (HTTP cannot carry them),
with NUL, Word's \\x0b, \\r\\n, U+2028, BEL, ESC and the C1 controls made likely.
"""

from __future__ import annotations

import itertools
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crm.auth.models import User
from crm.core.extensions import db
from tests.hostile.forms import form_fields

_UNIQUE = itertools.count(1)
NASTY = [
    "\x00",
    "\x0b",
    "\n",
    "\r",
    "\u2028",
    "\x07",
    "\x1b",
    "\x85",
    "\x9f",
    "\t",
    "<",
    "&",
    "\ufeff",
]
ALPHABET = st.characters(blacklist_categories=("Cs",)) | st.sampled_from(NASTY)


def text(longest: int):
    """Short random text, or random text repeated to the field's longest allowed length."""
    short = st.text(alphabet=ALPHABET, max_size=40)
    full = st.text(alphabet=ALPHABET, min_size=1, max_size=8).map(
        lambda t: (t * (longest // len(t) + 1))[:longest]
    )
    return st.one_of(short, full)


STATS: list = []


def _ok(response, *allowed):
    STATS.append(response.status_code)
    assert response.status_code < 500, response.status_code
    if allowed:
        assert response.status_code in allowed, (
            response.status_code,
            response.get_data(as_text=True)[:300],
        )


def _post(client, url: str, data: dict):
    """Post a form; when control characters were removed, send the page's form again, as a
    user would after checking it: then the message must be gone."""
    response = client.post(url, data=data)
    _ok(response, 200, 302, 422)
    page = response.get_data(as_text=True)
    if response.status_code == 422 and "invisible control character" in page:
        again = client.post(url, data={**data, **form_fields(page)})
        _ok(again, 200, 302, 422)
        assert "invisible control character" not in again.get_data(as_text=True)
        return again
    return response


def _created_id(response, pattern: str) -> int | None:
    if response.status_code != 302:
        return None
    found = re.search(pattern, response.headers["Location"])
    return int(found.group(1)) if found else None


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    name=text(200),
    long=text(5000),
    medium=text(1000),
    short=text(40),
    title=text(300),
    summary=text(10000),
    query=text(100),
)
def test_any_text_through_every_form_and_every_output(
    app, client, users, name, long, medium, short, title, summary, query
):
    with app.app_context():
        admin = db.session.get(User, users["admin"])
        admin.calendar_token = "c" * 40
        db.session.commit()
        email = admin.email
    from tests.conftest import login

    login(client, email)
    n = next(_UNIQUE)
    org = _post(
        client,
        "/organisations/new",
        data={
            "name": f"{name[:190]} {n}",
            "kind": "charity",
            "owner_id": "0",
            "description": long,
            "address": medium,
            "area_served": name,
            "tags": name,
            "phone": short,
        },
    )
    _ok(org, 302, 422)
    org_id = _created_id(org, r"/organisations/(\d+)") or _fallback_org(client, n)
    person = _post(
        client,
        "/contacts/new",
        data={
            "name": f"{name[:190]} {n}",
            "organisation_id": str(org_id),
            "job_title": name,
            "phone": short,
            "best_times": name,
            "notes": long,
            "lawful_basis": "legitimate_interests",
            "lawful_basis_note": name[:300],
            "preferred_channel": "phone",
        },
    )
    _ok(person, 302, 422)
    proposal = _post(
        client,
        "/proposals/new",
        data={
            "title": f"{title[:290]} {n}",
            "summary": summary,
            "decision_body": name,
            "min_window_days": "10",
            "consultation_start": "1/11/2026",
            "author_id": str(users["admin"]),
        },
    )
    _ok(proposal, 302, 422)
    proposal_id = _created_id(proposal, r"/proposals/(\d+)")
    if proposal_id:
        _ok(
            client.post(
                f"/proposals/{proposal_id}/milestones/new",
                data={"name": name, "due_on": "15/01/2027", "is_submission_deadline": "y"},
            ),
            302,
            422,
        )
        _ok(
            client.post(
                f"/proposals/{proposal_id}/stakes/new",
                data={"organisation_ids": [str(org_id)], "role": "co_producer"},
            ),
            302,
            422,
            200,
        )
        _ok(
            client.post(
                "/conversations/new",
                data={
                    "occurred_on": "today",
                    "organisation_ids": [str(org_id)],
                    "channel": "call",
                    "outcome": "reached",
                    "summary": long,
                    "proposal_ids": [str(proposal_id)],
                    "follow_up_description": medium,
                    "follow_up_owner_id": str(users["admin"]),
                    "follow_up_due_on": "1/12/2026",
                },
            ),
            302,
            422,
        )
        _edit_every_stake(client, proposal_id, long)
    _ok(
        client.post(
            "/follow-ups/new",
            data={
                "description": medium,
                "owner_id": str(users["admin"]),
                "organisation_id": str(org_id),
            },
        ),
        302,
        422,
    )
    _ok(
        client.post(
            "/users/new",
            data={
                "name": name,
                "email": f"u{n}@example.org",
                "role": "viewer",
                "password": "kettle orchard violin moss",
            },
        ),
        302,
        422,
    )
    _ok(client.post("/login", data={"email": short, "password": query}))
    login(client, email)
    pages = [
        "/",
        "/organisations/",
        f"/organisations/{org_id}",
        f"/organisations/{org_id}/edit",
        f"/organisations/{org_id}/contacts.svg",
        f"/organisations/{org_id}/report.pdf",
        "/contacts/",
        "/conversations/",
        "/follow-ups/",
        "/proposals/",
        "/reports/",
        "/reports/overview.pdf",
        "/reports/channels.svg",
        "/calendar/" + "c" * 40 + ".ics",
        "/audit/",
        "/users",
        "/privacy/retention",
    ]
    for stem in ("organisations", "contacts", "conversations", "proposals", "follow-ups"):
        pages += [f"/{stem}/export.xlsx", f"/{stem}/export.csv"]
    if proposal_id:
        pages += [
            f"/proposals/{proposal_id}",
            f"/proposals/{proposal_id}/checklist",
            f"/proposals/{proposal_id}/call-sheet",
            f"/proposals/{proposal_id}/map.svg",
            f"/proposals/{proposal_id}/report.pdf",
            f"/proposals/{proposal_id}/call-sheet.pdf",
            f"/proposals/{proposal_id}/stakes.xlsx",
        ]
    for path in pages:
        _ok(client.get(path), 200)
    for path in ("/organisations/", "/contacts/", "/conversations/", "/proposals/", "/follow-ups/"):
        _ok(client.get(path, query_string={"q": query}), 200)


def _fallback_org(client, n: int) -> int:
    response = client.post(
        "/organisations/new", data={"name": f"Fallback {n}", "kind": "charity", "owner_id": "0"}
    )
    return int(re.search(r"/organisations/(\d+)", response.headers["Location"]).group(1))


def _edit_every_stake(client, proposal_id: int, notes: str) -> None:
    page = client.get(f"/proposals/{proposal_id}").get_data(as_text=True)
    for stake_id in set(re.findall(rf"/proposals/{proposal_id}/stakes/(\d+)/edit", page)):
        url = f"/proposals/{proposal_id}/stakes/{stake_id}/edit"
        form = form_fields(client.get(url).get_data(as_text=True))
        form["notes"] = notes
        form["agreement_conditions"] = notes
        _ok(client.post(url, data=form), 302, 422)
