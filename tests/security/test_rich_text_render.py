"""Issue 19 item 12: the action plan summary is rendered as Wagtail rich text (|richtext), so
internal page links keep their href; it used to be |safe, which printed the stored
`<a linktype="page" id="..">` with no href at all."""

import pytest

from tests.factories.officials import make_action_plan, make_storefront

pytestmark = pytest.mark.django_db


def test_summary_internal_links_resolve_to_the_page_url(client):
    storefront = make_storefront()
    plan = make_action_plan(storefront)
    plan.summary = (
        f'<p>See <a linktype="page" id="{storefront.pk}">the storefront</a> and <b>act</b>.</p>'
    )
    plan.save_revision().publish()

    html = client.get(plan.url).content.decode()

    assert f'<a href="{storefront.url}">the storefront</a>' in html
    assert "linktype=" not in html
    assert "<b>act</b>" in html
