"""``flask mail send``: drain the outbox."""
import click
from flask.cli import AppGroup

from .services import deliver_pending, pending_count

mail_cli = AppGroup("mail", help="Outgoing mail (the outbox).")


@mail_cli.command("send")
@click.option("--batch", default=100, show_default=True, help="Messages per round.")
def send_command(batch: int) -> None:
    """Send every waiting message; exit 1 when some could not be sent (they stay queued)."""
    sent = failed = 0
    while True:
        report = deliver_pending(limit=batch)
        sent, failed = sent + report.sent, failed + report.failed
        if report.sent + report.failed < batch or report.sent == 0:
            break
    click.echo(f"{sent} sent, {failed} failed, {pending_count()} waiting.")
    if failed:
        raise SystemExit(1)
