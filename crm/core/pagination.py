"""One page of a list: Flask-SQLAlchemy's db.paginate, kept on the last page when past it."""

from __future__ import annotations

from flask import current_app, request
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select

from crm.core.extensions import db
from crm.core.urls import parse_id


def paginate(query: Select) -> Pagination:
    """The page asked for in ?page= (bad values mean 1) of PER_PAGE rows, in two statements.

    A page past the end (an old link after records were archived) shows the last page
    rather than nothing, at the cost of one more statement.
    """
    per_page = current_app.config["PER_PAGE"]
    number = parse_id(request.args.get("page")) or 1  # huge numbers must not reach OFFSET
    page = db.paginate(query, page=number, per_page=per_page, error_out=False)
    if page.total and page.page > page.pages:
        page = db.paginate(query, page=page.pages, per_page=per_page, error_out=False)
    return page
