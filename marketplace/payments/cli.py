"""``flask payments retry-refunds``: send again the card refunds Stripe has not taken."""
import click
from flask.cli import AppGroup

payments_cli = AppGroup("payments", help="Card payments and refunds.")


@payments_cli.command("retry-refunds")
@click.option("--limit", default=100, show_default=True, help="At most this many refunds.")
def retry_refunds_command(limit: int) -> None:
    """Retry every pending or failed refund (same idempotency key: never refunds twice).
    Exit status 1 when some are still failing, so cron can alert."""
    from .refunds import retry_failed
    from .stripe_models import RefundStatus

    refunds = retry_failed(limit=limit)
    failing = 0
    for refund in refunds:
        click.echo(f"{refund.id}\t{refund.payment.order.number}\t{refund.amount_vnd}\t"
                   f"{refund.status}\t{refund.last_error}")
        failing += refund.status == RefundStatus.FAILED
    click.echo(f"{len(refunds)} refund(s) retried, {failing} still failing.", err=True)
    if failing:
        raise SystemExit(1)
