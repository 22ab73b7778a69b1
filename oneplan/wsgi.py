"""WSGI entry point for app servers (gunicorn, uwsgi, mod_wsgi)."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oneplan.settings")
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
application = get_wsgi_application()
