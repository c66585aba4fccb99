"""Registration and authentication rules (service layer)."""
import pytest
from sqlalchemy import select

from marketplace.accounts import services
from marketplace.accounts.exceptions import (
    EmailTaken, InactiveAccount, InvalidCredentials, ValidationFailed,
)
from marketplace.accounts.models import ProducerRole, Role, User
from marketplace.accounts.passwords import hash_password, verify_password
from tests.factories import DEFAULT_PASSWORD, make_outlet, make_producer, make_user


def test_register_stores_the_email_normalised_and_the_password_hashed(db):
    user = services.register_user("  Chi.Tran@Example.VN ", "mot-mat-khau", "Trần Chi")

    assert user.email == "chi.tran@example.vn"
    assert user.role == Role.SHOPPER
    assert user.password_hash.startswith("$argon2id$")
    assert "mot-mat-khau" not in user.password_hash


def test_an_email_differing_only_by_case_is_taken(db):
    make_user("an@example.vn")

    with pytest.raises(EmailTaken):
        services.register_user("AN@Example.vn", "mot-mat-khau", "An")


def test_register_reports_every_bad_field_at_once(db):
    with pytest.raises(ValidationFailed) as error:
        services.register_user("not-an-email", "short", "X", phone="12345")

    assert set(error.value.errors) == {"email", "password", "phone"}


def test_register_normalises_the_phone(db):
    user = services.register_user("binh@example.vn", "mot-mat-khau", "Bình", phone="+84 912 345 678")

    assert user.phone == "0912345678"


def test_a_producer_account_needs_its_producer(db):
    with pytest.raises(ValidationFailed) as error:
        services.register_user("p@example.vn", "mot-mat-khau", role=Role.PRODUCER)
    assert "producer" in error.value.errors


def test_a_shopper_cannot_be_tied_to_an_outlet(db):
    with pytest.raises(ValidationFailed) as error:
        services.register_user("s@example.vn", "mot-mat-khau", outlet=make_outlet())
    assert "outlet" in error.value.errors


def test_producer_staff_and_outlet_accounts_keep_their_links(db):
    producer, outlet = make_producer(), make_outlet()

    staff = services.register_user("staff@example.vn", "mot-mat-khau", role=Role.PRODUCER,
                                   producer=producer, producer_role=ProducerRole.STAFF)
    operator = services.register_user("op@example.vn", "mot-mat-khau", role=Role.OUTLET,
                                      outlet=outlet)

    assert (staff.producer_id, staff.producer_role) == (producer.id, ProducerRole.STAFF)
    assert operator.outlet_id == outlet.id and operator.producer_id is None


def test_authenticate_with_the_right_password_records_the_login(db):
    make_user("an@example.vn")

    user = services.authenticate("AN@example.vn ", DEFAULT_PASSWORD)

    assert user.email == "an@example.vn"
    assert user.last_login_at is not None


@pytest.mark.parametrize("email, password", [
    ("an@example.vn", "wrong-password"), ("nobody@example.vn", DEFAULT_PASSWORD),
])
def test_wrong_password_and_unknown_email_fail_alike(db, email, password):
    make_user("an@example.vn")

    with pytest.raises(InvalidCredentials) as error:
        services.authenticate(email, password)
    assert str(error.value) == "Email hoặc mật khẩu không đúng."


def test_an_inactive_account_cannot_log_in(db):
    make_user("locked@example.vn", is_active=False)

    with pytest.raises(InactiveAccount):
        services.authenticate("locked@example.vn", DEFAULT_PASSWORD)


def test_a_hash_with_old_parameters_is_upgraded_at_login(app, db):
    user = make_user("old@example.vn")
    with_old_parameters = user.password_hash
    app.config["PASSWORD_HASH_TIME_COST"] = 2
    try:
        services.authenticate("old@example.vn", DEFAULT_PASSWORD)
        upgraded = db.session.scalar(select(User.password_hash).where(User.id == user.id))
        assert upgraded != with_old_parameters and "t=2" in upgraded
        assert verify_password(upgraded, DEFAULT_PASSWORD)
    finally:
        app.config["PASSWORD_HASH_TIME_COST"] = 1


def test_a_new_password_changes_the_session_id(db):
    user = make_user()
    before = user.get_id()

    user.password_hash = hash_password("another-password")

    assert user.get_id() != before and user.get_id().startswith(f"{user.id}:")


def test_change_password_needs_the_current_one(db):
    user = make_user()

    with pytest.raises(ValidationFailed) as error:
        services.change_password(user, "not-it", "new-password-1")
    assert "current_password" in error.value.errors

    services.change_password(user, DEFAULT_PASSWORD, "new-password-1")
    assert verify_password(user.password_hash, "new-password-1")


def test_update_profile_validates_name_and_phone(db):
    user = make_user()

    with pytest.raises(ValidationFailed) as error:
        services.update_profile(user, "  ", "123")
    assert set(error.value.errors) == {"name", "phone"}

    services.update_profile(user, " Lê Thu ", "0987 654 321")
    assert (user.name, user.phone) == ("Lê Thu", "0987654321")


def test_the_database_refuses_a_producer_account_without_producer(db):
    from sqlalchemy.exc import IntegrityError

    db.session.add(User(email="p@example.vn", password_hash="x", role=Role.PRODUCER))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_the_model_normalises_an_email_however_it_is_set(db):
    user = make_user("  Mixed.Case@Example.VN ")

    assert user.email == "mixed.case@example.vn"
    assert services.find_user_by_email("MIXED.case@example.vn ") == user
