"""The WSGI entry point (waitress via `lineofsight web serve`, or any WSGI server a council runs)."""

import logging
import os

from django.core.wsgi import get_wsgi_application

from lineofsight import config

loose = config.private_files()  # before Django opens the database or writes a session: owner-only files
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lineofsight.web.settings")
application = get_wsgi_application()
for line in loose:
    logging.getLogger("lineofsight.web").warning("%s", line)
