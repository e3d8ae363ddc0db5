from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.forms import NotificationSettingsForm
from accounts.middleware import has_second_factor, mfa_required


@login_required
def account_settings(request):
    form = NotificationSettingsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your settings are saved."))
        return redirect("accounts:settings")
    return render(
        request,
        "account/settings.html",
        {
            "form": form,
            "mfa_required": mfa_required(request.user),
            "has_mfa": has_second_factor(request.user),
        },
    )
