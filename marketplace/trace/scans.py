"""Quét tem: counting scans and the anti-counterfeit signal.

Every public view of a stamp's page by a person is a scan: the count goes up with one
conditional UPDATE (no lost increments under concurrency) and a ``Scan`` row keeps the
time and a coarse client hint (phone, tablet, desktop, other; never an address or the
full user agent). Link-preview bots and the same browser re-opening the page within
TRACE_SCAN_REPEAT_MINUTES are not counted.

A genuine stamp is scanned by its buyer a few times. One copied onto fakes is scanned by
every buyer of a fake, so a stamp scanned more than TRACE_SUSPICIOUS_SCANS times after
its retail sale is flagged. The sale moment is the batch's first ``retail_selling``
event, or the first delivery of a marketplace parcel from the batch; while no sale is
known, every scan counts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import and_, func, or_, select, update

from ..extensions import db
from ..models_base import utcnow
from .models import Batch, BizStep, EventSource, Scan, Stamp, TraceEvent

BOT = re.compile(r"bot|crawl|spider|slurp|preview|facebookexternalhit|zalo.*link|curl|wget|"
                 r"python-requests|headless", re.I)
TABLET = re.compile(r"ipad|tablet|sm-t\d|kindle", re.I)
PHONE = re.compile(r"mobile|iphone|android|zalo", re.I)
DESKTOP = re.compile(r"windows nt|macintosh|x11|cros", re.I)


def client_hint(user_agent: str) -> str | None:
    """``phone``, ``tablet``, ``desktop`` or ``other``; None for a bot (not a scan)."""
    agent = user_agent or ""
    if BOT.search(agent):
        return None
    if TABLET.search(agent):
        return "tablet"
    if PHONE.search(agent):
        return "phone"
    if DESKTOP.search(agent):
        return "desktop"
    return "other"


def record_scan(stamp: Stamp, hint: str) -> None:
    """Count one scan of ``stamp``; commits."""
    now = utcnow()
    db.session.execute(
        update(Stamp).where(Stamp.id == stamp.id)
        .values(scan_count=Stamp.scan_count + 1, last_scanned_at=now,
                first_scanned_at=func.coalesce(Stamp.first_scanned_at, now))
        .execution_options(synchronize_session=False))
    db.session.add(Scan(stamp_id=stamp.id, scanned_at=now, client_hint=hint[:20]))
    db.session.commit()
    db.session.refresh(stamp)


def sale_time(batch_id: int) -> datetime | None:
    """When units of the batch first reached a buyer (see the module docstring)."""
    return db.session.scalar(select(func.min(TraceEvent.event_time)).where(
        TraceEvent.batch_id == batch_id,
        or_(TraceEvent.biz_step == BizStep.RETAIL_SELLING,
            and_(TraceEvent.biz_step == BizStep.RECEIVING,
                 TraceEvent.source == EventSource.ORDER))))


@dataclass(frozen=True)
class ScanSignal:
    count: int  # every counted scan
    after_sale: int  # those at or after the sale moment (all of them while none is known)
    sold_at: datetime | None
    threshold: int

    @property
    def suspicious(self) -> bool:
        return self.after_sale > self.threshold


def signal(stamp: Stamp) -> ScanSignal:
    sold_at = sale_time(stamp.batch_id)
    after = stamp.scan_count
    if sold_at is not None:
        after = db.session.scalar(select(func.count(Scan.id)).where(
            Scan.stamp_id == stamp.id, Scan.scanned_at >= sold_at)) or 0
    return ScanSignal(stamp.scan_count, after, sold_at,
                      current_app.config["TRACE_SUSPICIOUS_SCANS"])


def suspicious_stamps(producer_id: int, limit: int = 200) -> list[tuple[Stamp, ScanSignal]]:
    """The producer's stamps over the threshold, most scanned first."""
    threshold = current_app.config["TRACE_SUSPICIOUS_SCANS"]
    from ..catalog.models import Product

    candidates = db.session.scalars(
        select(Stamp).join(Batch, Batch.id == Stamp.batch_id)
        .join(Product, Product.id == Batch.product_id)
        .where(Product.producer_id == producer_id, Stamp.scan_count > threshold)
        .order_by(Stamp.scan_count.desc(), Stamp.id).limit(limit * 2)).all()
    flagged = [(stamp, signal(stamp)) for stamp in candidates]
    return [(stamp, s) for stamp, s in flagged if s.suspicious][:limit]
