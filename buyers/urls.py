from django.urls import path

from buyers import views

app_name = "buyers"
urlpatterns: list = [
    path("shortlist/<slug:slug>/", views.shortlist, name="shortlist"),
    path("dashboard/company/", views.company, name="company"),
]
