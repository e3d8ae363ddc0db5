from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User


class NotificationSettingsForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "email_frequency"]
        labels = {"full_name": _("Your name"), "email_frequency": _("Trade emails")}
        widgets = {"email_frequency": forms.RadioSelect}
