"""Log-in and user administration forms."""

from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from crm.core.access import USER_ROLES
from crm.core.db import choices
from crm.core.editlock import LockFields
from crm.core.forms import EmailAddress, Form


class LoginForm(Form):
    """Email and password."""

    email = EmailField("Email", validators=[DataRequired(message="Enter your email address.")])
    password = PasswordField("Password", validators=[DataRequired(message="Enter your password.")])


class UserCreateForm(Form):
    """An admin creates a user with a first password to pass on."""

    name = StringField("Name", validators=[DataRequired(message="Enter a name."), Length(max=200)])
    email = EmailField(
        "Email",
        validators=[
            DataRequired(message="Enter an email address."),
            EmailAddress(message="Enter an email address like name@example.org."),
            Length(max=320),
        ],
    )
    role = SelectField("Role", choices=choices(USER_ROLES), default="editor")
    password = PasswordField(
        "First password",
        validators=[DataRequired(message="Enter a first password.")],
        description="At least 12 characters. Give it to them in person; they can change it.",
    )


class UserEditForm(Form, LockFields):
    """An admin changes a user's name, role or active flag, or sets a new password."""

    name = StringField("Name", validators=[DataRequired(message="Enter a name."), Length(max=200)])
    role = SelectField("Role", choices=choices(USER_ROLES))
    active = BooleanField("Active (can log in)")
    password = PasswordField(
        "New password",
        validators=[Optional()],
        description="Leave empty to keep the current password. Changing it logs them out.",
    )


class PasswordForm(Form):
    """A user changes their own password."""

    current = PasswordField(
        "Current password", validators=[DataRequired(message="Enter your current password.")]
    )
    password = PasswordField(
        "New password",
        validators=[DataRequired(message="Enter a new password.")],
        description="At least 12 characters; a few words together work well.",
    )


class AccountForm(Form):
    """One's own email settings."""

    email_digest = BooleanField(
        "Email me a daily digest",
        description=(
            "One email a day, only when something needs you: partners to consult before a "
            "consult-by date in the next five working days, and follow-ups due."
        ),
    )
