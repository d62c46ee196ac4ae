"""The ASGI application: ``{{ cookiecutter.package_name }}.asgi:application``.

{% if cookiecutter.interface == "asgi" %}This project's server loads it{% else %}For ASGI servers: this project's server loads wsgi.py{% endif %}.

Django serves HTTP over ASGI itself, async views included; WebSocket needs Channels.
See https://docs.djangoproject.com/en/stable/howto/deployment/asgi/.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "{{ cookiecutter.package_name }}.settings")

application = get_asgi_application()
