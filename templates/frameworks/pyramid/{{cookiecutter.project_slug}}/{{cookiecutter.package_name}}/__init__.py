"""The Pyramid application: ``main`` builds it; servers load ``{{ cookiecutter.package_name }}.wsgi:app``."""

from typing import Any

from pyramid.config import Configurator
from pyramid.router import Router


def main(global_config: dict[str, Any], **settings: Any) -> Router:
    """Build the WSGI app. The signature is PasteDeploy's, so an .ini file and pserve can use it too."""
    with Configurator(settings=settings) as config:
        config.include(".routes")
        # Registers the @view_config views of the views module.
        config.scan(".views")
    return config.make_wsgi_app()
