"""``flask orders expire-unpaid``: end transfer orders whose stock hold ran out."""
import click
from flask.cli import AppGroup

orders_cli = AppGroup("orders", help="Orders and their payments.")


@orders_cli.command("expire-unpaid")
def expire_unpaid_command() -> None:
    """Cancel unpaid orders past their hold (VIETQR_HOLD_HOURS) and release their stock."""
    from ..payments.services import expire_unpaid

    numbers = expire_unpaid()
    for number in numbers:
        click.echo(number)
    click.echo(f"{len(numbers)} unpaid order(s) expired.", err=True)
