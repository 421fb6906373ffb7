"""One conversation's page, and the fragments other pages load (timelines, pickers)."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from crm.conversations import queries, sections
from crm.core.access import allow
from crm.core.urls import parse_id

bp = Blueprint("conversations", __name__, url_prefix="/conversations")


@bp.route("/<int:conversation_id>")
@allow("viewer")
def detail(conversation_id: int):
    """One conversation on a page of its own (search results and follow-ups link here)."""
    return render_template("conversations/detail.html", c=queries.conversation(conversation_id))


@bp.route("/timeline/<kind>/<int:record_id>")
@allow("viewer")
def timeline(kind: str, record_id: int):
    """A timeline's items (reloaded after logging; "show older" pages)."""
    if kind not in queries.TIMELINE_KINDS:
        abort(404)
    offset = request.args.get("offset", "")
    offset = min(int(offset[:7]), 100_000) if offset.isascii() and offset.isdigit() else 0
    context = sections.timeline_context(kind, record_id, offset=offset)
    return render_template("conversations/_timeline_items.html", s=context)


@bp.route("/pick/contacts")
@allow("editor")
def contact_options():
    """Checkboxes of people matching the search box, leaving out those already chosen."""
    chosen = [i for i in map(parse_id, request.args.getlist("contact_ids")) if i]
    q = request.args.get("contact_q", "").strip()[:100]
    people = queries.search_contacts(q, chosen) if q else []
    return render_template("conversations/_contact_options.html", people=people, q=q)


@bp.route("/pick/organisations")
@allow("editor")
def organisation_options():
    """Checkboxes of organisations matching the search box."""
    chosen = [i for i in map(parse_id, request.args.getlist("organisation_ids")) if i]
    q = request.args.get("organisation_q", "").strip()[:100]
    found = queries.search_organisations(q, chosen) if q else []
    return render_template("conversations/_organisation_options.html", organisations=found, q=q)
