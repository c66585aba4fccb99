"""OCOP mails, queued in the caller's transaction (``queue_mail`` only flushes)."""
from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _

from ..formatting import format_day
from ..i18n import current_language
from ..notifications.services import queue_mail
from ..notifications.services import mail_url
from ..shops.mails import office_recipients, producer_recipients


def dossier_submitted(dossier, resubmitted: bool) -> None:
    """To the office: a dossier waits for the commune's review; to the producer: received."""
    url = mail_url("admin.ocop_dossier", dossier_id=dossier.id)
    subject = (_("OCOP: %(producer)s nộp lại hồ sơ %(number)s", producer=dossier.producer.name,
                 number=dossier.number) if resubmitted else
               _("OCOP: %(producer)s nộp hồ sơ %(number)s", producer=dossier.producer.name,
                 number=dossier.number))
    for email in office_recipients():
        queue_mail(email, subject,
                   render_template("ocop/mail/office_dossier.txt", dossier=dossier, url=url,
                                   resubmitted=resubmitted))
    dossier_changed(dossier)


def dossier_changed(dossier, certification=None) -> None:
    """To the producer: where their dossier stands now (with the commune's comments, the
    council's result or the certificate)."""
    from .workflow import STATE_LABELS

    url = mail_url("dashboard.ocop_dossier", dossier_id=dossier.id)
    label = str(STATE_LABELS.get(dossier.state, dossier.state))
    for email in producer_recipients(dossier.producer):
        queue_mail(email, _("OCOP: hồ sơ %(number)s – %(state)s", number=dossier.number,
                            state=label),
                   render_template("ocop/mail/dossier.txt", dossier=dossier, label=label,
                                   certification=certification, url=url))


def expiry_notice(certification, days_left: int) -> None:
    """At least EXPIRY_WARNING_DAYS before expiry: the producer may start a re-evaluation."""
    product = certification.product
    expires = format_day(certification.expires_on, current_language())
    url = mail_url("dashboard.ocop_dossiers")
    for email in producer_recipients(product.producer):
        queue_mail(email, _("OCOP: giấy chứng nhận %(product)s hết hạn ngày %(day)s",
                            product=product.name, day=expires),
                   render_template("ocop/mail/expiry.txt", certification=certification,
                                   product=product, days_left=days_left, url=url,
                                   for_office=False))
    office_url = mail_url("admin.ocop_expiring")
    for email in office_recipients():
        queue_mail(email, _("OCOP: %(product)s (%(producer)s) hết hạn ngày %(day)s",
                            product=product.name, producer=product.producer.name, day=expires),
                   render_template("ocop/mail/expiry.txt", certification=certification,
                                   product=product, days_left=days_left, url=office_url,
                                   for_office=True))
