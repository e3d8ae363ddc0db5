"""The demo mailbox (issue 17.11): the demo's email backend keeps every email; the page
shows them newest first, their HTML in a sandboxed frame; staff only unless DEMO_MODE."""

import pytest
from django.core.mail import EmailMultiAlternatives, send_mail
from django.urls import reverse

from marketplace.models import SentEmail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_backend(settings):
    settings.EMAIL_BACKEND = "marketplace.mailbox.DemoMailboxBackend"


def test_the_demo_backend_keeps_emails_and_the_page_shows_them_safely(
    client, settings, demo_backend, capsys
):
    settings.DEMO_MODE = True
    send_mail("First", "Plain text only", None, ["a@example.org"])
    html = EmailMultiAlternatives("Second", "text", None, ["b@example.org", "c@example.org"])
    html.attach_alternative(
        '<p>Open <a href="http://127.0.0.1:8107/orders/DEH-000001/">your order</a></p>'
        "<script>parent.document.title='owned'</script>",
        "text/html",
    )
    html.send()
    assert "Plain text only" in capsys.readouterr().out  # still printed, like the console
    assert list(SentEmail.objects.values_list("subject", flat=True)) == ["Second", "First"]
    assert SentEmail.objects.get(subject="Second").to == "b@example.org, c@example.org"

    page = client.get(reverse("marketplace:demo_mailbox"))
    assert page.status_code == 200
    body = page.content.decode()
    assert body.index("Second") < body.index("First")  # newest first
    assert 'sandbox="allow-popups allow-popups-to-escape-sandbox"' in body
    assert "<script>parent" not in body  # the HTML sits escaped inside srcdoc
    assert "&lt;script&gt;parent" in body
    assert "http://127.0.0.1:8107/orders/DEH-000001/" in body
    assert 'data-testid="demo-mailbox-link"' in body  # the footer links it in the demo


def test_outside_the_demo_only_staff_read_the_mailbox(client, settings, demo_backend):
    settings.DEMO_MODE = False
    send_mail("Secret reset link", "token", None, ["a@example.org"])
    url = reverse("marketplace:demo_mailbox")
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    assert b"demo-mailbox-link" not in client.get(reverse("marketplace:dashboard")).content
    client.force_login(UserFactory(is_staff=True))
    assert b"Secret reset link" in client.get(url).content


def test_production_settings_force_the_demo_off():
    import ast
    from pathlib import Path

    source = Path(__file__).parents[2] / "config" / "settings" / "production.py"
    assigned = {
        node.targets[0].id: node.value
        for node in ast.parse(source.read_text()).body
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
    }
    assert isinstance(assigned["DEMO_MODE"], ast.Constant) and assigned["DEMO_MODE"].value is False
