"""``flask outlets low-stock-digest`` (daily, from cron) and ``flask outlets refresh-gift-sets``."""
from __future__ import annotations

from datetime import datetime, time

import click
from flask.cli import AppGroup
from sqlalchemy import select

from ..clock import now, today
from ..extensions import db
from .models import Outlet, OutletStatus

outlets_cli = AppGroup("outlets", help="OCOP outlets: low-stock digest, gift sets.")


def _digested_today(outlet) -> bool:
    """Was this outlet's digest already queued today (Vietnam's day)? A second cron run,
    or a retried one, must not mail the operators twice."""
    from ..notifications.models import OutboxMessage
    from . import mails

    midnight = datetime.combine(today(), time(), now().tzinfo)
    pattern = mails.digest_subject(outlet, 0).replace(" 0 ", " % ", 1)
    return db.session.scalar(select(OutboxMessage.id).where(
        OutboxMessage.created_at >= midnight, OutboxMessage.subject.like(pattern)).limit(1)) \
        is not None


def send_low_stock_digests(*, outlet_slug: str | None = None,
                           force: bool = False) -> tuple[int, int]:
    """Queue one digest per approved outlet with items at or below their reorder point,
    once a day unless ``force``. Returns (outlets with low items, mails queued). Commits."""
    from . import mails
    from .suggestions import suggestions

    query = select(Outlet).where(Outlet.status == OutletStatus.APPROVED).order_by(Outlet.id)
    if outlet_slug:
        query = query.where(Outlet.slug == outlet_slug)
    outlets = mailed = 0
    for outlet in db.session.scalars(query).all():
        low = suggestions(outlet.id)
        if not low or (not force and _digested_today(outlet)):
            continue
        outlets += 1
        mailed += mails.low_stock_digest(outlet, low)
    db.session.commit()
    return outlets, mailed


@outlets_cli.command("low-stock-digest")
@click.option("--outlet", "outlet_slug", help="Only this outlet (slug).")
@click.option("--force", is_flag=True, help="Mail again even if today's digest was sent.")
def low_stock_digest_command(outlet_slug: str | None, force: bool) -> None:
    """Mail each outlet's operators the items at or below their reorder point (run daily)."""
    outlets, mailed = send_low_stock_digests(outlet_slug=outlet_slug, force=force)
    click.echo(f"Low-stock digest: {outlets} outlet(s) with items to reorder, {mailed} mail(s) "
               "queued.")


@outlets_cli.command("refresh-gift-sets")
def refresh_gift_sets_command() -> None:
    """Recompute every gift set's stock from its components (after manual SQL, say)."""
    from .giftset_models import GiftSet
    from .giftsets import refresh_stock

    changed = refresh_stock(db.session.scalars(select(GiftSet.product_id)).all())
    db.session.commit()
    click.echo(f"Gift sets refreshed: {len(changed)} changed.")
