"""The mail outbox: queued with the caller's transaction, delivered by console or SMTP."""
import socket

import pytest
from sqlalchemy import select

from marketplace.extensions import db as _db
from marketplace.notifications.models import OutboxMessage
from marketplace.notifications.services import deliver_pending, queue_mail
from tests.factories import make_user
from tests.notifications.smtp_sink import SmtpSink


def outbox(db):
    db.session.expire_all()
    return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def test_a_queued_mail_commits_with_the_callers_transaction(db):
    queue_mail("an@example.vn", "Đơn hàng", "Nội dung")
    db.session.rollback()
    assert outbox(db) == []

    queue_mail("an@example.vn", "Đơn hàng", "Nội dung")
    db.session.commit()
    assert [m.to_address for m in outbox(db)] == ["an@example.vn"]


def test_console_delivery_prints_the_mail_and_marks_it_sent(db, capsys):
    queue_mail("an@example.vn", "Chào bạn", "Xin chào từ Chợ OCOP")
    db.session.commit()

    report = deliver_pending()

    printed = capsys.readouterr().out
    assert (report.sent, report.failed) == (1, 0)
    assert "To: an@example.vn" in printed and "Xin chào từ Chợ OCOP" in printed
    [message] = outbox(db)
    assert message.sent_at is not None and message.attempts == 1


def test_deliver_pending_does_not_resend(db, capsys):
    queue_mail("an@example.vn", "Một lần", "x")
    db.session.commit()

    deliver_pending()
    assert deliver_pending().sent == 0


@pytest.fixture
def smtp_config(app, monkeypatch):
    def use(port: int) -> None:
        monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
        monkeypatch.setitem(app.config, "MAIL_PORT", port)
        monkeypatch.setitem(app.config, "MAIL_TIMEOUT", 5)
    return use


def test_smtp_delivery_when_mail_server_is_set(db, smtp_config):
    queue_mail("an@example.vn", "Đặt lại mật khẩu", "Liên kết: http://x/y")
    queue_mail("binh@example.vn", "Đơn hàng OCOP-2026-000001", "Cảm ơn bạn đã mua hàng")
    db.session.commit()

    with SmtpSink() as sink:
        smtp_config(sink.port)
        report = deliver_pending()

    assert (report.sent, report.failed) == (2, 0)
    assert [env["rcpt"] for env, _ in sink.received] == [["an@example.vn"], ["binh@example.vn"]]
    _, message = sink.received[1]
    assert message["Subject"] == "Đơn hàng OCOP-2026-000001"
    assert message.get_content().strip() == "Cảm ơn bạn đã mua hàng"
    assert "no-reply@localhost" in message["From"]
    assert all(m.sent_at is not None for m in outbox(db))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_failed_delivery_is_recorded_and_retried_later(app, db, smtp_config, monkeypatch):
    queue_mail("an@example.vn", "Thử lại", "x")
    db.session.commit()
    smtp_config(free_port())  # nothing listens there

    report = deliver_pending()

    assert (report.sent, report.failed) == (0, 1)
    [message] = outbox(db)
    assert message.sent_at is None and message.attempts == 1 and message.last_error

    with SmtpSink() as sink:
        smtp_config(sink.port)
        assert deliver_pending().sent == 1
    assert outbox(db)[0].sent_at is not None and outbox(db)[0].last_error == ""


def test_a_message_is_given_up_after_the_maximum_attempts(app, db, smtp_config, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_MAX_ATTEMPTS", 2)
    queue_mail("an@example.vn", "Hỏng", "x")
    db.session.commit()
    smtp_config(free_port())

    assert deliver_pending().failed == 1
    assert deliver_pending().failed == 1
    assert deliver_pending().failed == 0
    assert outbox(db)[0].attempts == 2


def test_flask_mail_send_drains_the_outbox(runner, db, capsys):
    for n in range(3):
        queue_mail(f"u{n}@example.vn", "Tin", "x")
    db.session.commit()

    result = runner.invoke(args=["mail", "send", "--batch", "2"])

    assert result.exit_code == 0, result.output
    assert "3 sent, 0 failed, 0 waiting." in result.output
    assert all(m.sent_at for m in outbox(db))


def test_flask_mail_send_exits_1_when_mail_cannot_go_out(runner, db, smtp_config):
    queue_mail("an@example.vn", "Tin", "x")
    db.session.commit()
    smtp_config(free_port())

    result = runner.invoke(args=["mail", "send"])

    assert result.exit_code == 1 and "0 sent, 1 failed, 1 waiting." in result.output


def test_inline_delivery_sends_the_reset_mail_after_the_request(app_variant, db, capsys):
    make_user("an@example.vn")
    variant = app_variant(MAIL_DELIVER_INLINE=True)

    response = variant.test_client().post("/password/forgot", data={"email": "an@example.vn"})

    assert response.status_code == 200
    assert "/password/reset/" in capsys.readouterr().out
    [message] = outbox(db)
    assert message.sent_at is not None


def test_inline_delivery_skips_failed_requests(app_variant, db, capsys):
    """Mail queued by a request that then failed was rolled back, and nothing is sent."""
    variant = app_variant(MAIL_DELIVER_INLINE=True)

    @variant.route("/_mail_then_fail")
    def mail_then_fail():
        queue_mail("an@example.vn", "Không gửi", "x")
        _db.session.rollback()
        return "failed", 500

    variant.test_client().get("/_mail_then_fail")

    assert outbox(db) == [] and "Không gửi" not in capsys.readouterr().out
