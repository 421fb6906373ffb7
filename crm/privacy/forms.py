"""Privacy forms: confirming an erasure."""

from wtforms import BooleanField
from wtforms.validators import DataRequired

from crm.core.forms import Form


class EraseForm(Form):
    """Erasing cannot be undone, so it is confirmed with a tick."""

    confirm = BooleanField(
        "I understand that this deletes their details for good and cannot be undone",
        validators=[DataRequired(message="Tick the box to confirm the erasure.")],
    )


class BulkEraseForm(EraseForm):
    """The retention review's bulk erase: the ticked contacts come as contact_id values."""
