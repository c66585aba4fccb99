"""``flask settlement payouts --until DATE``: batch what each producer is owed."""
from datetime import date, datetime
from pathlib import Path

import click
from flask.cli import AppGroup

settlement_cli = AppGroup("settlement", help="Producer ledger and payouts.")


def _day(_ctx, _param, value: str | None) -> date:
    if value is None:
        from ..clock import today

        return today()
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise click.BadParameter("use YYYY-MM-DD") from None


@settlement_cli.command("payouts")
@click.option("--until", callback=_day, metavar="YYYY-MM-DD",
              help="Pay what was posted up to this day, inclusive (default: today, Vietnam).")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the bank transfer list here (default: standard output).")
def payouts_command(until: date, csv_path: Path | None) -> None:
    """Create one payout per producer owed money, mark their entries settled, print the
    CSV for the bank. Running it again pays nothing twice: it finds nothing new."""
    from .services import payout_csv, run_payouts

    run = run_payouts(until)
    for name, owed, why in run.skipped:
        click.echo(f"skipped {name}: {owed} VND, {why}", err=True)
    if run.batch is None:
        click.echo(f"Nothing to pay up to {until:%Y-%m-%d}.", err=True)
        return
    text = payout_csv(run.batch)
    if csv_path is not None:
        csv_path.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
    click.echo(f"Batch {run.batch.reference}: {len(run.batch.payouts)} payout(s), "
               f"{run.batch.total_vnd} VND.", err=True)


@settlement_cli.command("balances")
def balances_command() -> None:
    """Print each producer's balance: owed, in payouts waiting, paid out (VND)."""
    from .services import all_balances

    click.echo("producer\towed_vnd\tin_payout_vnd\tpaid_out_vnd")
    for producer, balance in all_balances():
        click.echo(f"{producer.slug}\t{balance.owed_vnd}\t{balance.in_payout_vnd}\t"
                   f"{balance.paid_out_vnd}")
