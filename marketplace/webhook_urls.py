"""Language-neutral endpoints called by machines (no /fr/ prefix for Stripe)."""

from django.urls import path

from marketplace.payments import views as payment_views

urlpatterns: list = [
    path("webhooks/stripe/", payment_views.stripe_webhook, name="stripe_webhook"),
]
