"""The page tree only grows in the shape Home → State → District → Cluster/Article."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Page

from cms.models import ArticlePage, ClusterPage, DistrictPage, HomePage, StatePage
from tests.factories import DistrictFactory


def test_parent_and_child_types_are_constrained(varanasi_page, up_page, home):
    assert StatePage.can_create_at(home)
    assert not StatePage.can_create_at(up_page)
    assert DistrictPage.can_create_at(up_page)
    assert not DistrictPage.can_create_at(home)
    assert not DistrictPage.can_create_at(varanasi_page)
    assert ClusterPage.can_create_at(varanasi_page)
    assert not ClusterPage.can_create_at(up_page)
    assert ArticlePage.can_create_at(varanasi_page)
    assert not HomePage.can_create_at(home)  # max_count 1, and only under the root


def test_storefront_allows_officials_pages_once_they_exist(varanasi_page):
    allowed = {model._meta.label for model in DistrictPage.clean_subpage_models()}
    assert {"cms.ClusterPage", "cms.ArticlePage"} <= allowed
    assert allowed <= {
        "cms.ClusterPage",
        "cms.ArticlePage",
        "officials.ActionPlanPage",
        "officials.EventPage",
    }


def test_a_district_has_one_storefront_per_locale(up_page, varanasi_page):
    twin = DistrictPage(title="Varanasi again", slug="varanasi-2", district=varanasi_page.district)
    with pytest.raises(ValidationError) as error:
        up_page.add_child(instance=twin)
    assert "district" in error.value.message_dict


def test_a_state_has_one_page(home, up_page):
    with pytest.raises(ValidationError):
        home.add_child(instance=StatePage(title="UP", slug="up-2", state=up_page.state))


def test_home_is_the_default_site_root(home):
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    assert site.root_page_id == home.pk
    # Wagtail's "Welcome" placeholder is gone; only our home page sits under the root.
    assert list(Page.get_first_root_node().get_children().specific()) == [home]


def test_district_pages_for_other_districts_can_coexist(up_page, varanasi_page):
    other = DistrictFactory(state=up_page.state)
    page = up_page.add_child(
        instance=DistrictPage(title=other.name, slug=other.slug, district=other)
    )
    assert page.url_path.endswith(f"/{other.slug}/")
