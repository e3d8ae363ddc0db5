"""Admin choosers for catalogue, seller and cluster records (used by the StreamField blocks).

Wagtail's ChooserViewSet gives each model a modal chooser without registering it as a
snippet, so the catalogue and sellers apps stay free to register their own admin views.
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.chooser import ChooserViewSet

from catalogue.models import Product
from regions.models import Cluster
from sellers.models import Seller


class _NameSearchForm(BaseFilterForm):
    """A plain `icontains` search: these models are not in Wagtail's search index."""

    q = forms.CharField(label=_("Search term"), required=False, max_length=200)
    search_fields: tuple[str, ...] = ("name",)

    def filter(self, objects):
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            self.is_searching = True
            self.search_query = query
            condition = Q()
            for field in self.search_fields:
                condition |= Q(**{f"{field}__icontains": query})
            objects = objects.filter(condition)
        return objects


class _ProductSearchForm(_NameSearchForm):
    search_fields = ("name", "district__name", "seller__name")


class _SellerSearchForm(_NameSearchForm):
    search_fields = ("name", "district__name", "crafts")


class _ClusterSearchForm(_NameSearchForm):
    search_fields = ("name", "district__name")


def _views(form_class):
    """Chooser views that search with `form_class` (the viewset injects get_object_list)."""
    attrs = {"filter_form_class": form_class}
    return (
        type("ChooseView", (ChooseView,), attrs),
        type("ChooseResultsView", (ChooseResultsView,), attrs),
    )


class ProductChooserViewSet(ChooserViewSet):
    model = Product
    choose_view_class, choose_results_view_class = _views(_ProductSearchForm)
    icon = "tag"
    choose_one_text = _("Choose a product")
    choose_another_text = _("Choose another product")
    edit_item_text = _("Edit product")
    per_page = 20

    def get_object_list(self):
        # Only published listings may be featured on a public page.
        return (
            Product.objects.filter(
                status=Product.Status.PUBLISHED, seller__status=Seller.Status.APPROVED
            )
            .select_related("district", "seller")
            .order_by("name")
        )


class SellerChooserViewSet(ChooserViewSet):
    model = Seller
    choose_view_class, choose_results_view_class = _views(_SellerSearchForm)
    icon = "group"
    choose_one_text = _("Choose a seller")
    choose_another_text = _("Choose another seller")
    edit_item_text = _("Edit seller")
    per_page = 20

    def get_object_list(self):
        return (
            Seller.objects.filter(status=Seller.Status.APPROVED)
            .select_related("district")
            .order_by("name")
        )


class ClusterChooserViewSet(ChooserViewSet):
    model = Cluster
    choose_view_class, choose_results_view_class = _views(_ClusterSearchForm)
    icon = "site"
    choose_one_text = _("Choose a cluster")
    choose_another_text = _("Choose another cluster")
    edit_item_text = _("Edit cluster")
    per_page = 20

    def get_object_list(self):
        return Cluster.objects.select_related("district").order_by("name")


product_chooser_viewset = ProductChooserViewSet("product_chooser")
seller_chooser_viewset = SellerChooserViewSet("seller_chooser")
cluster_chooser_viewset = ClusterChooserViewSet("cluster_chooser")
