"""Django settings. Everything that differs between machines comes from the environment:

DJANGO_SECRET_KEY     signing key; set it in production (see below for what happens without)
DJANGO_DEBUG          "1"/"true"/"yes"/"on" turns debug mode on; off otherwise
DJANGO_ALLOWED_HOSTS  comma-separated host names this service answers to
                      (default: localhost,127.0.0.1,[::1])
REDIS_URL             when set, the channel layer is Redis (needs the channels-redis package)

See https://docs.djangoproject.com/en/5.2/ref/settings/ and
https://channels.readthedocs.io/en/latest/topics/channel_layers.html.
"""

import logging
import os

from django.core.management.utils import get_random_secret_key


def _env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = _env_flag("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    # No key is written into the code. Without one each process makes its own,
    # so nothing signed (sessions, signed cookies, password reset links) is valid
    # across workers or restarts: set DJANGO_SECRET_KEY before relying on that.
    SECRET_KEY = get_random_secret_key()
    logging.getLogger(__name__).warning("DJANGO_SECRET_KEY is not set; using a random key for this process")

ALLOWED_HOSTS = _env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

INSTALLED_APPS = [
    "channels",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
]

ROOT_URLCONF = "{{ cookiecutter.package_name }}.urls"
ASGI_APPLICATION = "{{ cookiecutter.package_name }}.asgi.application"

# The service keeps no state of its own; add a database here when it needs one.
DATABASES: dict[str, dict[str, str]] = {}

USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_CODE = "en-us"

# Channel layers let consumers talk to each other (groups, broadcasts). In memory
# works within one process; with several workers or servers use Redis.
if os.environ.get("REDIS_URL"):
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [os.environ["REDIS_URL"]]},
        },
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# Django's messages (e.g. the traceback of a 500) to stderr, where the container runtime
# collects them, whatever DEBUG is; the server logs its own access lines.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}
