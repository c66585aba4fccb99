"""Configuration from the environment (and an optional .env file).

With nothing set the store runs embedded: SQLite in WAL mode and the search
index under ``instance/``.
"""
import os
from pathlib import Path

from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent
load_dotenv(BASE_DIR / ".env")

INSTANCE_DIR = Path(os.environ.get("INSTANCE_DIR", BASE_DIR / "instance"))


def _ratelimit_storage_uri(environ=os.environ) -> str:
    """Where rate-limit counters live: RATELIMIT_STORAGE_URI, else REDIS_URL, else memory."""
    return environ.get("RATELIMIT_STORAGE_URI") or environ.get("REDIS_URL") or "memory://"


# The development secret: refused in production (ProductionConfig, security.check_production).
DEV_SECRET_KEY = "dev-only-not-secret"


def _app_env(environ=os.environ) -> str:
    """``production`` when APP_ENV (or Flask's old FLASK_ENV) says so, else ``development``."""
    value = environ.get("APP_ENV") or environ.get("FLASK_ENV") or "development"
    return value.strip().lower()


def fault_pauses(text: str) -> dict[str, float]:
    """``"checkout:5,webhook:5"`` → ``{"checkout": 5.0, "webhook": 5.0}`` (see ops/faults.py)."""
    pauses = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        point, _, seconds = item.partition(":")
        try:
            pauses[point.strip()] = float(seconds)
        except ValueError:
            raise ValueError(f"FAULT_PAUSES: expected point:seconds, got {item!r}") from None
    return pauses


def database_engine_options(uri: str, environ=os.environ) -> dict:
    """SQLAlchemy engine options: a tuned pool and a statement timeout on PostgreSQL.

    A pooled connection is checked before use (a restarted server or a dropped idle link
    costs a reconnect, not an error page) and recycled before server or firewall idle
    limits; no statement may hold a worker longer than DB_STATEMENT_TIMEOUT_MS (0: none).
    """
    if not uri.startswith("postgresql"):
        return {"pool_pre_ping": True}
    options = {
        "pool_pre_ping": True,
        "pool_size": int(environ.get("DB_POOL_SIZE", "5")),
        "max_overflow": int(environ.get("DB_MAX_OVERFLOW", "10")),
        "pool_recycle": int(environ.get("DB_POOL_RECYCLE_SECONDS", "1800")),
    }
    timeout_ms = int(environ.get("DB_STATEMENT_TIMEOUT_MS", "15000"))
    if timeout_ms > 0:
        options["connect_args"] = {"options": f"-c statement_timeout={timeout_ms}"}
    return options


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    """Settings read once at start-up; every variable is listed in README.md."""

    # "production" turns on the start-up refusals (weak SECRET_KEY, DEBUG) and Secure cookies.
    APP_ENV = _app_env()
    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'marketplace.db'}"
    )
    SQLITE_BUSY_TIMEOUT_MS = int(os.environ.get("SQLITE_BUSY_TIMEOUT_MS", "10000"))
    SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "whoosh")
    SEARCH_INDEX_DIR = os.environ.get("SEARCH_INDEX_DIR", str(INSTANCE_DIR / "search-index"))
    MEDIA_DIR = os.environ.get("MEDIA_DIR", str(INSTANCE_DIR / "media"))
    TIMEZONE = os.environ.get("TIMEZONE", "Asia/Ho_Chi_Minh")
    # Certificates are valid 36 months from the decision date (Decision 148).
    CERTIFICATE_VALID_MONTHS = int(os.environ.get("CERTIFICATE_VALID_MONTHS", "36"))
    EXPIRY_WARNING_DAYS = int(os.environ.get("EXPIRY_WARNING_DAYS", "30"))
    # Aggregates (facets, statistics, highlights) are cached this long per worker.
    CATALOG_CACHE_SECONDS = int(os.environ.get("CATALOG_CACHE_SECONDS", "30"))
    # Rendered page fragments, shared by the workers of one host (diskcache on SQLite).
    PAGE_CACHE_DIR = os.environ.get("PAGE_CACHE_DIR", str(INSTANCE_DIR / "page-cache"))
    PAGE_CACHE_MAX_BYTES = int(os.environ.get("PAGE_CACHE_MAX_MB", "256")) * 1024 * 1024
    # What each worker keeps of that HTML in its own memory (most recently used first).
    PAGE_CACHE_MEMORY_BYTES = int(os.environ.get("PAGE_CACHE_MEMORY_MB", "64")) * 1024 * 1024
    IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(20 * 1024 * 1024)))
    STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
    STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
    STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "")
    # Where the "pay" form's 303 lands: Chromium applies CSP form-action to that redirect.
    STRIPE_CHECKOUT_ORIGIN = os.environ.get("STRIPE_CHECKOUT_ORIGIN", "https://checkout.stripe.com")
    # Card payments (issue 5): an unpaid card order holds its stock this long (30 to 1440:
    # a Stripe Checkout Session lives 30 min to 24 h), then expires like a transfer hold.
    CARD_HOLD_MINUTES = int(os.environ.get("CARD_HOLD_MINUTES", "60"))
    STRIPE_TIMEOUT_SECONDS = float(os.environ.get("STRIPE_TIMEOUT_SECONDS", "20"))
    STRIPE_MAX_NETWORK_RETRIES = int(os.environ.get("STRIPE_MAX_NETWORK_RETRIES", "2"))
    # Settlement: the platform's share of a delivered parcel's goods (not its shipping).
    PLATFORM_COMMISSION_PERCENT = float(os.environ.get("PLATFORM_COMMISSION_PERCENT", "5"))
    REDIS_URL = os.environ.get("REDIS_URL", "")
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_USE_TLS = _bool("MAIL_USE_TLS")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "OCOP Marketplace <no-reply@localhost>")
    MAIL_USE_SSL = _bool("MAIL_USE_SSL")
    MAIL_TIMEOUT = float(os.environ.get("MAIL_TIMEOUT", "10"))
    MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", "5"))
    # Deliver the mail a request queued right after that request (one host, embedded mode);
    # set 0 when `flask mail send` drains the outbox from one host (cron, multi-host).
    MAIL_DELIVER_INLINE = _bool("MAIL_DELIVER_INLINE", True)
    # Health and logs (issue 9): /healthz fails when more than HEALTH_MAX_OUTBOX mails have
    # waited unsent longer than MAIL_BACKLOG_MAX_AGE seconds; log lines are JSON (or text
    # for a developer's terminal); a request slower than SLOW_REQUEST_MS logs a WARNING.
    MAIL_BACKLOG_MAX_AGE = int(os.environ.get("MAIL_BACKLOG_MAX_AGE", "900"))
    HEALTH_MAX_OUTBOX = int(os.environ.get("HEALTH_MAX_OUTBOX", "100"))
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "json").strip().lower()
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
    SLOW_REQUEST_MS = float(os.environ.get("SLOW_REQUEST_MS", "500"))
    # Accounts: argon2id parameters (RFC 9106 / OWASP: 64 MiB, 3 passes, 4 lanes).
    PASSWORD_HASH_TIME_COST = int(os.environ.get("PASSWORD_HASH_TIME_COST", "3"))
    PASSWORD_HASH_MEMORY_KIB = int(os.environ.get("PASSWORD_HASH_MEMORY_KIB", "65536"))
    PASSWORD_HASH_PARALLELISM = int(os.environ.get("PASSWORD_HASH_PARALLELISM", "4"))
    PASSWORD_RESET_TOKEN_MINUTES = int(os.environ.get("PASSWORD_RESET_TOKEN_MINUTES", "60"))
    # Cookies: never readable from JavaScript, not sent on cross-site POSTs, HTTPS-only in
    # production (SESSION_COOKIE_SECURE=1 forces it elsewhere, e.g. a staging host on HTTPS).
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", APP_ENV == "production")
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    REMEMBER_COOKIE_DURATION = int(os.environ.get("REMEMBER_COOKIE_DAYS", "30")) * 86400
    # Rate limits (Flask-Limiter): counters in memory per process unless REDIS_URL is set.
    RATELIMIT_ENABLED = _bool("RATELIMIT_ENABLED", True)
    RATELIMIT_STORAGE_URI = _ratelimit_storage_uri()
    # One prefix per deployment sharing a Redis (or per test run, to flush only its keys).
    RATELIMIT_KEY_PREFIX = os.environ.get("RATELIMIT_KEY_PREFIX", "ocop")
    RATELIMIT_HEADERS_ENABLED = True
    # Fall back to per-process counters rather than refusing logins while Redis is down.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    # Failed logins count per account (e-mail) and per client IP; a success is not counted.
    LOGIN_RATE_LIMIT_PER_ACCOUNT = os.environ.get("LOGIN_RATE_LIMIT_PER_ACCOUNT", "10 per 15 minutes")
    LOGIN_RATE_LIMIT_PER_IP = os.environ.get("LOGIN_RATE_LIMIT_PER_IP", "50 per 15 minutes")
    REGISTER_RATE_LIMIT_PER_IP = os.environ.get("REGISTER_RATE_LIMIT_PER_IP", "10 per hour")
    PASSWORD_RESET_RATE_LIMIT_PER_IP = os.environ.get("PASSWORD_RESET_RATE_LIMIT_PER_IP", "10 per hour")
    PASSWORD_RESET_RATE_LIMIT_PER_ACCOUNT = os.environ.get(
        "PASSWORD_RESET_RATE_LIMIT_PER_ACCOUNT", "3 per hour"
    )
    # Checkout form posts and Stripe checkout starts, per account: each placed card order
    # holds stock, so a script must not be able to empty the shelves.
    CHECKOUT_RATE_LIMIT_PER_ACCOUNT = os.environ.get("CHECKOUT_RATE_LIMIT_PER_ACCOUNT",
                                                     "30 per hour")
    # Stripe retries in bursts from a few addresses: generous, only a flood is refused.
    STRIPE_WEBHOOK_RATE_LIMIT_PER_IP = os.environ.get("STRIPE_WEBHOOK_RATE_LIMIT_PER_IP",
                                                      "300 per minute")
    # /search and /api/v1/products?q= share one budget; suggestions fire while typing.
    # Generous: many shoppers share one carrier-grade NAT address.
    SEARCH_RATE_LIMIT_PER_IP = os.environ.get("SEARCH_RATE_LIMIT_PER_IP", "120 per minute")
    SUGGEST_RATE_LIMIT_PER_IP = os.environ.get("SUGGEST_RATE_LIMIT_PER_IP", "300 per minute")
    # Behind N reverse proxies, trust N X-Forwarded-For/-Proto/-Host hops (werkzeug ProxyFix):
    # client addresses for the limits, HTTPS for Secure cookies and HSTS. 0: no proxy.
    PROXY_FIX_HOPS = int(os.environ.get("PROXY_FIX_HOPS", "0"))
    # Host names the store answers to (comma-separated, ".example.vn" for its subdomains);
    # any other Host header gets a 400. Unset: any host (development).
    TRUSTED_HOSTS = [h.strip() for h in os.environ.get("TRUSTED_HOSTS", "").split(",")
                     if h.strip()] or None
    # Cart and checkout (issue 4).
    # The store's public address: every link in a mail is built on it.
    SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:5000")
    CART_MAX_QUANTITY = int(os.environ.get("CART_MAX_QUANTITY", "99"))  # per line
    CART_MAX_LINES = int(os.environ.get("CART_MAX_LINES", "50"))
    # Largest request body the cart, checkout and order forms accept (413 beyond).
    FORM_MAX_BYTES = int(os.environ.get("FORM_MAX_BYTES", str(64 * 1024)))
    # Largest bank statement the office can upload (payments pages).
    STATEMENT_MAX_BYTES = int(os.environ.get("STATEMENT_MAX_BYTES", str(2 * 1024 * 1024)))
    # VietQR transfers go to the platform's account; the method is offered only when the
    # BIN (6-digit NAPAS bank id) and the account number are set.
    VIETQR_BANK_BIN = os.environ.get("VIETQR_BANK_BIN", "")
    VIETQR_ACCOUNT_NO = os.environ.get("VIETQR_ACCOUNT_NO", "")
    VIETQR_ACCOUNT_NAME = os.environ.get("VIETQR_ACCOUNT_NAME", "CHO OCOP THAI NGUYEN")
    # An unpaid transfer order holds its stock this long, then expires.
    VIETQR_HOLD_HOURS = int(os.environ.get("VIETQR_HOLD_HOURS", "24"))
    # Pages that read orders also expire overdue holds, at most this often per worker.
    ORDER_EXPIRY_SWEEP_SECONDS = int(os.environ.get("ORDER_EXPIRY_SWEEP_SECONDS", "60"))
    # Test hooks only (issue 9: kill -9 mid-transaction): seconds to sleep at a named point
    # inside a transaction ("checkout:5,webhook:5"), and a file the worker appends
    # "<point> <pid>" to first. Empty in every real deployment: nothing ever pauses.
    FAULT_PAUSES = fault_pauses(os.environ.get("FAULT_PAUSES", ""))
    FAULT_PAUSE_MARKER = os.environ.get("FAULT_PAUSE_MARKER", "")
    # Producer dashboard (issue 6): image uploads are checked by content and re-encoded.
    UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", str(5 * 1024 * 1024)))
    UPLOAD_MAX_PIXELS = int(os.environ.get("UPLOAD_MAX_PIXELS", "40000000"))
    PRODUCT_MAX_IMAGES = int(os.environ.get("PRODUCT_MAX_IMAGES", "10"))
    # Largest bulk stock/price CSV a producer can upload on the dashboard.
    BULK_UPDATE_MAX_BYTES = int(os.environ.get("BULK_UPDATE_MAX_BYTES", str(1024 * 1024)))
    STAFF_INVITATION_DAYS = int(os.environ.get("STAFF_INVITATION_DAYS", "7"))
    # Where office notices go besides the office accounts (new producer waiting for review).
    OFFICE_EMAIL = os.environ.get("OFFICE_EMAIL", "")
    # OCOP workflow and traceability (issue 8). Stage deadlines are the office's own targets.
    OCOP_COMMUNE_REVIEW_DAYS = int(os.environ.get("OCOP_COMMUNE_REVIEW_DAYS", "15"))
    OCOP_RESUBMIT_DAYS = int(os.environ.get("OCOP_RESUBMIT_DAYS", "30"))
    OCOP_COUNCIL_SCORING_DAYS = int(os.environ.get("OCOP_COUNCIL_SCORING_DAYS", "30"))
    OCOP_DECISION_DAYS = int(os.environ.get("OCOP_DECISION_DAYS", "15"))
    OCOP_MINISTRY_DAYS = int(os.environ.get("OCOP_MINISTRY_DAYS", "90"))
    OCOP_COUNCIL_QUORUM = int(os.environ.get("OCOP_COUNCIL_QUORUM", "3"))
    OCOP_PROVINCE_ISSUER = os.environ.get("OCOP_PROVINCE_ISSUER", "UBND tỉnh Thái Nguyên")
    OCOP_MINISTRY_ISSUER = os.environ.get("OCOP_MINISTRY_ISSUER", "Bộ Nông nghiệp và Môi trường")
    DOSSIER_DIR = os.environ.get("DOSSIER_DIR", str(INSTANCE_DIR / "dossiers"))
    DOSSIER_DOCUMENT_MAX_BYTES = int(os.environ.get("DOSSIER_DOCUMENT_MAX_BYTES",
                                                    str(20 * 1024 * 1024)))
    DOSSIER_MAX_DOCUMENTS = int(os.environ.get("DOSSIER_MAX_DOCUMENTS", "30"))
    # Pages that read certificates send due expiry notices at most this often per worker.
    EXPIRY_NOTICE_SWEEP_SECONDS = int(os.environ.get("EXPIRY_NOTICE_SWEEP_SECONDS", "3600"))
    TRACE_MAX_STAMPS = int(os.environ.get("TRACE_MAX_STAMPS", "5000"))  # per request / command
    # A stamp scanned more than this many times after its retail sale may be a copy.
    TRACE_SUSPICIOUS_SCANS = int(os.environ.get("TRACE_SUSPICIOUS_SCANS", "5"))
    # The same browser re-opening a stamp within this many minutes is not counted again.
    TRACE_SCAN_REPEAT_MINUTES = int(os.environ.get("TRACE_SCAN_REPEAT_MINUTES", "30"))
    # Counted scans of one stamp from one client address (Flask-Limiter's storage).
    TRACE_SCAN_RATE_PER_IP = os.environ.get("TRACE_SCAN_RATE_PER_IP", "10 per day")
    # Outlets (issue 7): the lead time assumed for a product without wholesale terms, and
    # the platform's share of a restock order (0: the programme supplies its own points).
    OUTLET_DEFAULT_LEAD_DAYS = int(os.environ.get("OUTLET_DEFAULT_LEAD_DAYS", "3"))
    RESTOCK_COMMISSION_PERCENT = float(os.environ.get("RESTOCK_COMMISSION_PERCENT", "0"))
    SQLALCHEMY_ENGINE_OPTIONS = database_engine_options(SQLALCHEMY_DATABASE_URI)
    JSON_SORT_KEYS = False
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", str(32 * 1024 * 1024)))


class ProductionConfig(Config):
    """Production: a real SECRET_KEY (no default), Secure cookies; create_app refuses to
    start with a weak key or DEBUG on (security.check_production)."""

    APP_ENV = "production"
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True


def config_from_env(environ=os.environ) -> type[Config]:
    """ProductionConfig when APP_ENV (or FLASK_ENV) is ``production``, else Config."""
    return ProductionConfig if _app_env(environ) == "production" else Config


class TestConfig(Config):
    """Isolated settings for the test suite; the database comes from the fixture."""

    TESTING = True
    APP_ENV = "test"
    SECRET_KEY = "test-secret"
    WTF_CSRF_ENABLED = False
    CATALOG_CACHE_SECONDS = 0
    # Cheap hashes keep the suite fast; the scheme (argon2id) is the production one.
    PASSWORD_HASH_TIME_COST = 1
    PASSWORD_HASH_MEMORY_KIB = 1024
    PASSWORD_HASH_PARALLELISM = 1
    # Tests look at the outbox; delivery is tested on its own. The limiter stays on
    # (tests reset it between tests) so the limits themselves are tested.
    MAIL_DELIVER_INLINE = False
    MAIL_SERVER = ""
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"
    VIETQR_BANK_BIN = "970436"  # Vietcombank
    VIETQR_ACCOUNT_NO = "0011004455667"
    VIETQR_ACCOUNT_NAME = "CHO OCOP THAI NGUYEN"
    ORDER_EXPIRY_SWEEP_SECONDS = 0
    EXPIRY_NOTICE_SWEEP_SECONDS = 0
    # Search, checkout and webhook tests (and the fuzzers) send hundreds of requests from
    # one address; tests/hardening/test_rate_limits.py lowers these to test them.
    CHECKOUT_RATE_LIMIT_PER_ACCOUNT = "100000 per minute"
    STRIPE_WEBHOOK_RATE_LIMIT_PER_IP = "100000 per minute"
    SEARCH_RATE_LIMIT_PER_IP = "100000 per minute"
    SUGGEST_RATE_LIMIT_PER_IP = "100000 per minute"
