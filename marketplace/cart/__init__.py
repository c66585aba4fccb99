"""Giỏ hàng (cart): what a shopper, guest or signed in, is about to buy.

Lines are grouped by producer (chủ thể OCOP), each group a parcel with its own shipping
fee (``shipping.py``). Prices are read fresh from the catalogue; the price seen when a
line was added is kept so a change is flagged before checkout, never applied silently.
"""
from flask import Blueprint

bp = Blueprint("cart", __name__)


def limit_form_size(blueprint: Blueprint, config_key: str = "FORM_MAX_BYTES") -> None:
    """Refuse (413) a request body over ``config_key`` bytes on this blueprint's routes.

    Werkzeug reads a url-encoded body whole, bounded only by ``max_content_length``
    (``MAX_CONTENT_LENGTH`` is large for catalogue imports), so the shop-flow forms set
    their own small limit. A URL value preprocessor runs before every ``before_request``
    hook, CSRFProtect's included, so the limit is in force before anything reads the form.
    """
    from flask import current_app, request

    @blueprint.url_value_preprocessor
    def _limit(_endpoint, _values) -> None:
        request.max_content_length = current_app.config[config_key]


limit_form_size(bp)


def init_app(app) -> None:
    """Register the blueprint, the login merge and the header count."""
    from . import session

    session.init_app(app)
    app.register_blueprint(bp)


from . import views  # noqa: E402,F401
