"""Import pages: upload, preview and map columns, check every row, import, result."""

from __future__ import annotations

import os
import uuid
from datetime import timedelta

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from crm.audit.models import AuditEntry
from crm.core.access import allow
from crm.core.db import utcnow
from crm.core.extensions import csrf, db
from crm.core.forms import form_status
from crm.io.blueprint import bp
from crm.io.carry import pack, packed_limit, unpack
from crm.io.exports import render
from crm.io.forms import ReviewForm, UploadForm
from crm.io.importing import (
    ImportConflict,
    ImportOptions,
    ImportReport,
    apply_import,
    plan_import,
)
from crm.io.mapping import IMPORT_KINDS, field_labels, guess_mapping, mapping_problems
from crm.io.reading import Limits, ReadError, Table, read_table
from crm.io.results import skipped_frame
from crm.io.validation import stored_names

PREVIEW_ROWS = 5
PREVIEW_CHARS = 120  # characters of a cell shown in the preview
SAMPLE_CHARS = 40  # characters of each example value beside a column
LISTED_ROWS = 200  # problem and warning rows shown on a page; the download has them all


def _accept_file_form() -> Limits:
    """Let this request carry a file up to the import limit, then check its CSRF token."""
    limits = Limits.from_config(current_app.config)
    ceiling = packed_limit(limits.max_bytes)
    request.max_content_length = max(current_app.config.get("MAX_CONTENT_LENGTH") or 0, ceiling)
    request.max_form_memory_size = ceiling
    # Exempt from the global check (which reads the form before these limits apply).
    if current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()
    return limits


@bp.route("/import/", methods=["GET", "POST"])
@csrf.exempt
@allow("editor")
def import_start():
    limits = _accept_file_form()
    form = UploadForm()
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read()  # bounded by request.max_content_length
        filename = os.path.basename(upload.filename or "upload.csv")[:200]
        try:
            table = read_table(data, filename, limits)
        except ReadError as error:
            form.file.errors = [*form.file.errors, str(error)]
        else:
            review = ReviewForm(
                formdata=None,
                kind=form.kind.data,
                filename=filename,
                payload=pack(data),
                ref=uuid.uuid4().hex,
            )
            mapping = guess_mapping(table.headers, form.kind.data)
            return _review(review, table, mapping)
    return render_template("io/upload.html", form=form, limits=limits), form_status(form)


def _restart(message: str):
    flash(f"{message} Nothing was imported.", "danger")
    return redirect(url_for(".import_start"))


def _reopen(review: ReviewForm, limits: Limits) -> Table:
    """The carried file, read again; raises ReadError."""
    data = unpack(review.payload.data or "", limits.max_bytes)
    return read_table(data, review.filename.data or "upload.csv", limits)


def _chosen(table: Table, kind: str) -> list[str]:
    labels = field_labels(kind)
    chosen = []
    for position, _header in enumerate(table.headers):
        key = request.form.get(f"column-{position}", "")
        chosen.append(key if key in labels else "")
    return chosen


def _options(review: ReviewForm, skip_invalid: bool = False) -> ImportOptions:
    return ImportOptions(
        kind=review.kind.data,
        filename=review.filename.data or "",
        create_missing_organisations=bool(review.create_missing_organisations.data),
        skip_invalid=skip_invalid,
        ref=review.ref.data or uuid.uuid4().hex,
    )


def _short(text: str, most: int = PREVIEW_CHARS) -> str:
    """A cell as the preview shows it: the start of it, so a page stays small."""
    return text if len(text) <= most else text[: most - 1] + "…"


def _review(review, table, mapping, report=None, problems=(), message="", status=200):
    kind = review.kind.data
    samples = [
        [
            _short(v, SAMPLE_CHARS)
            for v in list(dict.fromkeys(v for v in table.frame[h].head(200).tolist() if v.strip()))[
                :3
            ]
        ]
        for h in table.headers
    ]
    preview = [
        [_short(cell) for cell in row]
        for row in table.frame.head(PREVIEW_ROWS).itertuples(index=False)
    ]
    return render_template(
        "io/review.html",
        form=review,
        kind=kind,
        kind_label=IMPORT_KINDS[kind].lower(),
        table=table,
        preview=preview,
        names=stored_names(table, mapping, kind),
        columns=list(zip(table.headers, samples, mapping, strict=True)),
        fields=field_labels(kind),
        report=report,
        listed=LISTED_ROWS,
        mapping_problems=problems,
        message=message,
    ), status


def _prepare():
    """The review form, the file and the chosen mapping, or a response to return instead."""
    limits = _accept_file_form()
    review = ReviewForm()
    if not review.validate():
        return None, _restart("The upload was lost between steps. Upload the file again.")
    try:
        table = _reopen(review, limits)
    except ReadError as error:
        return None, _restart(str(error))
    mapping = _chosen(table, review.kind.data)
    problems = mapping_problems(mapping, table.headers, review.kind.data)
    if problems:
        return None, _review(review, table, mapping, problems=problems, status=422)
    return (review, table, mapping), None


def _mapped(table: Table, mapping: list[str]) -> dict[str, str]:
    return {header: key for header, key in zip(table.headers, mapping, strict=True) if key}


@bp.route("/import/check", methods=["POST"])
@csrf.exempt
@allow("editor")
def import_check():
    prepared, response = _prepare()
    if response is not None:
        return response
    review, table, mapping = prepared
    report = plan_import(table.frame, table.lines, _mapped(table, mapping), _options(review))
    db.session.rollback()  # a check writes nothing
    return _review(review, table, mapping, report=report)


def _already_imported(ref: str) -> bool:
    recent = db.session.scalars(
        select(AuditEntry.changes).where(
            AuditEntry.action == "import",
            AuditEntry.user_id == current_user.id,
            AuditEntry.at >= utcnow() - timedelta(days=1),
        )
    )
    return any((changes.get("ref") or [None, None])[1] == ref for changes in recent)


@bp.route("/import/run", methods=["POST"])
@csrf.exempt
@allow("editor")
def import_run():
    prepared, response = _prepare()
    if response is not None:
        return response
    review, table, mapping = prepared
    if _already_imported(review.ref.data or ""):
        flash("That file was imported already (it was sent twice). See the audit log.", "info")
        return redirect(url_for(".import_start"))
    skip = request.form.get("mode") == "skip_invalid"
    options = _options(review, skip_invalid=skip)
    report = plan_import(table.frame, table.lines, _mapped(table, mapping), options)
    if report.blocked:
        db.session.rollback()
        message = _blocked_message(report)
        return _review(review, table, mapping, report=report, message=message, status=422)
    try:
        apply_import(report, current_user)
        db.session.commit()
    except (IntegrityError, ImportConflict):
        db.session.rollback()
        return _review(review, table, mapping, message=CHANGED_MEANWHILE, status=409)
    return _result(report, table)


CHANGED_MEANWHILE = (
    "Someone changed the same records while this import ran, so nothing was imported. "
    "Check the rows again and import."
)


def _blocked_message(report: ImportReport) -> str:
    rows = "row has a problem" if report.skipped == 1 else "rows have problems"
    return (
        f"Nothing was imported: {report.skipped:,} {rows}. Fix the file and upload it "
        "again, or import the valid rows and skip the others."
    )


def _result(report: ImportReport, table: Table):
    skipped = pack(render(skipped_frame(table, report), "csv")) if report.problem_rows else ""
    return render_template(
        "io/result.html",
        report=report,
        kind_label=IMPORT_KINDS[report.options.kind].lower(),
        skipped_payload=skipped,
        listed=LISTED_ROWS,
    )


@bp.route("/import/skipped.csv", methods=["POST"])
@csrf.exempt
@allow("editor")
def import_skipped():
    limits = _accept_file_form()
    try:
        data = unpack(request.form.get("skipped", ""), limits.max_bytes * 4)
    except ReadError as error:
        return _restart(str(error))
    name = os.path.splitext(request.form.get("filename", "import"))[0][:100] or "import"
    return current_app.response_class(
        data,
        mimetype="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{_safe(name)}-skipped-rows.csv"',
            "Cache-Control": "no-store",
        },
    )


def _safe(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in name)
