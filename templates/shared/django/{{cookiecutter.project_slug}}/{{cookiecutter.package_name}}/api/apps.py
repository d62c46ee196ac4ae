from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "{{ cookiecutter.package_name }}.api"
    label = "api"
