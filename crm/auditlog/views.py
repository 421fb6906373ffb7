"""The audit log page (admin): who changed what, when, with old and new values."""

from flask import Blueprint, render_template, request, url_for

from crm.auditlog import display, queries
from crm.core.access import allow
from crm.core.pagination import paginate
from crm.rules.vocabulary import AUDIT_ACTIONS

bp = Blueprint("audit", __name__, url_prefix="/audit")


@bp.route("/")
@allow("admin")
def index():
    filters = queries.AuditFilters.from_args(request.args)
    page = paginate(queries.list_query(filters))
    return render_template(
        "audit/index.html",
        page=page,
        filters=filters,
        actions=AUDIT_ACTIONS,
        users=queries.user_choices(),
        entity_types=queries.entity_types(),
        entity_labels=queries.ENTITY_LABELS,
        erased=queries.erased_records(page.items),
        changes=display.describe(page.items),
        record_url=_record_url,
    ), 422 if filters.problems else 200


def _record_url(entity_type: str, entity_id: int | None) -> str | None:
    target = queries.RECORD_PAGES.get(entity_type)
    if entity_id is None or target is None:
        return None
    return url_for(target[0], **{target[1]: entity_id})
