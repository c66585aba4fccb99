"""Saved delivery addresses: CRUD through the pages, ownership, validation, the default."""
import pytest
from sqlalchemy import select

from marketplace.accounts import services
from marketplace.accounts.exceptions import AddressNotFound, ValidationFailed
from marketplace.accounts.models import Address
from tests.factories import make_address, make_user

FORM = {
    "recipient_name": "Nguyễn Thị Lan", "phone": "0912 345 678", "province_code": "19",
    "commune_code": "05503", "street": "Xóm Nam Đồng",
}


@pytest.fixture
def shopper(auth, db):
    user = make_user("lan@example.vn")
    auth.login("lan@example.vn")
    return user


def addresses_of(db, user):
    return db.session.scalars(select(Address).where(Address.user_id == user.id)
                              .order_by(Address.id)).all()


def test_add_an_address(client, db, shopper):
    response = client.post("/account/addresses/new", data=FORM)

    assert response.status_code == 302
    [address] = addresses_of(db, shopper)
    assert (address.phone, address.commune_code, address.is_default) == ("0912345678", "05503", True)
    page = client.get("/account/addresses").get_data(as_text=True)
    assert "Nguyễn Thị Lan" in page and "Xã Tân Cương" in page and "Tỉnh Thái Nguyên" in page


def test_the_form_labels_every_field(client, db, shopper):
    html = client.get("/account/addresses/new").get_data(as_text=True)

    for name in ("recipient_name", "phone", "province_code", "commune_code", "street",
                 "is_default"):
        assert f'<label for="{name}">' in html
    assert "Xã Tân Cương" in html  # the home province's communes are listed


@pytest.mark.parametrize("field, value, error_id", [
    ("phone", "12345", "phone-error"),
    ("phone", "+1 415 555 0100", "phone-error"),
    ("commune_code", "00004", "commune_code-error"),  # Ba Đình, Hà Nội: not in Thái Nguyên
    ("commune_code", "99999", "commune_code-error"),
    ("province_code", "99", "province_code-error"),
    ("recipient_name", "", "recipient_name-error"),
    ("street", "   ", "street-error"),
])
def test_a_bad_field_is_refused_with_its_error_beside_it(client, db, shopper, field, value,
                                                         error_id):
    response = client.post("/account/addresses/new", data={**FORM, field: value})

    assert response.status_code == 200
    assert f'id="{error_id}"' in response.get_data(as_text=True)
    assert addresses_of(db, shopper) == []


def test_refreshing_the_commune_list_saves_nothing(client, db, shopper):
    response = client.post("/account/addresses/new",
                           data={**FORM, "province_code": "01", "commune_code": "", "refresh": "1"})

    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Phường Ba Đình" in html
    assert "Xã Tân Cương" not in html
    assert addresses_of(db, shopper) == []


def test_edit_an_address(client, db, shopper):
    address = make_address(shopper)

    assert client.get(f"/account/addresses/{address.id}/edit").status_code == 200
    response = client.post(f"/account/addresses/{address.id}/edit",
                           data={**FORM, "street": "Số 5, đường Tân Cương"})

    assert response.status_code == 302
    db.session.refresh(address)
    assert address.street == "Số 5, đường Tân Cương"


def test_delete_an_address(client, db, shopper):
    address = make_address(shopper)

    assert client.post(f"/account/addresses/{address.id}/delete").status_code == 302

    assert addresses_of(db, shopper) == []


@pytest.mark.parametrize("method, path", [
    ("get", "/account/addresses/{id}/edit"),
    ("post", "/account/addresses/{id}/edit"),
    ("post", "/account/addresses/{id}/delete"),
])
def test_another_users_address_is_not_found(client, db, shopper, method, path):
    other = make_user("other@example.vn")
    theirs = make_address(other, street="Nhà của người khác")

    response = getattr(client, method)(path.format(id=theirs.id), data=FORM)

    assert response.status_code == 404
    db.session.refresh(theirs)
    assert theirs.street == "Nhà của người khác"
    assert "Nhà của người khác" not in client.get("/account/addresses").get_data(as_text=True)


def test_addresses_need_a_login(client, db):
    assert client.get("/account/addresses").status_code == 302
    assert client.post("/account/addresses/new", data=FORM).status_code == 302


def test_one_default_address_at_a_time(db):
    user = make_user()
    first = services.add_address(user, services.AddressData(**{**FORM, "is_default": False}))
    second = services.add_address(user, services.AddressData(**{**FORM, "is_default": True}))

    assert [a.is_default for a in addresses_of(db, user)] == [False, True]

    services.update_address(user, first.id, services.AddressData(**{**FORM, "is_default": True}))
    assert [a.is_default for a in addresses_of(db, user)] == [True, False]

    services.delete_address(user, first.id)
    db.session.refresh(second)
    assert second.is_default  # the remaining address takes over


def test_services_refuse_someone_elses_address(db):
    owner, intruder = make_user(), make_user()
    address = make_address(owner)

    with pytest.raises(AddressNotFound):
        services.update_address(intruder, address.id, services.AddressData(**FORM))
    with pytest.raises(AddressNotFound):
        services.delete_address(intruder, address.id)


def test_address_book_has_a_size_limit(db):
    user = make_user()
    for _ in range(services.MAX_ADDRESSES):
        make_address(user)

    with pytest.raises(ValidationFailed):
        services.add_address(user, services.AddressData(**FORM))
