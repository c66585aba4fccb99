"""``flask db check`` (invariants plus Alembic's check) and ``flask db backup`` (issue 9)."""
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from flask_migrate.cli import db as db_group
from sqlalchemy import create_engine, inspect, text

from marketplace.clock import today
from marketplace.extensions import db as _db
from marketplace.ops import dbtools
from marketplace.orders import services as orders
from marketplace.payments import refunds
from marketplace.settlement import services as settlement
from tests.conftest import fresh_postgres_database
from tests.factories import (
    make_gift_set, make_order, make_outlet, make_outlet_stock, make_producer, make_product,
)
from tests.payments.stripe_support import card_order, deliver, pay_by_webhook, reload
from tests.test_migrations import migrated_app  # noqa: F401  (a fixture: a migrated database)

ROOT = Path(__file__).resolve().parents[2]


def run_check(runner, *args):
    return runner.invoke(db_group, ["check", "--no-schema", *args])


def trade(fake, client):
    """A small store that has traded: card and COD parcels delivered, one refunded in
    part, one cancelled, a gift set sold, an outlet shelf, a payout batch."""
    tea, honey = make_producer(), make_producer()
    settlement.set_payout_account(tea.id, bank_name="Vietcombank", account_no="0011001234567",
                                  account_name="HTX chè Tân Cương", actor_id=None)
    green = make_product(producer=tea, price_vnd=120_000, stock=30)
    honey_jar = make_product(producer=honey, price_vnd=90_000, stock=20)
    order, checkout = card_order(items=[(green, 2), (honey_jar, 1)])
    pay_by_webhook(fake, client, checkout)
    parcels = reload(order).shop_orders
    deliver(parcels[0])
    refunds.refund_parcel(reload(order).shop_orders[0], 40_000, actor_id=None, reason="Hộp móp")
    orders.cancel_shop_order(reload(order).shop_orders[1], actor_id=None)
    rice = make_product(producer=honey, price_vnd=60_000, stock=40)
    cod = make_order(items=[(green, 1), (honey_jar, 2), (rice, 3)])
    deliver(cod.shop_orders[0])
    gift = make_gift_set([(green, 1), (honey_jar, 1)])
    gift_order = make_order(items=[(gift, 2)])
    make_outlet_stock(make_outlet(), green, on_hand=5)
    assert settlement.run_payouts(today()).batch is not None
    return {"product": rice.id, "stock": reload_stock(rice), "gift": gift.id,
            "cod": cod.id, "card": order.id, "gift_order": gift_order.id}


def reload_stock(product) -> int:
    _db.session.expire_all()
    return _db.session.get(type(product), product.id).stock


def test_check_passes_on_the_demo_store_after_trading(runner, fake_stripe, client, db):
    loaded = runner.invoke(args=["demo", "load"])
    assert loaded.exit_code == 0, loaded.output
    trade(fake_stripe, client)

    result = run_check(runner)

    assert (result.exit_code, result.stdout) == (0, "Database OK: every invariant holds.\n")
    assert dbtools.check_invariants() == []


CORRUPTIONS = {
    "stock": ["UPDATE product SET stock = 99 WHERE id = :product"],
    "outlet_stock": ["UPDATE outlet_stock SET on_hand = on_hand - 1"],
    "gift_set": ["UPDATE product SET stock = stock + 1 WHERE id = :gift",
                 "INSERT INTO stock_movement (product_id, delta, stock_after, reason, note, "
                 "created_at) SELECT id, 1, stock, 'count', '', created_at FROM product "
                 "WHERE id = :gift"],
    "ledger": ["UPDATE payout SET amount_vnd = amount_vnd + 1000"],
    "order": ["UPDATE orders SET subtotal_vnd = subtotal_vnd + 1000, "
              "total_vnd = total_vnd + 1000 WHERE id = :cod"],
}
EXPECTED = {
    "stock": "stock: product {product}: stock 99, movements add up to {stock}\n",
    "outlet_stock": "outlet_stock: outlet",
    "gift_set": "gift_set: gift set {gift}: stock",
    "ledger": "ledger: payout",
    "order": "order: order {cod} (",
}


@pytest.mark.parametrize("kind", sorted(CORRUPTIONS))
def test_check_reports_data_corrupted_behind_the_apps_back(kind, runner, fake_stripe, client,
                                                           db):
    ids = trade(fake_stripe, client)
    assert dbtools.check_invariants() == []
    for statement in CORRUPTIONS[kind]:
        db.session.execute(text(statement).bindparams(
            **{k: v for k, v in ids.items() if f":{k}" in statement}))
    db.session.commit()

    result = run_check(runner)

    violations = dbtools.check_invariants()
    assert {v.check for v in violations} == {kind}
    assert result.exit_code == 1
    assert result.stdout.startswith(EXPECTED[kind].format(**ids))
    assert result.stdout.splitlines() == [str(v) for v in violations]  # one line each
    assert result.stderr == f"{len(violations)} violation(s).\n"


def test_check_finds_half_orders_and_unbalanced_ledger_entries(runner, fake_stripe, client, db):
    ids = trade(fake_stripe, client)
    # The gift set order's parcel moves to the card order: one order is left with none,
    # and the other's shop orders no longer add up to it.
    db.session.execute(text("UPDATE shop_order SET order_id = :card WHERE order_id = :gift"),
                       {"card": ids["card"], "gift": ids["gift_order"]})
    db.session.execute(text("UPDATE order_line SET quantity = quantity + 1 "
                            "WHERE id = (SELECT MIN(id) FROM order_line)"))
    db.session.execute(text("UPDATE ledger_entry SET amount_vnd = -amount_vnd "
                            "WHERE kind = 'commission_reversal'"))
    db.session.commit()

    found = [str(v) for v in dbtools.check_invariants()]

    gift_order = ids["gift_order"]
    assert f"order: order {gift_order} ({_number(db, gift_order)}): no shop orders" in found
    assert any(v.startswith(f"order: order {ids['card']} (") and "its shop orders" in v
               for v in found)
    assert any("its lines add up to" in v for v in found)
    assert any(v.startswith("ledger: entry") and "wrong sign" in v for v in found)
    assert run_check(runner).exit_code == 1


def _number(db, order_id):
    return db.session.scalar(text("SELECT number FROM orders WHERE id = :o"), {"o": order_id})


def test_flask_db_check_on_the_command_line_is_ours(app, db, tmp_path):
    """The real ``flask`` entry point: Flask-Migrate's ``db`` group, with our ``check``."""
    env = {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "INSTANCE_DIR": str(tmp_path), "FLASK_APP": "marketplace"}
    done = subprocess.run([sys.executable, "-m", "flask", "db", "check", "--no-schema"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout) == (0, "Database OK: every invariant holds.\n"), \
        done.stderr
    listed = subprocess.run([sys.executable, "-m", "flask", "db", "--help"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120).stdout
    assert "  backup " in listed and "  check " in listed and "  upgrade " in listed


# ---------------------------------------------------------------- Alembic's check

def test_check_runs_alembics_check_before_the_invariants(migrated_app):
    runner = migrated_app.test_cli_runner()
    assert runner.invoke(db_group, ["check"]).exit_code == 0
    with _db.engine.begin() as conn:
        conn.execute(text("CREATE TABLE stray_table (id INTEGER PRIMARY KEY)"))

    result = runner.invoke(db_group, ["check"])

    assert result.exit_code == 1
    assert result.stdout.startswith("schema: New upgrade operations detected")
    assert "stray_table" in result.stdout
    assert runner.invoke(db_group, ["check", "--no-schema"]).exit_code == 0


# ---------------------------------------------------------------- backup

def _row_counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {table: conn.execute(text(f'SELECT COUNT(*) FROM "{table}"')).scalar_one()
                for table in inspect(conn).get_table_names()}


def _restored_engine(app, copy: Path):
    """An engine on the backup: the SQLite file itself, or a fresh database restored from
    the pg_dump archive with pg_restore."""
    if app.config["BACKEND"] == "sqlite":
        with sqlite3.connect(copy) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        return create_engine(f"sqlite:///{copy}")
    url = fresh_postgres_database("_restore")
    restore = subprocess.run(["pg_restore", "--no-owner", "--dbname",
                              url.replace("postgresql+psycopg", "postgresql"), str(copy)],
                             capture_output=True, text=True, timeout=120)
    assert restore.returncode == 0, restore.stderr
    return create_engine(url)


def test_backup_is_a_restorable_copy_with_the_same_rows(app, runner, fake_stripe, client, db,
                                                        tmp_path):
    trade(fake_stripe, client)
    copy = tmp_path / "backup" / "ocop.bak"
    copy.parent.mkdir()

    result = runner.invoke(db_group, ["backup", str(copy)])

    assert result.exit_code == 0, result.output
    assert result.output == f"Backed up to {copy}: {copy.stat().st_size} bytes.\n"
    assert sorted(p.name for p in copy.parent.iterdir()) == ["ocop.bak"]  # no leftovers
    restored = _restored_engine(app, copy)
    try:
        counts = _row_counts(restored)
    finally:
        restored.dispose()
    assert counts == _row_counts(db.engine)
    assert counts["orders"] == 3 and counts["ledger_entry"] > 0


def test_backup_never_overwrites_a_file(runner, db, tmp_path):
    existing = tmp_path / "keep.db"
    existing.write_bytes(b"precious")

    result = runner.invoke(db_group, ["backup", str(existing)])

    assert result.exit_code == 1
    assert "already exists" in result.output
    assert existing.read_bytes() == b"precious"


def test_backup_says_what_is_missing(app, runner, db, tmp_path, monkeypatch):
    """No SQLite file to copy, or no pg_dump to run: a clear error, nothing written."""
    target = tmp_path / "out.bak"
    if app.config["BACKEND"] == "sqlite":
        with pytest.raises(dbtools.BackupError, match="no SQLite database file"):
            dbtools.backup(f"sqlite:///{tmp_path / 'missing.db'}", target)
    else:
        monkeypatch.setenv("PATH", str(tmp_path))
        result = runner.invoke(db_group, ["backup", str(target)])
        assert result.exit_code == 1
        assert "pg_dump not found on PATH" in result.output
    assert not target.exists() and not (tmp_path / "out.bak.partial").exists()


def test_sqlite_backup_copies_what_is_committed_while_a_writer_is_busy(tmp_path):
    """WAL mode: the committed rows still in the -wal file are copied, the open write
    transaction's are not, and the writer is not in the way."""
    live = tmp_path / "live.db"
    with sqlite3.connect(live) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA wal_autocheckpoint=0")  # committed pages stay in the -wal file
        conn.execute("CREATE TABLE product (id INTEGER PRIMARY KEY, stock INTEGER)")
        conn.execute("INSERT INTO product (stock) VALUES (7)")
    writer = sqlite3.connect(live)
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE product SET stock = 0")
    try:
        dbtools.backup(f"sqlite:///{live}", tmp_path / "copy.db")
    finally:
        writer.rollback()
        writer.close()
    with sqlite3.connect(tmp_path / "copy.db") as copy:
        assert copy.execute("SELECT stock FROM product").fetchall() == [(7,)]
