"""``flask trace ...`` commands."""
import click
from flask.cli import AppGroup

from .exceptions import TraceInvalid
from .services import stamps_for

trace_cli = AppGroup("trace", help="Traceability: batches and QR stamps.")


@trace_cli.command("stamps")
@click.argument("product_slug")
@click.option("--batch", "batch_code", required=True, help="Lot code (created with today's "
                                                           "date if the product has no such batch).")
@click.option("--count", type=int, required=True, help="How many stamps to create.")
def stamps_command(product_slug: str, batch_code: str, count: int) -> None:
    """Create COUNT stamps for the product's batch and print their serials, one a line."""
    try:
        _batch, stamps = stamps_for(product_slug, batch_code, count)
    except TraceInvalid as error:
        raise click.ClickException(str(error)) from None
    for stamp in stamps:
        click.echo(stamp.serial)
