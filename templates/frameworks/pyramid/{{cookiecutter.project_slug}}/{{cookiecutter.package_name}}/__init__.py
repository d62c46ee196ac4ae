"""The Pyramid application: ``main`` builds it; servers load ``{{ cookiecutter.package_name }}.wsgi:app``."""

import warnings
from typing import Any

# Pyramid 2.0 imports setuptools' pkg_resources, which then warns at every start that it is
# deprecated; nothing here uses it, so the warning is only noise in the server's log.
warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning)

from pyramid.config import Configurator  # noqa: E402
from pyramid.router import Router  # noqa: E402


def main(global_config: dict[str, Any], **settings: Any) -> Router:
    """Build the WSGI app. The signature is PasteDeploy's, so an .ini file and pserve can use it too."""
    with Configurator(settings=settings) as config:
        config.include(".routes")
{%- if cookiecutter._sgi.data %}
        # POST and GET /items, on one engine (and connection pool) on DATABASE_URL.
        config.include(".items")
{%- endif %}
        # Registers the @view_config views of the views module.
        config.scan(".views")
    return config.make_wsgi_app()
