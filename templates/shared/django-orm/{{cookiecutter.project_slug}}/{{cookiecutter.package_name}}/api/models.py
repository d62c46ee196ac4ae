"""The tables, declared once: views query them and `manage.py makemigrations` compares them."""

from django.db import models


class Item(models.Model):
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["id"]

    def as_dict(self) -> dict[str, object]:
        return {"id": self.id, "name": self.name}
