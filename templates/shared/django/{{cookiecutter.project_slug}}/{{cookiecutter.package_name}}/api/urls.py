from django.urls import path

from . import views

app_name = "api"

urlpatterns = [
    path("", views.index, name="index"),
    path("health", views.health, name="health"),
    path("hello/<str:name>", views.hello, name="hello"),
]
