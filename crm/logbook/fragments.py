"""What the inline log form swaps in after saving, chosen by the page that opened it.

By default the form is replaced by a short confirmation and the `conversation-logged`
event tells every timeline on the page to reload itself. A later page that wants its
own fragment back (the pre-drafting checklist updates its row in place) registers one
and names it when it opens the form:

    # crm/checklists/views.py (checklists may import conversations)
    from crm.logbook.fragments import success_fragment

    @success_fragment("checklist-row")
    def checklist_row(conversation, form) -> str:
        stake = ...  # e.g. from form.target.data or the conversation's proposal links
        return render_template("checklists/_row.html", stake=stake)

    <a href="{{ url_for('logbook.create', proposal=p.id, organisation=o.id) }}"
       hx-get="{{ url_for('logbook.create', proposal=p.id, organisation=o.id,
                          slot='log-row-7', success='checklist-row', target='#row-7') }}"
       hx-target="#log-row-7" hx-swap="outerHTML">Log a call</a>
    <div id="log-row-7"></div>

On success the response body is the registered fragment, sent with `HX-Retarget`
(`target`) and `HX-Reswap: outerHTML`, plus the confirmation swapped out-of-band into
the form's slot. Errors still come back as the form with status 422, in place.
The service alone is `crm.logbook.services.log_conversation(data, actor)`.
"""

from __future__ import annotations

from collections.abc import Callable

_FRAGMENTS: dict[str, Callable] = {}


def success_fragment(name: str) -> Callable:
    """Decorator: `render(conversation, form) -> str` is sent back when `success=name`."""

    def register(render: Callable) -> Callable:
        _FRAGMENTS[name] = render
        return render

    return register


def fragment(name: str | None) -> Callable | None:
    """The renderer registered under `name`, if any."""
    return _FRAGMENTS.get(name or "")
