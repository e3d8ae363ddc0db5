"""The seller's team page: members, invitations (owners only), and joining by an emailed link.

Routed under the `marketplace:` URL names they had before they moved here (see sellers/urls.py).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sellers import selectors, services
from sellers.forms import InviteForm
from sellers.models import SellerInvitation
from sellers.selectors import seller_for_user
from sellers.services import InvitationRefused


@login_required
def team(request):
    seller = seller_for_user(request.user, owner=True)
    if seller is None:
        return _not_an_owner(request)
    form = InviteForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        services.invitation_create(
            seller=seller,
            by=request.user,
            email=form.cleaned_data["email"],
            can_manage_payouts=form.cleaned_data["can_manage_payouts"],
        )
        # Same words whether the address has an account or not (no enumeration);
        # "queued", not "sent": the email leaves from the task queue (core.outbox).
        messages.success(
            request,
            _(
                "Invitation queued: it will be emailed shortly and is valid for 14 days. "
                "The list below shows when it has been sent."
            ),
        )
        return redirect("marketplace:team")
    context = {"seller": seller, "form": form, **selectors.team_for(seller_id=seller.pk)}
    return render(request, "sellers/team.html", context)


def _not_an_owner(request):
    # A role-gated page, not someone else's object: a 403 page that says what is
    # missing is clearer than a 404 (same answer as the seller dashboard's pages).
    context = {"member_of": seller_for_user(request.user)}
    return render(request, "dashboard/no_seller.html", context, status=403)


@login_required
@require_POST
def team_invitation_resend(request, pk: int):
    seller = seller_for_user(request.user, owner=True)
    invitation = get_object_or_404(SellerInvitation, pk=pk, seller=seller, accepted_at__isnull=True)
    services.invitation_resend(invitation=invitation, by=request.user)
    messages.success(
        request,
        _("Invitation to %(email)s queued again: it will be emailed shortly.")
        % {"email": invitation.email},
    )
    return redirect("marketplace:team")


def team_join(request, token):
    invitation = get_object_or_404(SellerInvitation.objects.select_related("seller"), token=token)
    if not request.user.is_authenticated:
        query = urlencode({"next": request.get_full_path()})
        messages.info(
            request,
            _("Sign in, or create an account, with the invited email address to join %(s)s.")
            % {"s": invitation.seller.name},
        )
        return redirect(f"{reverse('account_login')}?{query}")
    if request.method == "POST":
        try:
            services.invitation_accept(invitation=invitation, user=request.user)
        except InvitationRefused as exc:
            messages.error(request, str(exc))
            return redirect("marketplace:dashboard")
        messages.success(request, _("You joined %(s)s.") % {"s": invitation.seller.name})
        return redirect("marketplace:dashboard")
    return render(request, "sellers/team_join.html", {"invitation": invitation})
