"""Report downloads (streamed PDFs), chart images and the overview page."""

from __future__ import annotations

from io import BytesIO

from flask import Blueprint, Response, render_template, send_file

from crm.core.access import allow
from crm.core.dates import today_london
from crm.organisations import queries as organisation_queries
from crm.proposals import queries as proposal_queries
from crm.reports import organisation_summary, proposal_summary
from crm.reports import overview as overview_report
from crm.reports import receipt as _receipt  # noqa: F401 - supplies the partner's receipt PDF
from crm.reports import sections as _sections  # noqa: F401 - registers page sections
from crm.reports.charts import monthly_bars, to_svg
from crm.reports.stakeholder_map import stakeholder_map

bp = Blueprint("reports", __name__)


def _pdf(data: bytes, name: str) -> Response:
    """Stream PDF bytes as a download; nothing is written to disk."""
    return send_file(
        BytesIO(data), mimetype="application/pdf", as_attachment=True, download_name=name
    )


def _svg(svg: str) -> Response:
    return Response(svg, mimetype="image/svg+xml")


@bp.get("/proposals/<int:proposal_id>/report.pdf")
@allow("viewer")
def proposal_pdf(proposal_id: int):
    data = proposal_summary.report_data(proposal_id, today_london())
    pdf = proposal_summary.build_pdf_from(data)
    return _pdf(pdf, f"proposal-{proposal_id}-engagement-summary.pdf")


@bp.get("/proposals/<int:proposal_id>/map.svg")
@allow("viewer")
def proposal_map(proposal_id: int):
    return _svg(
        to_svg(stakeholder_map(proposal_summary.map_points(proposal_queries.detail(proposal_id))))
    )


@bp.get("/organisations/<int:organisation_id>/report.pdf")
@allow("viewer")
def organisation_pdf(organisation_id: int):
    data = organisation_summary.report_data(organisation_id, today_london())
    pdf = organisation_summary.build_pdf_from(data)
    return _pdf(pdf, f"organisation-{organisation_id}-relationship-summary.pdf")


@bp.get("/organisations/<int:organisation_id>/contacts.svg")
@allow("viewer")
def organisation_chart(organisation_id: int):
    organisation_queries.detail(organisation_id)  # 404 when missing
    months, series = organisation_summary.contacts_per_month(organisation_id, today_london())
    return _svg(to_svg(monthly_bars(months, series)))


@bp.get("/reports/")
@allow("viewer")
def overview():
    today = today_london()
    months, series = overview_report.channel_months(today)
    description = overview_report.Overview(today, [], None, months, series).chart_description
    return render_template(
        "reports/overview.html", description=description, months=months, series=series
    )


@bp.get("/reports/channels.svg")
@allow("viewer")
def overview_chart():
    months, series = overview_report.channel_months(today_london())
    return _svg(to_svg(monthly_bars(months, series)))


@bp.get("/reports/overview.pdf")
@allow("viewer")
def overview_pdf():
    pdf = overview_report.build_overview(today_london())
    return _pdf(pdf, f"partnership-overview-{today_london():%Y-%m-%d}.pdf")
