"""Partnerwise: a stakeholder-relationship mini-CRM for partnership work."""

from __future__ import annotations

import importlib
from pathlib import Path

from flask import Flask

from crm.config import Config

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


def register_extensions(app: Flask) -> None:
    """Bind the extensions and set up the database engine."""
    import crm.models  # noqa: F401  (every model mapped before the first query)
    from crm.extensions import bootstrap, csrf, db, login_manager, migrate
    from crm.storage import configure_engine

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    bootstrap.init_app(app)
    login_manager.init_app(app)
    with app.app_context():
        configure_engine(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])
    from crm.auth.setup import init_auth

    init_auth(app)


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
    "crm.followups.views",
    "crm.audit.views",
    "crm.privacy.views",
    "crm.io.views",
    "crm.reports.views",
)


def register_blueprints(app: Flask) -> None:
    """Import each feature's views and register its blueprint."""
    for name in BLUEPRINTS:
        app.register_blueprint(importlib.import_module(name).bp)


def register_security(app: Flask) -> None:
    """Security headers, cookie flags, proxy set-up; the audit log made append-only."""
    from crm import security
    from crm.audit.guard import install

    security.register(app)
    install()


def register_errorhandlers(app: Flask) -> None:
    """Plain-words error pages."""
    from crm.errors import register

    register(app)


def register_template_helpers(app: Flask) -> None:
    """Filters for UK dates and the like."""
    from crm.templating import register

    register(app)


def register_commands(app: Flask) -> None:
    """`flask crm ...` commands."""
    from crm.checklists.commands import checklist_command
    from crm.commands import crm_cli
    from crm.deploy import check_deploy

    crm_cli.add_command(checklist_command)

    crm_cli.add_command(check_deploy)
    from crm.io.commands import COMMANDS as IO_COMMANDS

    for command in IO_COMMANDS:
        crm_cli.add_command(command)
    from crm.reports.commands import report_command

    crm_cli.add_command(report_command)
    app.cli.add_command(crm_cli)
