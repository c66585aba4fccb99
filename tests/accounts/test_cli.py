"""`flask user create EMAIL --role ROLE [--producer SLUG] [--outlet SLUG] [--password P]`."""
import pytest
from sqlalchemy import select

from marketplace.accounts.models import ProducerRole, Role, User
from marketplace.accounts.passwords import verify_password
from tests.factories import make_outlet, make_producer, make_user


def user(db, email):
    return db.session.scalar(select(User).where(User.email == email))


@pytest.mark.parametrize("role", ["shopper", "office"])
def test_create_a_shopper_or_office_account(runner, db, role):
    result = runner.invoke(args=["user", "create", "Staff@OCOP.vn", "--role", role,
                                 "--password", "mot-mat-khau"])

    assert result.exit_code == 0, result.output
    created = user(db, "staff@ocop.vn")
    assert created.role == Role(role) and verify_password(created.password_hash, "mot-mat-khau")


def test_create_a_producer_owner_and_staff(runner, db):
    producer = make_producer(slug="htx-che-hao-dat")

    owner = runner.invoke(args=["user", "create", "owner@haodat.vn", "--role", "producer",
                                "--producer", "htx-che-hao-dat", "--password", "mot-mat-khau"])
    staff = runner.invoke(args=["user", "create", "staff@haodat.vn", "--role", "producer",
                                "--producer", "htx-che-hao-dat", "--producer-role", "staff",
                                "--password", "mot-mat-khau"])

    assert owner.exit_code == 0 and staff.exit_code == 0, owner.output + staff.output
    assert "htx-che-hao-dat" in owner.output
    assert (user(db, "owner@haodat.vn").producer_id, user(db, "owner@haodat.vn").producer_role) \
        == (producer.id, ProducerRole.OWNER)
    assert user(db, "staff@haodat.vn").producer_role == ProducerRole.STAFF


def test_create_an_outlet_operator(runner, db):
    outlet = make_outlet(slug="diem-ban-tan-cuong")

    result = runner.invoke(args=["user", "create", "op@example.vn", "--role", "outlet",
                                 "--outlet", "diem-ban-tan-cuong", "--password", "mot-mat-khau"])

    assert result.exit_code == 0, result.output
    assert user(db, "op@example.vn").outlet_id == outlet.id


def test_the_password_is_prompted_for_when_absent(runner, db):
    result = runner.invoke(args=["user", "create", "an@example.vn", "--role", "shopper"],
                           input="mot-mat-khau\nmot-mat-khau\n")

    assert result.exit_code == 0, result.output
    assert "mot-mat-khau" not in result.output  # hidden input
    assert verify_password(user(db, "an@example.vn").password_hash, "mot-mat-khau")


@pytest.mark.parametrize("args, message", [
    (["--role", "admin"], "unknown role 'admin'"),
    (["--role", "producer"], "needs --producer"),
    (["--role", "producer", "--producer", "khong-co"], "no producer with slug 'khong-co'"),
    (["--role", "outlet"], "needs --outlet"),
    (["--role", "outlet", "--outlet", "khong-co"], "no outlet with slug 'khong-co'"),
    (["--role", "shopper", "--producer", "x"], "--producer goes with --role producer"),
    (["--role", "producer", "--producer", "x", "--producer-role", "boss"], "unknown producer role"),
    (["--role", "shopper", "--password", "short"], "password"),
])
def test_bad_arguments_exit_1_with_a_clear_error(runner, db, args, message):
    if "--password" not in args:
        args = [*args, "--password", "mot-mat-khau"]

    result = runner.invoke(args=["user", "create", "x@example.vn", *args])

    assert result.exit_code == 1
    assert message in result.output
    assert user(db, "x@example.vn") is None


def test_an_existing_email_exits_1(runner, db):
    make_user("an@example.vn")

    result = runner.invoke(args=["user", "create", "AN@example.vn", "--role", "shopper",
                                 "--password", "mot-mat-khau"])

    assert result.exit_code == 1 and "Email này đã có tài khoản." in result.output
