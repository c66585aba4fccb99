"""Gunicorn settings for the store: ``gunicorn -c gunicorn.conf.py wsgi:app``.

Every value can be changed from the environment (GUNICORN_*), so one file serves a laptop,
the 2-core host and a bigger one.

Worker model: gthread, 2*cores+1 processes of 2 threads each. A request spends much of
its time waiting, not computing: on Stripe (up to STRIPE_TIMEOUT_SECONDS), on SMTP for
mail sent inline, on PostgreSQL or the SQLite lock. A second thread lets a process serve
another page meanwhile without another copy of the app in memory; more threads would
only queue on the GIL (rendering is CPU-bound). gthread workers also heartbeat from their
main thread, so one slow Stripe call does not get its whole worker killed at `timeout`.
"""
import os


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the CPUs this container may use
    except AttributeError:
        return os.cpu_count() or 1


bind = os.environ.get("GUNICORN_BIND", f"{os.environ.get('HOST', '127.0.0.1')}:"
                                       f"{os.environ.get('PORT', '5000')}")
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * _cores() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))

# A request stuck longer than this is killed; graceful_timeout is how long a HUP reload
# or a SIGTERM lets in-flight requests finish. keepalive: idle seconds per connection
# (behind a proxy that reuses upstream connections).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))

# Off, so a HUP reload starts workers that import the code afresh (a deploy without
# dropping connections); on, the master would keep serving the code it loaded at start.
preload_app = False

# Recycle workers now and then (a slow leak cannot grow for ever); the jitter keeps
# them from all restarting at the same moment. Not too often: each worker keeps its own
# catalogue cache (catalog/cache.py), which a new worker has to fill again.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "2000"))

# The heartbeat file on tmpfs: a busy or slow disk cannot make healthy workers look dead.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"

# The app already logs one JSON line per request with its request id (ops/logs.py), so
# gunicorn's own access log is off unless GUNICORN_ACCESS_LOG names a file ("-": stdout).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The combined format, the duration in ms, and the request id the app echoes in the
# X-Request-ID response header ("-" when there is none).
access_log_format = ('%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" '
                     '%(M)sms request_id=%({x-request-id}o)s')

# The control socket (gunicornc) defaults to one path per user, so two instances on one
# host (blue/green, the multi-host tests) would take it from each other. Signals do the
# job (HUP reloads, TERM stops); set GUNICORN_CONTROL_SOCKET to a path to have one.
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
else:
    control_socket_disable = True
