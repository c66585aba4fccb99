"""Role and ownership helpers that later dashboards use."""
import pytest
from flask_login import login_user
from werkzeug.exceptions import Forbidden, NotFound

from marketplace import auth
from marketplace.accounts.models import Role
from tests.factories import make_producer, make_user


@auth.role_required(Role.PRODUCER, Role.OFFICE)
def dashboard():
    return "ok"


def as_user(app, user):
    ctx = app.test_request_context("/dashboard")
    ctx.push()
    if user is not None:
        login_user(user)
    return ctx


def test_anonymous_visitors_are_sent_to_login(app, db):
    ctx = as_user(app, None)
    try:
        response = dashboard()
        assert response.status_code == 302 and response.location == "/login?next=/dashboard"
    finally:
        ctx.pop()


@pytest.mark.parametrize("role, allowed", [
    ("shopper", False), ("outlet", False), ("producer", True), ("office", True),
])
def test_roles_outside_the_list_get_403(app, db, role, allowed):
    ctx = as_user(app, make_user(role=role))
    try:
        if allowed:
            assert dashboard() == "ok"
        else:
            with pytest.raises(Forbidden):
                dashboard()
    finally:
        ctx.pop()


def test_producer_helpers_see_only_their_own_producer(app, db):
    mine, theirs = make_producer(), make_producer()
    staff = make_user(role="producer", producer=mine, producer_role="staff")
    ctx = as_user(app, staff)
    try:
        assert auth.current_producer_id() == mine.id
        assert auth.current_outlet_id() is None
        auth.require_producer(mine.id)
        with pytest.raises(NotFound):
            auth.require_producer(theirs.id)
        with pytest.raises(Forbidden):
            auth.producer_owner_required(lambda: "ok")()
    finally:
        ctx.pop()


def test_office_passes_ownership_checks_only_when_allowed(app, db):
    producer = make_producer()
    ctx = as_user(app, make_user(role="office"))
    try:
        auth.require_producer(producer.id, allow_office=True)
        with pytest.raises(NotFound):
            auth.require_producer(producer.id)
        with pytest.raises(NotFound):
            auth.require_owner(12345)
    finally:
        ctx.pop()


def test_outlet_and_owner_helpers(app, db):
    operator = make_user(role="outlet")
    ctx = as_user(app, operator)
    try:
        assert auth.current_outlet_id() == operator.outlet_id
        auth.require_outlet(operator.outlet_id)
        auth.require_owner(operator.id)
        with pytest.raises(NotFound):
            auth.require_outlet(operator.outlet_id + 1)
    finally:
        ctx.pop()
