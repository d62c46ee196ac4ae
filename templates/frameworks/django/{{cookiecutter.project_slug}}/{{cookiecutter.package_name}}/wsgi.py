"""The WSGI application: ``{{ cookiecutter.package_name }}.wsgi:application``.

{% if cookiecutter.interface == "wsgi" %}This project's server loads it{% else %}For WSGI servers: this project's server loads asgi.py{% endif %}.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "{{ cookiecutter.package_name }}.settings")

application = get_wsgi_application()
