"""Kênh người bán: the producer dashboard (owners and staff of one producer).

A presentation layer above the domains, like ``admin`` and ``api``: its views call the
services of shops (profile, staff), catalog (products, images, stock) and orders
(fulfilment), so it may import all of them; the domains never import it.

Every route is for a logged-in producer account (else: login, or 403 for other roles)
and works on ``g.producer``, the producer of the account: records are always looked up
*within* that producer, so another producer's id answers 404. Owner-only routes (members,
payouts) answer 403 to staff.
"""
from __future__ import annotations

from functools import wraps

from flask import Blueprint, abort, current_app, g, request
from flask_login import current_user

from ...accounts.models import ProducerRole, Role
from ...auth import role_required

bp = Blueprint("dashboard", __name__)

# Request body limits per endpoint (uploads need more than a form; see limit_sizes).
UPLOAD_ENDPOINTS = {"dashboard.upload_images", "dashboard.upload_shop_image"}
LARGE_FORM_ENDPOINTS = {"dashboard.profile", "dashboard.new_product", "dashboard.edit_product",
                        "dashboard.register"}


@bp.url_value_preprocessor
def limit_sizes(endpoint, _values) -> None:
    """Cap the body before anything (CSRF included) reads the form: uploads 5 files of
    UPLOAD_MAX_BYTES, the bulk CSV its own limit, long texts 256 KB, other forms FORM_MAX_BYTES."""
    config = current_app.config
    if endpoint == "dashboard.ocop_upload":  # an OCOP dossier document (PDF or image)
        request.max_content_length = config["DOSSIER_DOCUMENT_MAX_BYTES"] + 65536
    elif endpoint in UPLOAD_ENDPOINTS or endpoint == "dashboard.batch_event":
        request.max_content_length = config["UPLOAD_MAX_BYTES"] * 5 + 65536
    elif endpoint == "dashboard.bulk_update":
        request.max_content_length = config["BULK_UPDATE_MAX_BYTES"] + 65536
    elif endpoint in LARGE_FORM_ENDPOINTS:
        request.max_content_length = 256 * 1024
    else:
        request.max_content_length = config["FORM_MAX_BYTES"]


def producer_required(view):
    """A producer account (owner or staff); ``g.producer`` is its producer."""
    @wraps(view)
    @role_required(Role.PRODUCER)
    def wrapped(*args, **kwargs):
        producer = current_user.producer
        if producer is None:
            abort(403)
        g.producer = producer
        g.is_owner = current_user.producer_role == ProducerRole.OWNER
        return view(*args, **kwargs)
    return wrapped


def owner_required(view):
    """Members and payouts: the producer's owners only (staff get 403)."""
    @wraps(view)
    @producer_required
    def wrapped(*args, **kwargs):
        if not g.is_owner:
            abort(403)
        return view(*args, **kwargs)
    return wrapped


from . import views_orders, views_products, views_shop  # noqa: E402,F401
from . import views_ocop, views_trace  # noqa: E402,F401  (OCOP dossiers; batches and stamps)
