"""Expiry notices (30 days before, configurable), and the badge gone the day after expiry."""
from datetime import timedelta

from sqlalchemy import select

from marketplace.clock import today
from marketplace.notifications.models import OutboxMessage
from marketplace.ocop.notices import send_expiry_notices
from marketplace.ocop.services import current_certification, expire_certifications
from tests.factories import make_certification, make_producer, make_product, make_user


def mail_to(db, address):
    return db.session.scalars(select(OutboxMessage.subject).where(
        OutboxMessage.to_address == address)).all()


def certified(expires_in: int):
    producer = make_producer(email="htx@example.vn")
    product = make_product(producer=producer)
    return make_certification(product, stars=4, certified_on=today() - timedelta(days=1000),
                              expires_on=today() + timedelta(days=expires_in))


def test_no_notice_31_days_before(db, app):
    certified(app.config["EXPIRY_WARNING_DAYS"] + 1)

    assert send_expiry_notices() == 0


def test_notice_30_days_before_to_producer_and_office_once(db, app):
    make_user("van-phong@example.vn", role="office")
    certificate = certified(app.config["EXPIRY_WARNING_DAYS"])

    assert send_expiry_notices() == 1
    assert send_expiry_notices() == 0  # once only

    assert certificate.expiry_notice_sent_on == today()
    assert len(mail_to(db, "htx@example.vn")) == 1
    assert len(mail_to(db, "van-phong@example.vn")) == 1
    assert "hết hạn" in mail_to(db, "htx@example.vn")[0]


def test_a_late_certificate_still_gets_its_notice(db):
    certified(3)

    assert send_expiry_notices() == 1


def test_the_warning_window_is_configurable(db, app_variant):
    variant = app_variant(EXPIRY_WARNING_DAYS=60)
    with variant.app_context():
        certified(45)
        assert send_expiry_notices() == 1


def test_the_command_sends_the_notices(runner, db):
    certified(10)

    result = runner.invoke(args=["ocop", "notify-expiring"])

    assert result.exit_code == 0 and "1 expiry notice" in result.output


def test_notices_are_sent_lazily_by_the_office_pages(app, db):
    from tests.factories import DEFAULT_PASSWORD

    office = make_user(role="office")
    certified(10)
    client = app.test_client()
    client.post("/login", data={"email": office.email, "password": DEFAULT_PASSWORD})

    client.get("/dashboard/office/ocop/dossiers")

    assert len(mail_to(db, "htx@example.vn")) == 1


def test_the_badge_is_gone_the_day_after_the_expiry_date_everywhere(client, db):
    certificate = certified(0)  # expires_on == today: still in force today
    product = certificate.product
    assert current_certification(product, today()) == certificate
    tomorrow = today() + timedelta(days=1)

    assert current_certification(product, tomorrow) is None
    assert expire_certifications(tomorrow) == 1
    db.session.refresh(certificate)
    assert certificate.status == "expired"
    assert len(product.certifications) == 1  # history keeps it


def test_expired_certificates_leave_the_api_and_the_product_page(client, db):
    certificate = certified(-1)  # expired yesterday
    product = certificate.product

    detail = client.get(f"/api/v1/products/{product.slug}").get_json()
    page = client.get(f"/products/{product.slug}").get_data(as_text=True)

    assert detail["stars"] is None and detail["certification"] is None
    assert len(detail["certification_history"]) == 1
    assert "badge--4" not in page
