"""Django settings. SQLite in LINEOFSIGHT_HOME by default; PostgreSQL when DATABASE_URL is set."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from lineofsight import config

BASE_DIR = Path(__file__).resolve().parent
os.umask(0o077)  # any entry point (`python -m django ...`, a WSGI server): files for the owner only
HOME = config.home()

DEMO_MODE = os.environ.get("LINEOFSIGHT_DEMO") == "1"
DEBUG = os.environ.get("LINEOFSIGHT_DEBUG") == "1"


def _secret_key() -> str:
    """A per-installation secret kept in the home folder (never committed)."""
    if key := os.environ.get("LINEOFSIGHT_SECRET_KEY"):
        return key
    path = HOME / "secret_key"
    if not path.exists():
        import secrets

        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [h for h in os.environ.get("LINEOFSIGHT_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "axes",
    "csp",
    "lineofsight.web.core",
    "lineofsight.web.audit",
    "lineofsight.web.dashboard",
    "lineofsight.web.manage",
    "lineofsight.plan",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "lineofsight.web.core.middleware.PasswordChangeRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

# Axes first so a locked-out username is refused before its password is checked; the account backend
# refuses demo accounts outside demo mode.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "lineofsight.web.core.backends.AccountBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hour
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

ROOT_URLCONF = "lineofsight.web.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lineofsight.web.core.context.site",
                "lineofsight.web.dashboard.context.snapshot",
            ]
        },
    }
]
WSGI_APPLICATION = "lineofsight.web.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL", default=f"sqlite:///{HOME / 'app.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL and immediate transactions let the threaded server write (sessions, updates) without
    # "database is locked" errors under concurrent use.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.ScryptPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

SESSION_COOKIE_AGE = 60 * 60 * 8  # a working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
HTTPS = os.environ.get("LINEOFSIGHT_HTTPS") == "1"
if HTTPS:  # behind a TLS proxy (docs/deploying.md): cookies only over HTTPS, plain HTTP redirected, HSTS
    if DEBUG:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("LINEOFSIGHT_DEBUG=1 with LINEOFSIGHT_HTTPS=1: debug pages show settings and "
                                   "data to anyone; never run a served installation in debug mode")
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT: list[str] = []
    SECURE_HSTS_SECONDS = int(os.environ.get("LINEOFSIGHT_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("LINEOFSIGHT_HSTS_SUBDOMAINS", "0") == "1"
# HSTS for subdomains and the browsers' preload list are decisions for the council's whole domain, not for
# this app: `lineofsight web check` does not count them as unsafe.
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]

# Content Security Policy: everything from this server, no inline scripts or styles, never framed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Loading from the browser: a server folder must sit under the import root; after a load the new
# snapshot's figures are computed in the background so the first page view is quick.
IMPORT_ROOT = os.environ.get("LINEOFSIGHT_IMPORT_ROOT", "")  # default: LINEOFSIGHT_HOME/imports
LINEOFSIGHT_WARM_AFTER_LOAD = True

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = HOME / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # static files work before collectstatic (tests, first run)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
