from django.urls import path

from regions import views

app_name = "regions"
urlpatterns = [
    path("districts.json", views.district_options, name="district_options"),
]
