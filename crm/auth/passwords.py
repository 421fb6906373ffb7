"""Password strength: length, then zxcvbn's estimate of how many guesses it would take.

zxcvbn (the estimator Dropbox published, with its lists of common passwords, names,
words and keyboard patterns) sees through the tricks people reach for: a capital, a
year and a symbol on a common word ("Summer2024!!"), keyboard runs ("1q2w3e4r5t6y").
No composition rules: four ordinary words pass.
"""

from __future__ import annotations

from zxcvbn import zxcvbn

MIN_PASSWORD_LENGTH = 12
# At least a billion guesses: beyond zxcvbn's score 3 cut (10^8), so "Summer2024!!"
# (10^8.4) is refused and "twelve chars" (10^9.3) passes.
MIN_GUESSES_LOG10 = 9.0
ESTIMATE_CHARS = 100  # zxcvbn's time grows with length; the start is what an attacker tries
APP_WORDS = ("partnerwise", "partner", "partnership", "wise")


def password_problem(password: str, personal: tuple[str, ...] = ()) -> str | None:
    """Why a password is refused, in words, or None.

    `personal` holds the user's own name and email, which make weak passwords too.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Use at least {MIN_PASSWORD_LENGTH} characters (a few words together work well)."
    words = [*APP_WORDS, *(part for text in personal for part in _parts(text))]
    estimate = zxcvbn(password[:ESTIMATE_CHARS], user_inputs=words)
    if estimate["guesses_log10"] >= MIN_GUESSES_LOG10:
        return None
    warning = estimate["feedback"].get("warning") or (
        "It is built from a common word, name or pattern with numbers or symbols added."
    )
    return (
        f"That password is too easy to guess. {warning.rstrip('.')}. "
        "Try three or four unrelated words together, such as ‘kettle orchard violin moss’."
    )


def _parts(text: str) -> list[str]:
    """'Sam Jones', 'sam.jones@example.org' -> ['sam', 'jones', 'example', 'org']."""
    cleaned = "".join(ch if ch.isalnum() else " " for ch in text.lower())
    return [part for part in cleaned.split() if len(part) >= 3]
