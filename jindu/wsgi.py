"""WSGI entry point for gunicorn."""

import os

from django.core.wsgi import get_wsgi_application

from jindu.search import segment

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jindu.settings.production")

application = get_wsgi_application()

# The web server loads jieba's model and our dictionary before its first request, not on the first search. Other
# processes (management commands, the task worker) load them when they first index or search.
segment.initialize()
