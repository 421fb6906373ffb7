"""`flask crm import|export|backup|restore`: thin commands around the io services."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from crm.auth.models import User
from crm.core.extensions import db
from crm.io import backup as backups
from crm.io.database import export_database
from crm.io.exports import render
from crm.io.importing import ImportConflict, ImportOptions, ImportRefused, import_table
from crm.io.mapping import IMPORT_KINDS, field_labels, guess_mapping, mapping_problems
from crm.io.reading import Limits, ReadError, read_table
from crm.io.results import skipped_frame


def _mapping(headers: list[str], kind: str, overrides: tuple[str, ...]) -> list[str]:
    mapping = guess_mapping(headers, kind)
    for override in overrides:
        header, _, key = override.partition("=")
        if header.strip() not in headers:
            raise click.BadParameter(f"there is no column “{header.strip()}”", param_hint="--map")
        mapping[headers.index(header.strip())] = key.strip()
    problems = mapping_problems(mapping, headers, kind)
    if problems:
        raise click.ClickException(" ".join(problems))
    return mapping


def _actor(email: str | None) -> User | None:
    if not email:
        return None
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise click.BadParameter(f"no user has the email {email}", param_hint="--as")
    return user


# The command reads a file already on the server, so the upload size limit does not
# apply; the row limit does (a 100,000-row contacts file is about 12 MB).
COMMAND_MAX_BYTES = 200 * 1024 * 1024


def command_limits(config) -> Limits:
    """The upload limits, with room for any file of up to the most rows one import takes."""
    limits = Limits.from_config(config)
    return replace(limits, max_bytes=max(limits.max_bytes, COMMAND_MAX_BYTES))


@click.command("import")
@with_appcontext
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--kind", type=click.Choice(list(IMPORT_KINDS)), required=True)
@click.option("--dry-run", is_flag=True, help="Check every row and report; write nothing.")
@click.option(
    "--skip-invalid", is_flag=True, help="Import the valid rows; skip rows with problems."
)
@click.option(
    "--create-missing-organisations",
    is_flag=True,
    help="Add organisations that contacts name but Partnerwise lacks.",
)
@click.option(
    "--map",
    "overrides",
    multiple=True,
    metavar="HEADER=FIELD",
    help="Set a column's field by key, as listed in the output; empty leaves it out.",
)
@click.option("--skipped-out", type=click.Path(path_type=Path), help="Write skipped rows here.")
@click.option("--as", "actor_email", help="Record the import as done by this user (email).")
def import_command(
    file, kind, dry_run, skip_invalid, create_missing_organisations, overrides, skipped_out,
    actor_email,
):  # fmt: skip
    """Import organisations or contacts from a CSV or XLSX file, all or nothing."""
    try:
        table = read_table(file.read_bytes(), file.name, command_limits(current_app.config))
    except ReadError as error:
        raise click.ClickException(f"{file.name}: {error} Nothing was imported.") from None
    encoding = f", {table.encoding}" if table.encoding else ""
    click.echo(f"Read {file.name} ({table.file_format}{encoding}): {len(table.frame):,} rows.")
    mapping = _mapping(table.headers, kind, overrides)
    labels = field_labels(kind)
    for header, key in zip(table.headers, mapping, strict=True):
        click.echo(f"  {header} -> {f'{labels[key]} ({key})' if key else '(not imported)'}")
    options = ImportOptions(
        kind=kind,
        filename=file.name,
        create_missing_organisations=create_missing_organisations,
        skip_invalid=skip_invalid,
    )
    chosen = {header: key for header, key in zip(table.headers, mapping, strict=True) if key}
    try:
        report = import_table(
            table.frame, table.lines, chosen, options, _actor(actor_email), dry_run=dry_run
        )
    except ImportRefused as refused:
        db.session.rollback()
        _echo_rows(refused.report, table, skipped_out)
        raise click.ClickException(
            f"Nothing was imported: {refused.report.skipped:,} rows have problems. Fix them, "
            "or use --skip-invalid to import the others."
        ) from None
    except (ImportConflict, IntegrityError):
        db.session.rollback()
        raise click.ClickException(
            "Someone changed the same records while this import ran; nothing was imported. "
            "Run it again."
        ) from None
    _echo_rows(report, table, skipped_out)
    if dry_run:
        db.session.rollback()
        if report.blocked:
            raise click.ClickException(
                f"Dry run: {report.skipped:,} rows have problems, so this import would be "
                "refused (or use --skip-invalid). Nothing was written."
            )
    else:
        db.session.commit()
    counts = report.counts()
    verb = "Dry run, nothing written: would have" if dry_run else "Done:"
    click.echo(
        f"{verb} created {counts['created']:,}, updated {counts['updated']:,}, "
        f"{counts['unchanged']:,} unchanged, skipped {counts['skipped']:,}"
        + (
            f"; {counts['organisations_created']:,} new organisations"
            if counts["organisations_created"]
            else ""
        )
        + "."
    )


def _echo_rows(report, table, skipped_out: Path | None, most: int = 50) -> None:
    for row in report.problem_rows[:most]:
        click.echo(f"  line {row.line}: {' '.join(row.problems)}", err=True)
    if len(report.problem_rows) > most:
        click.echo(f"  ... and {len(report.problem_rows) - most:,} more rows.", err=True)
    for row in report.warning_rows[:most]:
        click.echo(f"  line {row.line} (warning): {' '.join(row.warnings)}")
    if skipped_out and report.problem_rows:
        skipped_out.write_bytes(render(skipped_frame(table, report), "csv"))
        click.echo(f"Rows with problems, and why, written to {skipped_out}.")


@click.command("export")
@with_appcontext
@click.argument("path", type=click.Path(path_type=Path))
def export_command(path: Path) -> None:
    """Export the whole database as a zip: one CSV per table plus manifest.json."""
    data, manifest = export_database(db.engine)
    if path.is_dir():
        path = path / f"partnerwise-export-{manifest['exported_at'][:10]}.zip"
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(data)
    os.replace(partial, path)
    total = sum(table["rows"] for table in manifest["tables"].values())
    click.echo(
        f"Exported {len(manifest['tables'])} tables ({total:,} rows, schema "
        f"{manifest['schema_revision'] or 'unknown'}) to {path}."
    )


@click.command("backup")
@with_appcontext
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(path: Path) -> None:
    """Back up the database to PATH (SQLite online backup, or pg_dump); safe while in use."""
    try:
        click.echo(backups.backup(db.engine, path))
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from None


@click.command("restore")
@with_appcontext
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace a database that already holds data.")
def restore_command(path: Path, force: bool) -> None:
    """Restore the database from a backup made by `flask crm backup`."""
    db.session.remove()
    try:
        click.echo(backups.restore(db.engine, path, force=force))
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from None


COMMANDS = (import_command, export_command, backup_command, restore_command)
