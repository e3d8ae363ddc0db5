from django.urls import path

from buyers import views

app_name = "buyers"
urlpatterns: list = [
    path("shortlist/saved.json", views.shortlist_saved, name="shortlist_saved"),
    path("shortlist/<slug:slug>/", views.shortlist, name="shortlist"),
    path("shortlist/<slug:slug>/save/", views.shortlist_save, name="shortlist_save"),
    path("dashboard/shortlist/", views.shortlist_compare, name="shortlist_compare"),
    path("dashboard/company/", views.company, name="company"),
]
