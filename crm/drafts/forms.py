"""The form that adds a draft version: a file or pasted text, and what changed."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import TextAreaField
from wtforms.validators import Length

from crm.core.forms import strip_filter


class DraftForm(FlaskForm):
    """Upload a draft file or paste its text."""

    file = FileField(
        "Draft file",
        description="A .docx, .odt, .pdf, .txt or .md file, up to 10 MB.",
        render_kw={"accept": ".docx,.odt,.pdf,.txt,.md"},
    )
    pasted = TextAreaField(
        "Or paste the text",
        validators=[Length(max=5_000_000)],
        description="Paste the whole draft if you have no file to upload.",
        render_kw={"rows": 6},
    )
    note = TextAreaField(
        "What changed",
        validators=[Length(max=2000, message="Keep the note under 2000 characters.")],
        filters=[strip_filter],
        description="For example: added the referral route; Riverside's paragraph rewritten.",
        render_kw={"rows": 2},
    )
