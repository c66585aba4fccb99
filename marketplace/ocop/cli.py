"""``flask ocop ...`` commands."""
import click
from flask.cli import AppGroup

from .services import expire_certifications

ocop_cli = AppGroup("ocop", help="OCOP certificates.")


@ocop_cli.command("expire")
def expire_command() -> None:
    """Mark certificates past their expiry date as expired."""
    count = expire_certifications()
    click.echo(f"{count} certificate(s) expired.")
