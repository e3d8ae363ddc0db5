from django.urls import include, path

app_name = "marketplace"
urlpatterns: list = [
    path("", include("marketplace.payments.urls")),
]
