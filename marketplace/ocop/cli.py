"""``flask ocop ...`` commands."""
import json
import sys

import click
from flask.cli import AppGroup
from sqlalchemy import select

from ..accounts.models import User
from ..extensions import db
from . import export
from .notices import send_expiry_notices
from .services import expire_certifications

ocop_cli = AppGroup("ocop", help="OCOP certificates, dossiers and exports.")


@ocop_cli.command("expire")
def expire_command() -> None:
    """Mark certificates past their expiry date as expired."""
    count = expire_certifications()
    click.echo(f"{count} certificate(s) expired.")


@ocop_cli.command("notify-expiring")
def notify_expiring_command() -> None:
    """Notify producers and the office of certificates expiring within EXPIRY_WARNING_DAYS."""
    count = send_expiry_notices()
    click.echo(f"{count} expiry notice(s) queued.")


@ocop_cli.command("export")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv",
              show_default=True)
@click.option("--status", type=click.Choice(export.STATUSES), default="all", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True),
              help="Write to this file instead of standard output.")
def export_command(fmt: str, status: str, output: str | None) -> None:
    """Export certificates with their products and producers (README: "OCOP export")."""
    data = export.rows(status=status)
    text = export.to_csv(data) if fmt == "csv" else json.dumps(
        export.to_json(data), ensure_ascii=False, indent=2) + "\n"
    if output:
        with open(output, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        click.echo(f"{len(data)} certificate(s) written to {output}.", err=True)
    else:
        sys.stdout.write(text)


@ocop_cli.command("council-add")
@click.argument("email")
@click.option("--title", default="", help="Chức danh trong hội đồng.")
def council_add_command(email: str, title: str) -> None:
    """Make an office account a member of the provincial scoring council."""
    from .council import add_council_member
    from .exceptions import DossierInvalid

    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"no account {email}")
    try:
        add_council_member(user, title)
    except DossierInvalid as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{user.email} is a council member.")


@ocop_cli.command("api-token")
@click.argument("email")
@click.option("--name", default="", help="What the token is for (shown in the dashboard).")
def api_token_command(email: str, name: str) -> None:
    """Create an API token for an office account (for GET /api/v1/export/certifications)."""
    from ..api.tokens import create_token

    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"no account {email}")
    try:
        token = create_token(user, name)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    click.echo(token)
