"""``flask demo load``."""
import click
from flask.cli import AppGroup

from .loader import load_demo

demo_cli = AppGroup("demo", help="Demo data.")


@demo_cli.command("load")
def load_command() -> None:
    """Load the Thái Nguyên demo catalogue (idempotent: run it as often as you like)."""
    summary = load_demo()
    click.echo(summary.line())
