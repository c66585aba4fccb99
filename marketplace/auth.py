"""Who may do what: role decorators and ownership helpers for views.

Views check ownership, not just login (DESIGN.md): a producer's staff see and change
only their producer's records, an outlet operator only their outlet's, a shopper only
their own. Records that belong to someone else answer 404, as if they did not exist.

    @bp.get("/dashboard/products/<int:product_id>")
    @role_required(Role.PRODUCER)
    def edit_product(product_id):
        product = db.get_or_404(Product, product_id)
        require_producer(product.producer_id)
"""
from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user, login_required  # noqa: F401  (re-exported)

from .accounts.models import ProducerRole, Role
from .security import login_manager


def role_required(*roles: Role):
    """Logged in (else to the login page, or 401 on the API) and in one of ``roles`` (else 403)."""
    allowed = {Role(role) for role in roles}

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in allowed:
                abort(403)
            return view(*args, **kwargs)
        return wrapped
    return decorator


def producer_owner_required(view):
    """A producer account with the owner role (staff management, shop settings)."""
    @wraps(view)
    @role_required(Role.PRODUCER)
    def wrapped(*args, **kwargs):
        if current_user.producer_role != ProducerRole.OWNER:
            abort(403)
        return view(*args, **kwargs)
    return wrapped


def current_role() -> Role | None:
    return current_user.role if current_user.is_authenticated else None


def is_office() -> bool:
    return current_role() == Role.OFFICE


def current_user_id() -> int | None:
    return current_user.id if current_user.is_authenticated else None


def current_producer_id() -> int | None:
    """The producer the logged-in owner or staff member works for, else None."""
    return current_user.producer_id if current_role() == Role.PRODUCER else None


def current_outlet_id() -> int | None:
    """The outlet the logged-in operator runs, else None."""
    return current_user.outlet_id if current_role() == Role.OUTLET else None


def require_producer(producer_id: int | None, *, allow_office: bool = False) -> None:
    """404 unless the record belongs to the current user's producer (or office, if allowed)."""
    if allow_office and is_office():
        return
    if producer_id is None or current_producer_id() != producer_id:
        abort(404)


def require_outlet(outlet_id: int | None, *, allow_office: bool = False) -> None:
    """404 unless the record belongs to the current user's outlet (or office, if allowed)."""
    if allow_office and is_office():
        return
    if outlet_id is None or current_outlet_id() != outlet_id:
        abort(404)


def require_owner(user_id: int | None, *, allow_office: bool = False) -> None:
    """404 unless the record (an order, an address...) belongs to the current user."""
    if allow_office and is_office():
        return
    if user_id is None or current_user_id() != user_id:
        abort(404)
