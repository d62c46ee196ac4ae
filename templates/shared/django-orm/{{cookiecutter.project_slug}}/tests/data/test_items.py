"""Items over HTTP through Django's test client; each test runs in a transaction rolled back after it."""

from django.test import TestCase


class ItemsTests(TestCase):
    def test_items_start_empty(self) -> None:
        response = self.client.get("/items")
        assert response.status_code == 200
        assert response.json() == []

    def test_created_items_are_listed(self) -> None:
        created = [self.client.post("/items", {"name": name}, content_type="application/json")
                   for name in ("first", "second")]
        assert [response.status_code for response in created] == [201, 201]
        assert [item["name"] for item in self.client.get("/items").json()] == ["first", "second"]
        assert self.client.get("/items").json() == [response.json() for response in created]

    def test_an_item_needs_a_name(self) -> None:
        for body in ({}, {"name": ""}, ["name"]):
            assert self.client.post("/items", body, content_type="application/json").status_code == 422
        assert self.client.post("/items", "not json", content_type="application/json").status_code == 422
        assert self.client.get("/items").json() == []

    def test_other_methods_are_refused(self) -> None:
        assert self.client.delete("/items").status_code == 405
