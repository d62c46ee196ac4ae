{%- from "partials/django.layer" import channels -%}
{%- set data = cookiecutter._sgi.data -%}
{#- Static files (WhiteNoise): Django's always, Channels' where the admin needs its CSS. -#}
{%- set static = not channels or data -%}
"""Django settings.

What differs between machines comes from the environment, never from this file:

- ``DJANGO_SECRET_KEY``: required wherever anything is signed (sessions, CSRF
  tokens, password resets). There is no default: with none set Django refuses
  to sign rather than use a known key. With ``DJANGO_DEBUG`` on, a random key
  is made for each start instead.
- ``DJANGO_DEBUG``: ``1``/``true`` turns debug mode on; it is off otherwise.
- ``DJANGO_ALLOWED_HOSTS``: comma-separated host names this service answers to
  (default: localhost only, which the container's health check uses).
{%- if channels %}
- ``REDIS_URL``: when set, the channel layer is Redis (add the channels-redis package).
{%- endif %}
{%- if static %}
- ``DJANGO_STATIC_ROOT``: where ``collectstatic`` puts the files WhiteNoise serves.
{%- endif %}
{%- if data %}
- ``DJANGO_CSRF_TRUSTED_ORIGINS``: comma-separated origins (``https://example.com``) the admin's
  forms may be posted from when a proxy in front changes the scheme or port the browser sees.
- ``DATABASE_URL``: the database, e.g. ``postgres://user:password@host:5432/name`` or
  ``sqlite:////absolute/path.db`` (default: {% if cookiecutter.database == "postgres" %}PostgreSQL on this machine{% else %}a SQLite file beside manage.py{% endif %}).
{%- endif %}

See https://docs.djangoproject.com/en/5.2/howto/deployment/checklist/
{%- if channels %} and
https://channels.readthedocs.io/en/latest/topics/channel_layers.html{% endif %}.
"""

import os
{%- if static or data %}
from pathlib import Path
{%- endif %}

{% if data -%}
import dj_database_url
{% endif -%}
from django.core.management.utils import get_random_secret_key
{%- if static or data %}

BASE_DIR = Path(__file__).resolve().parent.parent
{%- endif %}


def _env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = _env_flag("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    # Development only: a fresh key for each start, so nothing signed survives a restart.
    SECRET_KEY = get_random_secret_key()

ALLOWED_HOSTS = _env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

INSTALLED_APPS = [
{%- if cookiecutter._sgi.server_django_app %}
    # First, so that runserver serves the ASGI application too (its own runserver replaces Django's).
    "{{ cookiecutter._sgi.server_django_app }}",
{%- endif %}
{%- if channels %}
    "channels",
{%- endif %}
{%- if static %}
    # Serve static files through WhiteNoise under runserver too, as in production.
    "whitenoise.runserver_nostatic",
{%- endif %}
{%- if data %}
    # What startproject gives: the admin at /admin/, users and groups, sessions in the database.
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
{%- endif %}
{%- if static %}
    "django.contrib.staticfiles",
{%- endif %}
    "{{ cookiecutter.package_name }}.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
{%- if static %}
    # Static files, straight after SecurityMiddleware as WhiteNoise's docs ask.
    "whitenoise.middleware.WhiteNoiseMiddleware",
{%- endif %}
{%- if data %}
    "django.contrib.sessions.middleware.SessionMiddleware",
{%- endif %}
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
{%- if data %}
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
{%- endif %}
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "{{ cookiecutter.package_name }}.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
{%- if data %}
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
{%- else %}
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
{%- endif %}
    },
]
{% if not channels %}
WSGI_APPLICATION = "{{ cookiecutter.package_name }}.wsgi.application"
{%- endif %}
{%- if cookiecutter.interface == "asgi" %}
ASGI_APPLICATION = "{{ cookiecutter.package_name }}.asgi.application"
{%- endif %}

{%- if data %}
{%- if cookiecutter.database == "postgres" %}
#: Used when DATABASE_URL is not set: the PostgreSQL server on this machine.
DEFAULT_DATABASE_URL = "postgres://{{ cookiecutter.package_name }}:{{ cookiecutter.package_name }}@localhost:5432/{{ cookiecutter.package_name }}"
{%- else %}
#: Used when DATABASE_URL is not set: a file beside manage.py.
DEFAULT_DATABASE_URL = f"sqlite:///{BASE_DIR / '{{ cookiecutter.package_name }}.db'}"
{%- endif %}

# DATABASE_URL into Django's settings by dj-database-url (PostgreSQL through psycopg 3).
{%- if cookiecutter.interface == "asgi" %}
# No persistent connections under ASGI, as Django's docs advise: each request's queries run in a
# thread of that request, which closes its connection when the request ends.
DATABASES = {"default": dj_database_url.config(default=DEFAULT_DATABASE_URL)}
{%- else %}
# Each worker thread keeps its connection for 10 minutes, checked before it is reused.
DATABASES = {"default": dj_database_url.config(default=DEFAULT_DATABASE_URL, conn_max_age=600, conn_health_checks=True)}
{%- endif %}

# The admin's login form is checked against the Origin the browser sends; behind a proxy that
# serves another scheme or port (compose's nginx, an HTTPS gateway) that origin is listed here.
CSRF_TRUSTED_ORIGINS = _env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

# The admin's notes ("added", "changed") in the session: the default cookie storage signs on every
# request, which would make each one, /health included, fail where no DJANGO_SECRET_KEY is set.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
{%- else %}
# No database yet: add DATABASES when the first model arrives
# (https://docs.djangoproject.com/en/5.2/ref/settings/#databases).
DATABASES: dict[str, dict[str, object]] = {}
{%- endif %}

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
{% if channels %}
# Channel layers let consumers talk to each other (groups, broadcasts). In memory
# works within one process; with several workers or containers use Redis. Its pub/sub
# layer keeps group membership in each process and subscribes again after Redis restarts.
if os.environ.get("REDIS_URL"):
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [os.environ["REDIS_URL"]]},
        },
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
{%- endif %}
{%- if static %}{% if channels %}

# The admin's CSS and scripts, gathered by collectstatic and served by WhiteNoise (Channels
# hands every HTTP request to Django's ASGI handler, so its middleware serves them too).{% endif %}
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Compressed files with content hashes in their names, cached for ever by browsers.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
{%- endif %}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Warnings and errors to stderr, where the container runtime collects them.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
