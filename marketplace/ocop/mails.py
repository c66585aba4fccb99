"""OCOP mails, queued in the caller's transaction (``queue_mail`` only flushes)."""
from __future__ import annotations

from flask import render_template

from ..notifications.services import queue_mail
from ..shops.mails import external_url, office_recipients, producer_recipients


def dossier_submitted(dossier, resubmitted: bool) -> None:
    """To the office: a dossier waits for the commune's review; to the producer: received."""
    url = external_url("admin.ocop_dossier", dossier_id=dossier.id)
    word = "nộp lại" if resubmitted else "nộp"
    for email in office_recipients():
        queue_mail(email, f"OCOP: {dossier.producer.name} {word} hồ sơ {dossier.number}",
                   render_template("ocop/mail/office_dossier.txt", dossier=dossier, url=url,
                                   resubmitted=resubmitted))
    dossier_changed(dossier)


def dossier_changed(dossier, certification=None) -> None:
    """To the producer: where their dossier stands now (with the commune's comments, the
    council's result or the certificate)."""
    from .workflow import STATE_LABELS

    url = external_url("dashboard.ocop_dossier", dossier_id=dossier.id)
    label = STATE_LABELS.get(dossier.state, str(dossier.state))
    for email in producer_recipients(dossier.producer):
        queue_mail(email, f"OCOP: hồ sơ {dossier.number} – {label}",
                   render_template("ocop/mail/dossier.txt", dossier=dossier, label=label,
                                   certification=certification, url=url))


def expiry_notice(certification, days_left: int) -> None:
    """At least EXPIRY_WARNING_DAYS before expiry: the producer may start a re-evaluation."""
    product = certification.product
    url = external_url("dashboard.ocop_dossiers")
    for email in producer_recipients(product.producer):
        queue_mail(email, f"OCOP: giấy chứng nhận {product.name} hết hạn ngày "
                          f"{certification.expires_on:%d/%m/%Y}",
                   render_template("ocop/mail/expiry.txt", certification=certification,
                                   product=product, days_left=days_left, url=url,
                                   for_office=False))
    office_url = external_url("admin.ocop_expiring")
    for email in office_recipients():
        queue_mail(email, f"OCOP: {product.name} ({product.producer.name}) hết hạn ngày "
                          f"{certification.expires_on:%d/%m/%Y}",
                   render_template("ocop/mail/expiry.txt", certification=certification,
                                   product=product, days_left=days_left, url=office_url,
                                   for_office=True))
