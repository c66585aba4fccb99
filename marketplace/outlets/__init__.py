"""Điểm bán OCOP: the outlets (sales points), their shelf stock, restocking at wholesale
terms, gift sets, and trade fairs (xúc tiến thương mại).

Beside orders in the dependency order (STYLE.md): it reads catalog, shops, orders' state
machine helper, settlement and trace, and orders calls back into ``giftsets`` for the
stock of gift sets. Pages: the public directory (/outlets, /gift-sets, /events), the
operators' dashboard (/dashboard/outlet/...), the producer's restock and wholesale pages
(/dashboard/producer/restock, .../products/<id>/wholesale, .../events) and the office's
sections (/dashboard/office/outlets, gift-sets, events, restock).
"""
from flask import Blueprint, Flask

bp = Blueprint("outlets", __name__)


def init_app(app: Flask) -> None:
    """Blueprint, the gift-set stock hooks, template helpers and ``flask outlets``."""
    # The views are imported here, not at package import: models of other domains import
    # ``outlets.models`` early, before the login manager the views need exists.
    from . import (  # noqa: F401
        giftsets, views_office, views_operator, views_producer, views_public, views_restock,
    )
    from .cli import outlets_cli

    if "outlets" not in app.blueprints:
        app.register_blueprint(bp)
    giftsets.init_app(app)
    app.cli.add_command(outlets_cli)


@bp.url_value_preprocessor
def _limit_sizes(endpoint, _values) -> None:
    """Forms are small; the compose and event forms may carry one photo."""
    from flask import current_app, request

    config = current_app.config
    if endpoint in PHOTO_ENDPOINTS:
        request.max_content_length = config["UPLOAD_MAX_BYTES"] + 256 * 1024
    else:
        request.max_content_length = config["FORM_MAX_BYTES"]


PHOTO_ENDPOINTS = {"outlets.operator_new_gift_set", "outlets.operator_edit_gift_set",
                   "outlets.office_new_gift_set", "outlets.office_edit_gift_set",
                   "outlets.office_new_event", "outlets.office_event"}
