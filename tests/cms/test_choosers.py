"""The admin choosers behind the product, seller and cluster blocks."""

from tests.factories import ProductFactory, SellerFactory, UserFactory


def test_product_chooser_lists_only_published_products_and_searches(client, db):
    admin = UserFactory(is_superuser=True, is_staff=True)
    ProductFactory(name="Zari stole")
    ProductFactory(name="Zari draft", status="draft")
    ProductFactory(name="Wooden toy")
    client.force_login(admin)

    everything = client.get("/admin/product_chooser/").json()["html"]
    searched = client.get("/admin/product_chooser/results/?q=zari").content.decode()

    assert "Zari stole" in everything and "Wooden toy" in everything
    assert "Zari draft" not in everything
    assert "Zari stole" in searched and "Wooden toy" not in searched


def test_seller_chooser_needs_admin_access(client, db):
    SellerFactory(name="Kashi Weavers")
    client.force_login(UserFactory())  # a buyer: no Wagtail admin access

    response = client.get("/admin/seller_chooser/")

    assert response.status_code in (302, 403)
