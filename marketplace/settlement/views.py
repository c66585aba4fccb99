"""Settlement pages: the office sees every balance and runs payouts; a producer sees only
its own balance and payout history, and only its owner sets the payout bank account."""
from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select

from ..accounts.models import ProducerRole, Role
from ..auth import current_producer_id, producer_owner_required, role_required
from ..extensions import db
from ..shops.models import Producer
from . import bp, services
from .models import Payout, PayoutBatch, PayoutStatus


@bp.get("/dashboard/office/settlement")
@role_required(Role.OFFICE)
def office():
    """Balances of every producer, payout batches and the payouts waiting for the bank."""
    batches = db.session.scalars(select(PayoutBatch).order_by(PayoutBatch.id.desc())
                                 .limit(50)).all()
    waiting = db.session.scalars(select(Payout).where(Payout.status == PayoutStatus.PENDING)
                                 .order_by(Payout.id)).all()
    return render_template("settlement/office.html", balances=services.all_balances(),
                           batches=batches, waiting=waiting, form=FlaskForm())


@bp.get("/dashboard/office/settlement/batches/<int:batch_id>.csv")
@role_required(Role.OFFICE)
def office_batch_csv(batch_id: int):
    batch = db.get_or_404(PayoutBatch, batch_id)
    return Response(services.payout_csv(batch), mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename={batch.reference}.csv",
                             "Cache-Control": "private, no-store"})


@bp.post("/dashboard/office/settlement/payouts/<int:payout_id>/sent")
@role_required(Role.OFFICE)
def office_payout_sent(payout_id: int):
    payout = db.get_or_404(Payout, payout_id)
    try:
        services.mark_payout_sent(payout, bank_reference=request.form.get("bank_reference", ""))
    except services.SettlementError as error:
        flash(str(error), "error")
    else:
        flash(_("Đã ghi nhận chuyển %(amount)s đ cho %(name)s.", amount=payout.amount_vnd,
                name=payout.producer_name), "success")
    return redirect(url_for("settlement.office"), 303)


@bp.post("/dashboard/office/settlement/payouts/<int:payout_id>/cancel")
@role_required(Role.OFFICE)
def office_payout_cancel(payout_id: int):
    payout = db.get_or_404(Payout, payout_id)
    try:
        services.cancel_payout(payout)
    except services.SettlementError as error:
        flash(str(error), "error")
    else:
        flash(_("Đã huỷ khoản chi %(reference)s; số tiền được cộng lại vào số dư.",
                reference=payout.reference), "success")
    return redirect(url_for("settlement.office"), 303)


def _own_producer() -> Producer:
    producer = db.session.get(Producer, current_producer_id() or 0)
    if producer is None:
        abort(404)
    return producer


@bp.get("/dashboard/producer/balance")
@role_required(Role.PRODUCER)
def producer_balance():
    """Số dư: what the platform owes this producer, its payouts and ledger entries."""
    producer = _own_producer()
    is_owner = current_user.producer_role == ProducerRole.OWNER
    return render_template(
        "settlement/producer_balance.html", producer=producer,
        balance=services.balance_of(producer.id), payouts=services.payouts_of(producer.id),
        entries=services.entries_of(producer.id), account=services.payout_account(producer.id),
        is_owner=is_owner, percent=services.commission_percent(), form=FlaskForm())


@bp.post("/dashboard/producer/balance/account")
@producer_owner_required
def producer_payout_account():
    """The owner sets the bank account payouts go to (staff may not)."""
    producer = _own_producer()
    try:
        services.set_payout_account(
            producer.id, bank_name=request.form.get("bank_name", "")[:200],
            account_no=request.form.get("account_no", "")[:80],
            account_name=request.form.get("account_name", "")[:200], actor_id=current_user.id)
    except services.SettlementError as error:
        flash(str(error), "error")
    else:
        flash(_("Đã lưu tài khoản nhận tiền."), "success")
    return redirect(url_for("settlement.producer_balance"), 303)
