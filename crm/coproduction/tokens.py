"""Secret links for partners: 256-bit random tokens, kept only as SHA-256 hashes."""

from __future__ import annotations

import hashlib
import re
import secrets

TOKEN_BYTES = 32  # 256 bits
# token_urlsafe(32) is 43 characters of the URL-safe base64 alphabet.
_SHAPE = re.compile(r"^[A-Za-z0-9_-]{43}$")


def new_token() -> tuple[str, str]:
    """(the token to put in the link, the hash to store); the token itself is never stored."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    """The SHA-256 of a token, as stored and looked up."""
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def looks_like_a_token(token: str) -> bool:
    """Whether a string has the shape of one of our tokens (nothing else is looked up)."""
    return bool(_SHAPE.match(token or ""))
