"""Who registered for an event: the admin list and its CSV, for the district's officials
and staff only; the link on the event's admin pages."""

import csv
import io

from django.urls import reverse

from cms.officials.services import event_register
from tests.factories import BuyerCompanyFactory, SellerMembershipFactory, UserFactory
from tests.factories.officials import make_event


def register_people(event, sellers=1, buyers=1):
    people = []
    for _ in range(sellers):
        membership = SellerMembershipFactory(seller__name="Banaras Silk House")
        event_register(event=event, user=membership.user)
        people.append(membership.user)
    for _ in range(buyers):
        company = BuyerCompanyFactory(name="Seide Import GmbH")
        event_register(event=event, user=company.user)
        people.append(company.user)
    return people


def test_official_sees_who_registered_and_downloads_csv(client, official, varanasi_page):
    event = make_event(varanasi_page, title="Silk buyer-seller meet", capacity=20)
    seller, buyer = register_people(event)
    client.force_login(official)

    html = client.get(reverse("officials_admin:event_registrations", args=[event.pk])).content
    html = html.decode()
    assert "2 registrations" in html
    assert seller.email in html and "Banaras Silk House" in html
    assert buyer.email in html and "Seide Import GmbH" in html

    response = client.get(reverse("officials_admin:event_registrations_csv", args=[event.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Name", "Email", "Role", "Business or company", "Registered"]
    assert [row[1:4] for row in rows[1:]] == [
        [seller.email, "Seller", "Banaras Silk House"],
        [buyer.email, "Buyer", "Seide Import GmbH"],
    ]


def test_event_edit_page_links_to_the_registrations(client, official, varanasi_page):
    event = make_event(varanasi_page)
    client.force_login(official)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[event.pk])).content.decode()
    assert reverse("officials_admin:event_registrations", args=[event.pk]) in html
    # Not on other pages' edit views.
    html = client.get(reverse("wagtailadmin_pages:edit", args=[varanasi_page.pk])).content
    assert b"/registrations/" not in html


def test_another_districts_official_gets_404(client, agra_official, varanasi_page):
    event = make_event(varanasi_page)
    register_people(event)
    client.force_login(agra_official)
    for name in ("officials_admin:event_registrations", "officials_admin:event_registrations_csv"):
        assert client.get(reverse(name, args=[event.pk])).status_code == 404, name
    # A page that is not an event, or no page at all, is a 404 as well.
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for page_id in (varanasi_page.pk, 999999):
        url = reverse("officials_admin:event_registrations", args=[page_id])
        assert client.get(url).status_code == 404


def test_staff_see_any_districts_registrations(client, varanasi_page):
    event = make_event(varanasi_page)
    register_people(event, sellers=0, buyers=1)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(reverse("officials_admin:event_registrations_csv", args=[event.pk]))
    assert response.status_code == 200
    assert len(response.content.decode().splitlines()) == 2


def test_csv_cells_cannot_start_a_spreadsheet_formula(client, official, varanasi_page):
    event = make_event(varanasi_page)
    user = BuyerCompanyFactory(name="=HYPERLINK(1)", user__full_name="+Eve").user
    event_register(event=event, user=user)
    client.force_login(official)
    response = client.get(reverse("officials_admin:event_registrations_csv", args=[event.pk]))
    row = list(csv.reader(io.StringIO(response.content.decode())))[1]
    assert row[0] == "'+Eve" and row[3] == "'=HYPERLINK(1)"


def test_registrations_list_query_count_is_flat(
    client, official, varanasi_page, django_assert_max_num_queries
):
    event = make_event(varanasi_page, capacity=None)
    register_people(event)
    client.force_login(official)
    url = reverse("officials_admin:event_registrations", args=[event.pk])
    client.get(url)
    with django_assert_max_num_queries(40) as one:
        client.get(url)
    register_people(event, sellers=25, buyers=25)
    with django_assert_max_num_queries(len(one.captured_queries)):
        html = client.get(url).content.decode()
    assert "52 registrations" in html
