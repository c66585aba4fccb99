"""The OCOP marketplace: a Flask app assembled from one blueprint per domain."""
import logging
from pathlib import Path

from flask import Flask, render_template, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

from config import INSTANCE_DIR, Config

from .extensions import db, migrate
from .formatting import format_day, format_vnd

log = logging.getLogger(__name__)


def create_app(config: type[Config] | Config = Config) -> Flask:
    """Build the app: configuration, extensions, blueprints, templates, CLI."""
    app = Flask(__name__, template_folder="../templates", static_folder="../static",
                instance_path=str(INSTANCE_DIR))
    app.config.from_object(config)
    from .ops.logs import configure_logging

    configure_logging(app)  # first, so the set-up's own lines are formatted and kept
    _configure_storage(app)
    _configure_extensions(app)
    _configure_blueprints(app)
    _configure_templates(app)
    _configure_errors(app)
    _configure_cli(app)
    return app


def _configure_storage(app: Flask) -> None:
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    Path(app.config["MEDIA_DIR"]).mkdir(parents=True, exist_ok=True)
    if uri.startswith("sqlite:///"):
        Path(uri.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        app.logger.info("Embedded mode: SQLite at %s", uri.removeprefix("sqlite:///"))


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """WAL lets readers run beside one writer; the busy timeout waits instead of failing."""
    if type(dbapi_connection).__module__ != "sqlite3":
        return
    from flask import current_app

    timeout = current_app.config.get("SQLITE_BUSY_TIMEOUT_MS", 10000) if current_app else 10000
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={int(timeout)}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _configure_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).resolve().parent.parent / "migrations"))
    from . import models  # noqa: F401  (register every model with the metadata)
    from . import notifications, search, security

    from . import i18n

    i18n.init_app(app)  # Vietnamese by default, English through ?lang=en or the switch
    security.init_app(app)  # CSRF, login manager, rate limiter and their error pages
    notifications.init_app(app)  # inline delivery of queued mail, `flask mail`
    search.init_app(app)  # marked products reach the search index when their transaction commits
    from . import ops

    ops.init_app(app)  # /healthz, JSON logs with request ids, `flask db backup|check`


def _configure_blueprints(app: Flask) -> None:
    from .accounts import bp as accounts_bp
    from .api import bp as api_bp
    from .catalog import bp as catalog_bp
    from .ocop import bp as ocop_bp
    from .shops import bp as shops_bp

    app.register_blueprint(catalog_bp)
    app.register_blueprint(shops_bp)
    app.register_blueprint(ocop_bp)
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    app.register_blueprint(accounts_bp)
    from . import cart
    from .orders import bp as orders_bp
    from .payments import bp as payments_bp

    cart.init_app(app)  # the cart blueprint, the merge at login, the header count
    app.register_blueprint(orders_bp)
    app.register_blueprint(payments_bp)
    from .admin import bp as admin_bp
    from .shops.dashboard import bp as dashboard_bp

    app.register_blueprint(dashboard_bp)  # producers' dashboard, /sell/register, invitations
    app.register_blueprint(admin_bp)  # the OCOP office's dashboard
    from .settlement import bp as settlement_bp

    app.register_blueprint(settlement_bp)
    from . import outlets

    outlets.init_app(app)  # outlets, restock, gift sets, fairs; `flask outlets`
    # OCOP workflow and traceability (issue 8): public trace pages, their API, the export.
    from .ocop.api import bp as ocop_api_bp
    from .trace import bp as trace_bp
    from .trace.api import bp as trace_api_bp

    app.register_blueprint(trace_bp)
    app.register_blueprint(trace_api_bp, url_prefix="/api/v1")
    app.register_blueprint(ocop_api_bp, url_prefix="/api/v1")
    from .search.views import bp as search_bp

    app.register_blueprint(search_bp)  # /search
    from .reviews import bp as reviews_bp

    app.register_blueprint(reviews_bp)  # product reviews, replies, office moderation
    from .seo import bp as seo_bp

    app.register_blueprint(seo_bp)  # /sitemap.xml, /robots.txt, page meta for the templates


def _configure_templates(app: Flask) -> None:
    from .i18n import current_language

    app.jinja_env.filters["vnd"] = lambda amount: format_vnd(amount, current_language())
    app.jinja_env.filters["day"] = lambda day: format_day(day, current_language())
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True


def _configure_errors(app: Flask) -> None:
    from .api.errors import wants_json, json_error

    def handler(status: int, template: str):
        def handle(error):
            if wants_json():
                return json_error(getattr(error, "description", "error"), status)
            return render_template(template, error=error), status
        return handle

    for status in (400, 404, 405, 413):
        app.register_error_handler(status, handler(status, "errors/4xx.html"))
    app.register_error_handler(500, handler(500, "errors/500.html"))


def _configure_cli(app: Flask) -> None:
    from .accounts.cli import user_cli
    from .catalog.cli import catalog_cli
    from .demo.cli import demo_cli
    from .ocop.cli import ocop_cli
    from .orders.cli import orders_cli

    for group in (catalog_cli, demo_cli, ocop_cli, user_cli, orders_cli):
        app.cli.add_command(group)
    from .payments.cli import payments_cli
    from .settlement.cli import settlement_cli

    app.cli.add_command(payments_cli)
    app.cli.add_command(settlement_cli)
    from .trace.cli import trace_cli

    app.cli.add_command(trace_cli)  # `flask trace stamps`
    from .search import cli as search_cli

    search_cli.register(app)  # `flask search reindex`
