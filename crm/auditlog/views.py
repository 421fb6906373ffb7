"""The audit log page (admin): who changed what, when, with old and new values."""

from flask import Blueprint, render_template, request, url_for

from crm.auditlog import display, queries
from crm.auditlog.forms import AuditFilterForm
from crm.core.access import allow
from crm.core.forms import form_status, read_filters
from crm.core.pagination import paginate
from crm.rules.vocabulary import AUDIT_ACTIONS

bp = Blueprint("audit", __name__, url_prefix="/audit")


@bp.route("/")
@allow("admin")
def index():
    form = read_filters(AuditFilterForm, request.args)
    filters = form.filters()
    page = paginate(queries.list_query(filters))
    return render_template(
        "audit/index.html",
        form=form,
        page=page,
        filters=filters,
        actions=AUDIT_ACTIONS,
        entity_labels=queries.ENTITY_LABELS,
        erased=queries.erased_records(page.items),
        changes=display.describe(page.items),
        record_url=_record_url,
    ), form_status(form)


def _record_url(entity_type: str, entity_id: int | None) -> str | None:
    target = queries.RECORD_PAGES.get(entity_type)
    if entity_id is None or target is None:
        return None
    return url_for(target[0], **{target[1]: entity_id})
