from pyramid.config import Configurator


def includeme(config: Configurator) -> None:
    config.add_route("index", "/")
    config.add_route("health", "/health")
    config.add_route("hello", "/hello/{name}")
