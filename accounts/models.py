from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.notifications.choices import EmailFrequency


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person. Email is the login; what they may do comes from their memberships
    (seller staff, district official, buyer company), not from a single role field."""

    class SignupRole(models.TextChoices):
        BUYER = "buyer", _("Buyer")
        SELLER = "seller", _("Seller")

    username = None
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    signup_role = models.CharField(
        max_length=10, choices=SignupRole.choices, default=SignupRole.BUYER
    )
    # The district a seller typed when signing up: the business profile starts from it. A
    # string reference, so accounts imports nothing from regions (same layer).
    signup_district = models.ForeignKey(
        "regions.District", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    preferred_language = models.CharField(max_length=10, blank=True)
    preferred_currency = models.CharField(max_length=3, blank=True)

    # Defined by notifications (core), which read it; kept here as User.EmailFrequency.
    EmailFrequency = EmailFrequency

    email_frequency = models.CharField(
        _("trade emails"),
        max_length=10,
        choices=EmailFrequency.choices,
        default=EmailFrequency.IMMEDIATE,
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return (self.full_name or self.email).split(" ")[0]
