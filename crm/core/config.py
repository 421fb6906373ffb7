"""Configuration classes; the environment is read only when an app is created."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

from crm.core.dates import parse_iso_day

TRUE = {"1", "true", "yes", "on"}


class Config:
    """Production-leaning defaults; values can be overridden by the environment."""

    SQLALCHEMY_DATABASE_URI: str | None = None  # filled in by from_environment
    # hide_parameters keeps bound values (emails, names) out of logged SQL errors.
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True, "hide_parameters": True}
    SECRET_KEY: str | None = None
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    BOOTSTRAP_SERVE_LOCAL = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    MAX_CONTENT_LENGTH = 10 * 1024 * 1024
    SESSION_IDLE_TIMEOUT = timedelta(minutes=30)
    SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=12)
    LOGIN_MAX_FAILURES = 10  # per account and per address, within the window
    LOGIN_FAILURE_WINDOW = timedelta(minutes=15)
    # The partner response page, opened without a log-in: a person reading, answering and
    # changing their answer needs far fewer; several people at one office share an address.
    PARTNER_PAGE_PER_LINK = 40
    PARTNER_PAGE_PER_ADDRESS = 80
    PARTNER_PAGE_WINDOW = timedelta(minutes=10)
    # How many reverse proxies sit in front (X-Forwarded-For/-Proto/-Host); 0 = none.
    PROXY_FIX = 0
    PER_PAGE = 50
    SQLITE_BUSY_TIMEOUT_MS = 10_000
    # Mail (DESIGN.md section 11). With no MAIL_URL, `flask crm send-mail` writes .eml
    # files under MAIL_FILE_DIR (instance/mail) instead of using an SMTP server.
    MAIL_URL: str | None = None
    MAIL_FROM = "partnerwise@localhost"  # the From address; the display name is added
    MAIL_FROM_NAME = "Partnerwise"
    MAIL_BOUNCE_ADDRESS: str | None = None  # the envelope sender; MAIL_FROM when unset
    MAIL_FILE_DIR: str | None = None
    MAIL_MAX_ATTEMPTS = 6  # then the message is failed and shown on the Outbox page
    MAIL_RETRY_SECONDS = 60  # the first retry; each next one waits twice as long
    MAIL_LEASE_SECONDS = 300  # how long a claimed message is left to its sender
    MAIL_BATCH = 50
    MAIL_TIMEOUT_SECONDS = 30
    MAIL_FILE_MAX_BYTES = 10 * 1024 * 1024  # a dropped .eml or .msg
    # The address people reach the app at, for links in emails (no request to ask).
    BASE_URL = "http://127.0.0.1:5000"
    TESTING = False
    DEBUG = False
    # The app's date, for training sessions and tests (crm.core.dates): None follows the real clock.
    PARTNERWISE_TODAY = None

    @classmethod
    def from_environment(cls, instance_path: str) -> dict:
        """Settings taken from the environment, with instance-folder defaults."""
        values: dict = {}
        url = os.environ.get("DATABASE_URL")
        if url:
            values["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(url)
        else:
            values["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + str(
                Path(instance_path) / "partnerwise.sqlite3"
            )
        values["SECRET_KEY"] = os.environ.get("SECRET_KEY") or instance_secret_key(instance_path)
        values["SECRET_KEY_FROM_FILE"] = not os.environ.get("SECRET_KEY")
        if os.environ.get("SESSION_COOKIE_SECURE", "").lower() in TRUE:
            values["SESSION_COOKIE_SECURE"] = True
            values["REMEMBER_COOKIE_SECURE"] = True
        if os.environ.get("PROXY_FIX", "").isdigit():
            values["PROXY_FIX"] = int(os.environ["PROXY_FIX"])
        values.update(mail_settings(os.environ))
        if os.environ.get("SESSION_IDLE_MINUTES", "").isdigit():
            values["SESSION_IDLE_TIMEOUT"] = timedelta(
                minutes=int(os.environ["SESSION_IDLE_MINUTES"])
            )
        if os.environ.get("SESSION_ABSOLUTE_HOURS", "").isdigit():
            values["SESSION_ABSOLUTE_TIMEOUT"] = timedelta(
                hours=int(os.environ["SESSION_ABSOLUTE_HOURS"])
            )
        if os.environ.get("PARTNERWISE_TODAY", "").strip():
            values["PARTNERWISE_TODAY"] = parse_iso_day(os.environ["PARTNERWISE_TODAY"])
        return values


class TestingConfig(Config):
    """Settings for the test suite: the database URL is given by the fixture."""

    TESTING = True
    SECRET_KEY = "test-secret-key-that-is-long-enough-for-tests"  # noqa: S105
    WTF_CSRF_ENABLED = False
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # noqa: S105 - fast hashing keeps the suite quick


def mail_settings(environ) -> dict:
    """The mail settings and BASE_URL, from the environment."""
    values: dict = {}
    for name in ("MAIL_URL", "MAIL_FROM", "MAIL_FROM_NAME", "MAIL_BOUNCE_ADDRESS", "MAIL_FILE_DIR"):
        if environ.get(name):
            values[name] = environ[name]
    if environ.get("BASE_URL"):
        values["BASE_URL"] = environ["BASE_URL"].rstrip("/")
    return values


def normalise_database_url(url: str) -> str:
    """Pick the psycopg 3 driver for plain PostgreSQL URLs (Heroku-style too)."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def instance_secret_key(instance_path: str) -> str:
    """Read the secret key kept in instance/, creating it once (never per process)."""
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    # Write a temporary file, then link it into place: os.link fails if another
    # process won the race, and then everyone reads the winner's key.
    tmp = path.with_name(f".secret_key.{os.getpid()}.{secrets.token_hex(4)}")
    tmp.write_text(secrets.token_hex(32))
    tmp.chmod(0o600)
    try:
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        tmp.unlink()
    return path.read_text().strip()
