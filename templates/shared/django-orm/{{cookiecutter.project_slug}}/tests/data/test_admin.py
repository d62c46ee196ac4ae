"""What startproject gives, with the database: the admin, users, sessions, all migrated."""

from django.contrib.auth.models import User
from django.db import connection
from django.test import Client, TestCase

from {{ cookiecutter.package_name }}.api.models import Item


class AdminTests(TestCase):
    def test_migrations_made_the_auth_session_and_item_tables(self) -> None:
        tables = set(connection.introspection.table_names())
        assert {"auth_user", "auth_group", "django_session", "django_content_type", "api_item"} <= tables

    def test_the_login_page_answers_with_its_stylesheet(self) -> None:
        response = self.client.get("/admin/login/")
        assert response.status_code == 200
        assert b'name="csrfmiddlewaretoken"' in response.content
        assert self.client.get("/static/admin/css/base.css").status_code == 200

    def test_a_superuser_logs_in_and_sees_the_items(self) -> None:
        User.objects.create_superuser("admin", "admin@example.com", "a-long-test-password")
        Item.objects.create(name="in the admin")
        # A browser's way in: the form's CSRF token, then the session cookie.
        browser = Client(enforce_csrf_checks=True)
        browser.get("/admin/login/")
        token = browser.cookies["csrftoken"].value
        response = browser.post("/admin/login/?next=/admin/", {
            "username": "admin", "password": "a-long-test-password", "csrfmiddlewaretoken": token,
        })
        assert response.status_code == 302 and response["Location"] == "/admin/"
        changelist = browser.get("/admin/api/item/")
        assert changelist.status_code == 200
        assert b"in the admin" in changelist.content

    def test_a_wrong_password_is_refused(self) -> None:
        User.objects.create_superuser("admin", "admin@example.com", "a-long-test-password")
        assert self.client.login(username="admin", password="wrong") is False
        assert self.client.get("/admin/api/item/").status_code == 302
