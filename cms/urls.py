from django.urls import include, path

app_name = "cms"
urlpatterns: list = [
    path("", include("cms.officials.urls")),
]
