"""cms.page_privacy answers as Wagtail's own check (`Page.get_view_restrictions`) for every
page of a tree with restrictions on pages, on ancestors, and on the sources of aliases."""

from wagtail.models import Page, PageViewRestriction

from cms.models import ArticlePage
from cms.page_privacy import is_public
from tests.factories import StateFactory
from tests.factories.cms import make_district_page, make_state_page


def _wagtail_says_public(page) -> bool:
    return not Page.objects.get(pk=page.pk).get_view_restrictions().exists()


def _restrict(page):
    PageViewRestriction.objects.create(
        page=Page.objects.get(pk=page.pk), restriction_type=PageViewRestriction.LOGIN
    )


def _article(parent, slug):
    return parent.add_child(instance=ArticlePage(title=slug, slug=slug))


def test_is_public_agrees_with_wagtail_for_every_page(home):
    open_state = make_state_page(home, StateFactory())
    closed_state = make_state_page(
        home, StateFactory(iso_code="IN-BR", name="Bihar", slug="bihar", gst_code="10")
    )
    under_closed = _article(make_district_page(closed_state), "under-closed")
    closed_article = _article(open_state, "closed")
    open_article = _article(open_state, "open")
    # An alias takes its source's own restriction (not its source's ancestors'), and an
    # alias's own restriction is ignored.
    alias_of_closed = closed_article.create_alias(parent=home, update_slug="alias-a")
    alias_of_under_closed = under_closed.create_alias(parent=open_state, update_slug="alias-b")
    alias_of_open = open_article.create_alias(parent=home, update_slug="alias-c")
    _restrict(closed_state)
    _restrict(closed_article)
    _restrict(alias_of_open)

    pages = [home, open_state, closed_state, under_closed, closed_article, open_article]
    pages += [alias_of_closed, alias_of_under_closed, alias_of_open]
    answers = {page.pk: is_public(Page.objects.get(pk=page.pk)) for page in pages}
    assert answers == {page.pk: _wagtail_says_public(page) for page in pages}
    assert answers[alias_of_under_closed.pk] and answers[alias_of_open.pk]
    assert not answers[alias_of_closed.pk] and not answers[under_closed.pk]
