"""The search page: /search?q= from the box in the nav bar."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from crm.core.access import allow
from crm.core.forms import form_status, read_filters
from crm.core.searchtext import parse_query
from crm.core.urls import parse_id
from crm.search import present, queries
from crm.search.forms import SearchForm

bp = Blueprint("search", __name__, url_prefix="/search")


@bp.route("")
@allow("viewer")
def index():
    form = read_filters(SearchForm, request.args)
    organisation = parse_id(request.args.get("organisation")) or 0
    organisation_name = queries.organisation_name(organisation)
    filters = _filters(form, organisation if organisation_name else 0)
    query = parse_query(request.args.get("q", ""))
    groups = queries.search(query, filters)
    shown_args = present.args(query, filters)
    return render_template(
        "search/index.html",
        form=form,
        query=query,
        filters=filters,
        organisation_name=organisation_name,
        groups=[present.group(g, query) for g in groups],
        args=shown_args,
        without_organisation={k: v for k, v in shown_args.items() if k != "organisation"},
    ), form_status(form)


def _filters(form, organisation: int) -> queries.SearchFilters:
    """The filters as asked; one given wrongly is left out (the form says why)."""
    return queries.SearchFilters(
        kind=form.kind.data if not form.kind.errors else "",
        organisation=organisation,
        proposal=form.proposal.data or 0,
        date_from=form.date_from.data if not form.date_from.errors else None,
        date_to=form.date_to.data if not form.date_to.errors else None,
        page=parse_id(request.args.get("page")) or 1,
    )
