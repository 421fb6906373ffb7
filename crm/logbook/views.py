"""The logbook: the conversations list, the log form (page and inline), edit and delete."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from crm.conversations import queries
from crm.conversations.models import Conversation
from crm.core import editlock
from crm.core.access import allow
from crm.core.errors import FieldError
from crm.core.extensions import csrf, db
from crm.core.forms import EmptyForm, form_status, read_filters
from crm.core.pagination import paginate
from crm.core.storage import reads_until_saved, write_lock
from crm.core.urls import is_htmx, safe_next
from crm.logbook import email_drop, services
from crm.logbook.forms import ConversationFilterForm
from crm.logbook.formview import (
    clean_target,
    edit_form,
    form_context,
    new_form,
    origin_args,
)
from crm.logbook.fragments import fragment

bp = Blueprint("logbook", __name__, url_prefix="/conversations")
# Log an email by dropping an .eml or .msg on the form (crm/logbook/email_drop.py);
# exempt from the global CSRF check, which would read the file before its size limit is set.
bp.add_url_rule(
    "/from-email",
    "from_email",
    csrf.exempt(allow("editor")(email_drop.from_email)),
    methods=["POST"],
)


@bp.app_template_global("may_change_conversation")
def may_change_conversation(conversation: Conversation) -> bool:
    """For templates: whether the signed-in user may edit or delete this conversation."""
    return services.may_change(conversation, current_user)


@bp.route("/")
@allow("viewer")
def index():
    form = read_filters(ConversationFilterForm, request.args)
    filters = form.filters()
    page = paginate(queries.list_query(filters))
    return render_template(
        "logbook/index.html", page=page, form=form, filters=filters
    ), form_status(form)


def _render_form(form, conversation=None, outcome=None):
    context = form_context(form, conversation)
    action = (
        url_for(".edit", conversation_id=conversation.id) if conversation else url_for(".create")
    )
    template = "logbook/_form.html" if context.partial else "logbook/form.html"
    return render_template(
        template,
        form=form,
        ctx=context,
        conversation=conversation,
        action=action,
        stale=outcome.stale if outcome else None,
    ), (outcome.status(form) if outcome else form_status(form))


@bp.route("/new", methods=["GET", "POST"])
@reads_until_saved
@allow("editor")
def create():
    form = new_form()
    if form.validate_on_submit():
        try:
            with write_lock(db.session):
                conversation = services.log_conversation(form.data, current_user)
                # Before the commit expires it. The flash names organisations, not
                # people: it rides in the session cookie, which is signed, not encrypted.
                logged_id, description = conversation.id, _describe(conversation, people=False)
        except FieldError as error:
            db.session.rollback()
            _attach(form, error)
        else:
            if not is_htmx():
                flash(f"Logged: {description}.", "success")
                return redirect(safe_next(form.next.data) or url_for(".index"))
            return _logged(logged_id, form, bool(form.follow_up_description.data))
    return _render_form(form)


def _attach(form, error: FieldError) -> None:
    """Show a service's FieldError by its field (or by "With whom" if the form lacks it)."""
    (form._fields.get(error.field) or form.contact_ids).errors.append(error.message)


def _logged(conversation_id: int, form, follow_up: bool):
    """After saving inline (htmx): the confirmation, or a caller's fragment with it."""
    conversation = queries.conversation(conversation_id)
    confirmation = render_template(
        "logbook/_logged.html",
        conversation=conversation,
        description=_describe(conversation),
        follow_up=follow_up,
        slot=form.slot.data,
        again=url_for(".create", **_again_args(form)),
    )
    events = "conversation-logged, followups-changed" if follow_up else "conversation-logged"
    headers = {"HX-Trigger": events}
    render = fragment(form.success.data)
    target = clean_target(form.target.data)
    if render is None or not target:
        return confirmation, 200, headers
    oob = confirmation.replace("data-oob-slot", 'hx-swap-oob="true"', 1)
    headers.update({"HX-Retarget": target, "HX-Reswap": "outerHTML"})
    return str(render(conversation, form)) + oob, 200, headers


def _again_args(form) -> dict:
    args = {"slot": form.slot.data, **origin_args(form.origin.data)}
    for name in ("success", "target"):
        if form[name].data:
            args[name] = form[name].data
    return args


def _describe(conversation: Conversation, people: bool = True) -> str:
    names = [p.contact.name for p in conversation.participants if p.contact is not None]
    names = (names if people else []) or [o.name for o in conversation.organisations]
    return (
        f"{conversation.channel_label.lower()} with {', '.join(names)}, "
        f"{conversation.outcome_label.lower()}"
    )


def _changeable(conversation_id: int) -> Conversation:
    conversation = queries.conversation(conversation_id)
    if not services.may_change(conversation, current_user):
        abort(403)
    return conversation


@bp.route("/<int:conversation_id>/edit", methods=["GET", "POST"])
@reads_until_saved
@allow("editor")
def edit(conversation_id: int):
    conversation = _changeable(conversation_id)
    form = edit_form(conversation)
    outcome = editlock.save_edit(
        form,
        conversation,
        lambda version: services.update_conversation(
            conversation, form.data, current_user, version
        ),
    )
    if outcome.saved:
        flash("Saved the conversation.", "success")
        return redirect(safe_next(form.next.data) or url_for(".index"))
    conversation = queries.conversation(conversation_id)  # reloaded after a refused save
    return _render_form(form, conversation, outcome)


@bp.route("/<int:conversation_id>/delete", methods=["GET", "POST"])
@allow("editor")
def delete(conversation_id: int):
    conversation = _changeable(conversation_id)
    form = EmptyForm()
    back = safe_next(request.values.get("next")) or url_for(".index")
    if form.validate_on_submit():
        services.delete_conversation(conversation, current_user)
        db.session.commit()
        flash("Deleted the conversation. It no longer shows or counts anywhere.", "success")
        return redirect(back)
    return render_template("logbook/delete.html", conversation=conversation, form=form, back=back)
