"""A long form's problems are listed at its top, each linked to its field (issue 17 item
12: "required" messages were only at the bottom of long forms)."""

import re

from tests.factories import BuyerCompanyFactory, ProductFactory


def test_an_invalid_enquiry_lists_every_problem_at_the_top_linked_to_its_field(client, db):
    product = ProductFactory(slug="silk-saree")
    client.force_login(BuyerCompanyFactory().user)
    response = client.post("/enquiries/new/?product=silk-saree", {"product": product.slug})
    html = response.content.decode()
    summary = re.search(r"<div [^>]*data-error-summary>(.*?)</div>", html, re.S)
    assert summary, "no error summary"
    form_start = html.index("<form")
    assert html.index("data-error-summary") < html.index('class="field', form_start)
    links = re.findall(r'<a href="#([^"]+)">', summary.group(1))
    assert links, summary.group(1)
    for field_id in links:
        assert f'id="{field_id}"' in html  # each link leads to a field on the page
    assert "/static/js/form-errors.js" in html
