"""The items in Django's admin, at /admin/ (``python manage.py createsuperuser`` makes a login)."""

from django.contrib import admin

from .models import Item


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ("id", "name")
    search_fields = ("name",)
