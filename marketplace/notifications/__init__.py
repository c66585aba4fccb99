"""Thông báo: outgoing mail through an outbox table.

A service queues a message in the caller's transaction (``queue_mail`` only flushes), so
a mail exists exactly when the change it announces was committed. ``deliver_pending``
sends what is waiting: to the console by default, over SMTP when ``MAIL_SERVER`` is set.
``flask mail send`` drains the outbox (run it from one host, e.g. from cron); with
``MAIL_DELIVER_INLINE`` (the default) the request that queued a mail also delivers it.
"""


def init_app(app) -> None:
    """Register the inline delivery hook and the ``flask mail`` commands."""
    from .cli import mail_cli
    from .services import deliver_after_request

    app.after_request(deliver_after_request)
    app.cli.add_command(mail_cli)
