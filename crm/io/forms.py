"""Import forms: the upload, and the review form that carries the file between steps."""

from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, RadioField
from wtforms.validators import AnyOf, DataRequired

from crm.core.forms import Form
from crm.io.mapping import IMPORT_KINDS


class UploadForm(Form):
    """Choose what the file holds, and the file."""

    kind = RadioField(
        "What does the file hold?",
        choices=list(IMPORT_KINDS.items()),
        default="contacts",
        validators=[DataRequired(message="Choose organisations or contacts.")],
    )
    file = FileField(
        "CSV or Excel (.xlsx) file",
        validators=[FileRequired(message="Choose a CSV or Excel (.xlsx) file to upload.")],
        description=(
            "The first row must hold the column headings. A CSV file's encoding is "
            "detected (UTF-8, UTF-16, Windows-1252, Latin-1, Shift-JIS and others); "
            "check the names on the next page. Up to 10 MB, 100,000 rows and 200 columns."
        ),
        render_kw={"accept": ".csv,.xlsx,.txt,text/csv"},
    )


class ReviewForm(Form):
    """The file (carried in the form), its kind, and the import options."""

    kind = HiddenField(validators=[AnyOf(list(IMPORT_KINDS))])
    filename = HiddenField()
    payload = HiddenField(validators=[DataRequired()])
    ref = HiddenField()
    create_missing_organisations = BooleanField(
        "Create missing organisations",
        description=(
            "When a contact's organisation is not in Partnerwise yet, add it (kind: Other). "
            "Leave unticked to list those rows as problems instead."
        ),
    )
