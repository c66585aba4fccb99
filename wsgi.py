"""Entry point for ``gunicorn -c gunicorn.conf.py wsgi:app``.

APP_ENV=production selects ProductionConfig (Secure cookies; refuses a weak SECRET_KEY).
"""
from config import config_from_env
from marketplace import create_app

app = create_app(config_from_env())
