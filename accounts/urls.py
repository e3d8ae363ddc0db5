from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns: list = [
    path("dashboard/settings/", views.account_settings, name="settings"),
]
