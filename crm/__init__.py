"""Partnerwise: a stakeholder-relationship mini-CRM for partnership work."""

from __future__ import annotations

import importlib
from pathlib import Path

from flask import Flask

from crm.core.config import Config

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: type[Config] | None = None, overrides: dict | None = None) -> Flask:
    """Build the application; it creates no tables and touches no network."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        instance_path=str(ROOT / "instance"),
    )
    configure(app, config or Config, overrides or {})
    register_converters(app)
    register_extensions(app)
    register_blueprints(app)
    register_security(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_commands(app)
    return app


def configure(app: Flask, config: type[Config], overrides: dict) -> None:
    """Load the config class, then the environment (not when testing), then overrides."""
    app.config.from_object(config)
    if not app.config.get("TESTING"):
        app.config.update(Config.from_environment(app.instance_path))
    app.config.update(overrides)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        raise RuntimeError("SQLALCHEMY_DATABASE_URI is not configured")
    set_clock(app)


def set_clock(app: Flask) -> None:
    """Set the process's clock from PARTNERWISE_TODAY (a date, YYYY-MM-DD text, or None)."""
    from crm.core.dates import parse_iso_day, set_today

    day = app.config.get("PARTNERWISE_TODAY")
    if isinstance(day, str):
        day = app.config["PARTNERWISE_TODAY"] = parse_iso_day(day)
    set_today(day)


def register_converters(app: Flask) -> None:
    """URL converters, before any route is added (ids out of range are 404s)."""
    from crm.core.urls import register

    register(app)


def register_extensions(app: Flask) -> None:
    """Bind the extensions and set up the database engine."""
    register_models()
    from crm.core.extensions import bootstrap, csrf, db, login_manager, migrate
    from crm.core.storage import configure_engine

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    bootstrap.init_app(app)
    login_manager.init_app(app)
    with app.app_context():
        configure_engine(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])
    from crm.auth.setup import init_auth

    init_auth(app)


# Every feature with tables, so every model is mapped (and on the metadata for
# Alembic and backups) before the first query. tests/test_layout.py checks the list.
MODEL_MODULES = (
    "crm.auth.models",
    "crm.audit.models",
    "crm.settings.models",
    "crm.organisations.models",
    "crm.contacts.models",
    "crm.conversations.models",
    "crm.proposals.models",
    "crm.followups.models",
    "crm.mail.models",
    "crm.reminders.models",
    "crm.drafts.models",
    "crm.coproduction.models",
)


def register_models() -> None:
    """Import every feature's models."""
    for name in MODEL_MODULES:
        importlib.import_module(name)


# One blueprint per feature: each module has a `bp`.
BLUEPRINTS = (
    "crm.auth.views",
    "crm.main.views",
    "crm.organisations.views",
    "crm.contacts.views",
    "crm.proposals.views",
    "crm.drafts.views",
    "crm.coproduction.views",
    "crm.coproduction.request_views",
    "crm.coproduction.partner_views",
    "crm.checklists.views",
    "crm.reports.call_sheet",
    "crm.settings.views",
    "crm.feeds.views",
    "crm.conversations.views",
    "crm.logbook.views",
    "crm.followups.views",
    "crm.auditlog.views",
    "crm.privacy.views",
    "crm.io.views",
    "crm.reports.views",
    "crm.mail.views",
    "crm.reminders.views",
    "crm.merging.views",
    "crm.search.views",
)


def register_blueprints(app: Flask) -> None:
    """Import each feature's views and register its blueprint."""
    for name in BLUEPRINTS:
        app.register_blueprint(importlib.import_module(name).bp)


def register_security(app: Flask) -> None:
    """Security headers, cookie flags, proxy set-up; the audit log made append-only."""
    from crm import audit
    from crm.core import security

    security.register(app)
    audit.init_app(app)


def register_errorhandlers(app: Flask) -> None:
    """Plain-words error pages."""
    from crm.core.errors import register

    register(app)


def register_template_helpers(app: Flask) -> None:
    """Filters for UK dates and the like, and the words of the rules that pages show."""
    from crm import rules
    from crm.core.templating import register
    from crm.proposals.timeline import NO_DEADLINE
    from crm.rules import lifecycle
    from crm.rules.wording import mid_sentence

    register(app)
    app.jinja_env.globals.update(
        BEFORE_DRAFTING=lifecycle.BEFORE_DRAFTING,
        readiness_question=lifecycle.readiness_question,
        readiness_badges_for=lifecycle.readiness_badges,
        LOAD_WINDOW_DAYS=rules.LOAD_WINDOW_DAYS,
        NO_DEADLINE=NO_DEADLINE,
        NO_STAKES=rules.NO_STAKES,
    )
    app.jinja_env.filters["mid_sentence"] = mid_sentence  # 'Prefers phone' inside a line


# Modules with a COMMANDS tuple, in the order `flask crm --help` lists them.
COMMAND_MODULES = (
    "crm.ops.commands",
    "crm.auth.commands",
    "crm.demo.commands",
    "crm.checklists.commands",
    "crm.reports.commands",
    "crm.io.commands",
    "crm.scale.commands",
    "crm.mail.commands",
    "crm.reminders.commands",
    "crm.search.commands",
    "crm.ops.reindex",
)


def register_commands(app: Flask) -> None:
    """`flask crm ...` commands."""
    from crm.core.cli import command_group

    app.cli.add_command(command_group(COMMAND_MODULES))
