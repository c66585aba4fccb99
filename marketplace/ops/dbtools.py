"""``flask db backup PATH`` and ``flask db check``: a copy taken while the store runs, and
the invariants the rest of the code promises, verified on the data itself.

Both are added to Flask-Migrate's ``db`` group. Flask-Migrate has a ``check`` of its own
(Alembic's "are there model changes without a migration?"); ours replaces it and runs that
same check first (``--no-schema`` skips it), then every data invariant, so ``flask db
check`` still means "is the database as it should be", only more of it. It prints one line
per violation and exits 1 if there is any.

The invariant checks are plain functions returning ``Violation`` lists, each one set-based
query (or a few), so they stay cheap on a large database.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

import click
from flask import Flask, current_app, g
from flask.cli import with_appcontext
from sqlalchemy import URL, and_, case, exists, func, make_url, or_, select

from ..extensions import db


@dataclass(frozen=True)
class Violation:
    check: str  # stock | outlet_stock | gift_set | ledger | order | schema
    detail: str

    def __str__(self) -> str:
        return f"{self.check}: {self.detail}"


# ---------------------------------------------------------------- stock

def product_stock_violations() -> list[Violation]:
    """Each product's stock equals the sum of its stock movements (catalog/stock.py)."""
    from ..catalog.stock import mismatches

    return [Violation("stock", f"product {pid}: stock {stock}, movements add up to {total}")
            for pid, stock, total in mismatches()]


def outlet_stock_violations() -> list[Violation]:
    """Each outlet shelf item's ``on_hand`` equals the sum of its outlet movements."""
    from ..outlets.models import OutletMovement, OutletStock

    totals = (select(OutletMovement.outlet_id, OutletMovement.product_id,
                     func.sum(OutletMovement.delta).label("total"))
              .group_by(OutletMovement.outlet_id, OutletMovement.product_id).subquery())
    total = func.coalesce(totals.c.total, 0)
    rows = db.session.execute(
        select(OutletStock.outlet_id, OutletStock.product_id, OutletStock.on_hand, total)
        .outerjoin(totals, and_(totals.c.outlet_id == OutletStock.outlet_id,
                                totals.c.product_id == OutletStock.product_id))
        .where(OutletStock.on_hand != total).order_by(OutletStock.id))
    return [Violation("outlet_stock", f"outlet {oid}, product {pid}: on hand {on_hand}, "
                                      f"movements add up to {moved}")
            for oid, pid, on_hand, moved in rows]


def gift_set_violations() -> list[Violation]:
    """A gift set's stock copy equals what its components make (outlets/giftsets.py)."""
    from ..catalog.models import Product
    from ..outlets.giftset_models import GiftSet
    from ..outlets.giftsets import derived_stock

    copies = dict(db.session.execute(select(Product.id, Product.stock)
                                     .join(GiftSet, GiftSet.product_id == Product.id)).all())
    wanted = derived_stock(copies)
    return [Violation("gift_set", f"gift set {gid}: stock {copies[gid]}, its components make "
                                  f"{wanted[gid]} (`flask outlets refresh-gift-sets` repairs)")
            for gid in sorted(copies) if copies[gid] != wanted[gid]]


# ---------------------------------------------------------------- settlement ledger

def ledger_violations() -> list[Violation]:
    """The producers' ledger balances against the payouts and the parcels it posts:

    - a payout (not cancelled) pays exactly the entries it settles; a cancelled one none;
    - every entry has its kind's sign (sales and reversals +, the rest −);
    - a parcel's sale entry is the parcel's total, and refunds never take back more.
    """
    from ..orders.models import ShopOrder
    from ..settlement.models import EntryKind, LedgerEntry, Payout, PayoutStatus

    found = []
    settled = (select(LedgerEntry.payout_id, func.sum(LedgerEntry.amount_vnd).label("total"))
               .where(LedgerEntry.payout_id.is_not(None))
               .group_by(LedgerEntry.payout_id).subquery())
    total = func.coalesce(settled.c.total, 0)
    expected = case((Payout.status == PayoutStatus.CANCELLED, 0), else_=Payout.amount_vnd)
    for pid, status, amount, entries in db.session.execute(
            select(Payout.id, Payout.status, Payout.amount_vnd, total)
            .outerjoin(settled, settled.c.payout_id == Payout.id)
            .where(expected != total).order_by(Payout.id)):
        found.append(Violation("ledger", f"payout {pid} ({status}): amount {amount}, "
                                         f"its ledger entries add up to {entries}"))
    positive = (EntryKind.SALE, EntryKind.COMMISSION_REVERSAL)
    for eid, kind, amount in db.session.execute(
            select(LedgerEntry.id, LedgerEntry.kind, LedgerEntry.amount_vnd).where(or_(
                and_(LedgerEntry.kind.in_(positive), LedgerEntry.amount_vnd <= 0),
                and_(LedgerEntry.kind.not_in(positive), LedgerEntry.amount_vnd >= 0)))
            .order_by(LedgerEntry.id)):
        found.append(Violation("ledger", f"entry {eid}: {kind} of {amount} has the wrong sign"))
    for eid, sid, amount, parcel in db.session.execute(
            select(LedgerEntry.id, ShopOrder.id, LedgerEntry.amount_vnd,
                   ShopOrder.subtotal_vnd + ShopOrder.shipping_vnd)
            .join(ShopOrder, ShopOrder.id == LedgerEntry.shop_order_id)
            .where(LedgerEntry.kind == EntryKind.SALE,
                   LedgerEntry.amount_vnd != ShopOrder.subtotal_vnd + ShopOrder.shipping_vnd)
            .order_by(LedgerEntry.id)):
        found.append(Violation("ledger", f"entry {eid}: sale of {amount} for shop order {sid} "
                                         f"whose total is {parcel}"))
    sales, refunds = _sum_of(EntryKind.SALE), _sum_of(EntryKind.REFUND)
    for sid, sold, refunded in db.session.execute(
            select(LedgerEntry.shop_order_id, sales, refunds)
            .where(LedgerEntry.shop_order_id.is_not(None))
            .group_by(LedgerEntry.shop_order_id).having(sales + refunds < 0)
            .order_by(LedgerEntry.shop_order_id)):
        found.append(Violation("ledger", f"shop order {sid}: refunds of {-refunded} exceed "
                                         f"its sale of {sold}"))
    return found


def _sum_of(kind):
    """Per group: the sum of the ledger amounts of one kind."""
    from ..settlement.models import LedgerEntry

    return func.sum(case((LedgerEntry.kind == kind, LedgerEntry.amount_vnd), else_=0))


# ---------------------------------------------------------------- orders

def order_violations() -> list[Violation]:
    """No half order: each has its number, payment record and shop orders, each shop order
    its lines, and the money adds up (order = its shop orders = their lines)."""
    from ..orders.models import Order, OrderLine, ShopOrder
    from ..payments.models import Payment

    found = []
    half = {
        "no number": Order.number.is_(None),
        "no shop orders": ~exists().where(ShopOrder.order_id == Order.id),
        "no payment record": ~exists().where(Payment.order_id == Order.id),
    }
    for what, clause in half.items():
        for oid, number in db.session.execute(select(Order.id, Order.number).where(clause)
                                              .order_by(Order.id)):
            found.append(Violation("order", f"order {oid} ({number}): {what}"))
    parts = (select(ShopOrder.order_id, func.sum(ShopOrder.subtotal_vnd).label("goods"),
                    func.sum(ShopOrder.shipping_vnd).label("shipping"))
             .group_by(ShopOrder.order_id).subquery())
    for oid, number, goods, shipping, total, part_goods, part_shipping in db.session.execute(
            select(Order.id, Order.number, Order.subtotal_vnd, Order.shipping_vnd,
                   Order.total_vnd, parts.c.goods, parts.c.shipping)
            .join(parts, parts.c.order_id == Order.id)
            .where(or_(Order.subtotal_vnd != parts.c.goods,
                       Order.shipping_vnd != parts.c.shipping,
                       Order.total_vnd != Order.subtotal_vnd + Order.shipping_vnd))
            .order_by(Order.id)):
        found.append(Violation("order", f"order {oid} ({number}): goods {goods} + shipping "
                                        f"{shipping} = {total}, its shop orders have goods "
                                        f"{part_goods} + shipping {part_shipping}"))
    lines = (select(OrderLine.shop_order_id,
                    func.sum(OrderLine.quantity * OrderLine.unit_price_vnd).label("goods"))
             .group_by(OrderLine.shop_order_id).subquery())
    line_goods = func.coalesce(lines.c.goods, -1)  # -1: no line at all
    for sid, oid, goods, from_lines in db.session.execute(
            select(ShopOrder.id, ShopOrder.order_id, ShopOrder.subtotal_vnd, line_goods)
            .outerjoin(lines, lines.c.shop_order_id == ShopOrder.id)
            .where(ShopOrder.subtotal_vnd != line_goods).order_by(ShopOrder.id)):
        detail = "no lines" if from_lines == -1 else f"its lines add up to {from_lines}"
        found.append(Violation("order", f"shop order {sid} of order {oid}: goods {goods}, "
                                        f"{detail}"))
    return found


INVARIANTS = (product_stock_violations, outlet_stock_violations, gift_set_violations,
              ledger_violations, order_violations)


def check_invariants() -> list[Violation]:
    """Every violation of every data invariant, in a stable order (empty: all hold)."""
    return [violation for check in INVARIANTS for violation in check()]


def schema_violations(directory: str | None = None) -> list[Violation]:
    """Alembic's check: the database is at the latest migration and the models need no new
    one (what Flask-Migrate's own ``db check`` did)."""
    from alembic import command
    from alembic.util import CommandError

    config = current_app.extensions["migrate"].migrate.get_config(directory)
    try:
        command.check(config)
    except CommandError as error:
        return [Violation("schema", str(error))]
    return []


# ---------------------------------------------------------------- backup

class BackupError(Exception):
    """The backup could not be made; nothing was written at the target path."""


def backup(uri: str | URL, target: Path) -> int:
    """Copy the database at ``uri`` to ``target`` (which must not exist); returns its size.

    Written to ``<target>.partial`` first and renamed when complete, so ``target`` is only
    ever a whole backup.
    """
    target = Path(target)
    if target.exists():
        raise BackupError(f"{target} already exists; a backup never overwrites a file")
    if not target.parent.is_dir():
        raise BackupError(f"no directory {target.parent} to write the backup in")
    url = make_url(uri)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        if url.get_backend_name() == "sqlite":
            _backup_sqlite(url, partial)
        elif url.get_backend_name() == "postgresql":
            _backup_postgres(url, partial)
        else:
            raise BackupError(f"cannot back up a {url.get_backend_name()} database")
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, target)
    return target.stat().st_size


def _backup_sqlite(url: URL, partial: Path) -> None:
    """SQLite's online backup API: a consistent copy while workers keep writing."""
    source = Path(url.database or "")
    if not url.database or url.database == ":memory:" or not source.is_file():
        raise BackupError(f"no SQLite database file at {url.database or '(in memory)'}")
    src = sqlite3.connect(source, timeout=30)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal
        finally:
            dst.close()
    finally:
        src.close()


def _backup_postgres(url: URL, partial: Path) -> None:
    """``pg_dump --format=custom`` (restore with ``pg_restore``); the password goes through
    the environment, never the command line."""
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise BackupError("pg_dump not found on PATH: install the PostgreSQL client tools "
                          "(e.g. apt install postgresql-client) of the server's major version "
                          "or newer")
    env = {**os.environ, **({"PGPASSWORD": url.password} if url.password else {})}
    conninfo = url.set(drivername="postgresql", password=None).render_as_string(
        hide_password=False)
    done = subprocess.run([pg_dump, "--format=custom", "--file", str(partial),
                           "--dbname", conninfo], env=env, capture_output=True, text=True)
    if done.returncode:
        raise BackupError(f"pg_dump failed: {done.stderr.strip() or done.returncode}")


# ---------------------------------------------------------------- commands

@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(path: Path) -> None:
    """Back up the database to PATH while the store runs (SQLite: online backup API;
    PostgreSQL: pg_dump custom format)."""
    try:
        size = backup(db.engine.url, path)  # SQLite paths made absolute by Flask-SQLAlchemy
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backed up to {path}: {size} bytes.")


@click.command("check")
@click.option("-d", "--directory", default=None,
              help='Migration script directory (default is "migrations")')
@click.option("--schema/--no-schema", default=True,
              help="Also run Alembic's check (latest migration applied, none missing).")
@with_appcontext
def check_command(directory: str | None, schema: bool) -> None:
    """Check the database: Alembic's migration check, then every data invariant (stock =
    its movements, outlet shelves, gift sets, the ledger, whole orders). Exit 1 listing
    each violation."""
    violations = schema_violations(directory or g.get("directory")) if schema else []
    violations += check_invariants()
    for violation in violations:
        click.echo(str(violation))
    if violations:
        click.echo(f"{len(violations)} violation(s).", err=True)
        raise click.exceptions.Exit(1)
    click.echo("Database OK: every invariant holds.")


def init_app(app: Flask) -> None:
    """Add ``backup`` and (replacing Flask-Migrate's) ``check`` to the ``flask db`` group."""
    from flask_migrate.cli import db as db_group

    db_group.add_command(backup_command)
    db_group.add_command(check_command)
