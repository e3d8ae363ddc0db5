"""Trade documents: the buyer's proforma, the seller's invoice and packing list, downloads.

Every view finds its object through a selector that answers 404 to anyone who is not a party
(the buyer, the seller's people) or staff, so another trader's document looks missing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from marketplace.models import Quotation
from marketplace.selectors import enquiry_for, order_for

from . import selectors, services
from .forms import LanguageForm, PackageFormSet, ShippingDocumentsForm


def _download(document) -> FileResponse:
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.filename,
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    return _download(selectors.document_for(user=request.user, pk=pk))


@login_required
@require_POST
def proforma(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue (or find) the quotation's proforma in the chosen language and download it."""
    quotation = Quotation.objects.filter(pk=pk).first()
    if quotation is None:
        raise Http404
    enquiry, party = enquiry_for(user=request.user, pk=quotation.enquiry_id)
    if party == "staff":
        raise Http404  # staff read documents; only the parties have them issued
    form = LanguageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the site's languages for the document."))
        return redirect(enquiry.get_absolute_url() + "#quotation")
    try:
        document = services.proforma_issue(
            quotation=quotation, by=request.user, language=form.cleaned_data["language"]
        )
    except services.DocumentError as exc:
        messages.error(request, str(exc))
        return redirect(enquiry.get_absolute_url() + "#quotation")
    return redirect("marketplace:documents:download", document.pk)


@login_required
@require_http_methods(["GET", "POST"])
def shipping_documents(request: HttpRequest, number: str) -> HttpResponse:
    """The seller enters the packages and issues the commercial invoice and packing list."""
    order, party = order_for(user=request.user, number=number)
    if party != "seller":
        raise Http404  # the buyer and staff read documents; only the seller issues them
    form = ShippingDocumentsForm(request.POST or None, initial=_initial(order))
    packages = PackageFormSet(
        request.POST or None, prefix="packages", initial=selectors.package_rows(order) or None
    )
    if request.method == "POST" and form.is_valid() and packages.is_valid():
        try:
            services.shipping_documents_issue(
                order=order,
                by=request.user,
                party=party,
                packages=packages.rows(),
                port_of_loading=form.cleaned_data["port_of_loading"],
                port_of_discharge=form.cleaned_data["port_of_discharge"],
                language=form.cleaned_data["language"],
            )
        except services.DocumentError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("Commercial invoice and packing list issued. The buyer was told.")
            )
            return redirect(order.get_absolute_url() + "#trade-documents")
    status = 400 if request.method == "POST" else 200
    context = {"order": order, "form": form, "packages": packages}
    return render(request, "documents/shipping_documents.html", context, status=status)


def _initial(order) -> dict:
    loading, discharge = selectors.default_ports(order)
    return {
        "port_of_loading": loading,
        "port_of_discharge": discharge,
        "language": selectors.buyer_language(order),
    }


@login_required
@require_POST
def document_language(request: HttpRequest, pk: int) -> HttpResponse:
    """The buyer (or the seller) gets a document in another language: a new version."""
    document = selectors.document_for(user=request.user, pk=pk)
    back = (
        document.order.get_absolute_url() + "#trade-documents"
        if document.order_id
        else reverse("marketplace:enquiry_detail", args=[document.quotation.enquiry_id])
    )
    _enquiry, party = enquiry_for(user=request.user, pk=document.quotation.enquiry_id)
    if party == "staff":
        raise Http404  # staff read documents; only the parties have them issued
    form = LanguageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the site's languages for the document."))
        return redirect(back)
    try:
        fresh = services.document_in_language(
            document=document, by=request.user, language=form.cleaned_data["language"]
        )
    except services.DocumentError as exc:
        messages.error(request, str(exc))
        return redirect(back)
    return redirect("marketplace:documents:download", fresh.pk)
