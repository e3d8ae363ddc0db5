"""core.slug_urls gives what reverse() gives, in every language and under any script prefix."""

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation

from core.slug_urls import slug_url, view_url

VIEWS = (
    "catalogue:product_detail",
    "catalogue:seller_detail",
    "catalogue:gi_detail",
    "buyers:shortlist",
    "buyers:shortlist_save",
)
SLUGS = ("banarasi-silk-saree", "a", "tea_2", "X-9")


@pytest.mark.parametrize("language", ["en", "hi", "fr", "es", "ar"])
def test_the_same_url_as_reverse_in_every_language(language):
    with translation.override(language):
        for view in VIEWS:
            for slug in SLUGS:
                assert slug_url(view, slug) == reverse(view, kwargs={"slug": slug})
        assert view_url("marketplace:enquiry_new") == reverse("marketplace:enquiry_new")
    with translation.override("fr"):
        assert slug_url("catalogue:product_detail", "x").startswith("/fr/")


def test_a_script_prefix_is_honoured():
    try:
        set_script_prefix("/deh/")
        assert slug_url("catalogue:product_detail", "tea") == "/deh/products/tea/"
        assert view_url("marketplace:enquiry_new") == reverse("marketplace:enquiry_new")
    finally:
        set_script_prefix("/")
    assert slug_url("catalogue:product_detail", "tea") == "/products/tea/"


@pytest.mark.parametrize("slug", ["two words", "", "a/b", "सिल्क"])
def test_what_is_not_a_slug_is_refused_as_reverse_refuses_it(slug):
    with pytest.raises(NoReverseMatch):
        reverse("catalogue:product_detail", kwargs={"slug": slug})
    with pytest.raises(NoReverseMatch):
        slug_url("catalogue:product_detail", slug)


def test_the_template_tags_give_the_same_links_as_url():
    template = Template(
        "{% load slug_urls %}{% slug_url 'buyers:shortlist' s %}|{% url 'buyers:shortlist' s %}|"
        "{% view_url 'marketplace:enquiry_new' %}|{% url 'marketplace:enquiry_new' %}"
    )
    with translation.override("ar"):
        first, second, third, fourth = template.render(Context({"s": "khurja-pottery"})).split("|")
    assert first == second == "/ar/shortlist/khurja-pottery/"
    assert third == fourth
