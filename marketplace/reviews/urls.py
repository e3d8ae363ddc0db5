"""Review routes, included by marketplace/urls.py (namespace "marketplace")."""

from django.urls import path

from . import views

urlpatterns = [
    path("orders/<str:number>/review/", views.review_form, name="review_form"),
    path("orders/<str:number>/review.json", views.review_api, name="review_api"),
    path("reviews/<int:pk>/reply/", views.review_reply, name="review_reply"),
    path("reviews/<int:pk>/hide/", views.review_hide, name="review_hide"),
    path("sellers/<slug:slug>/reviews/", views.seller_reviews, name="seller_reviews"),
]
