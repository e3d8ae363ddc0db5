import pytest

from tests.factories.officials import make_official, make_storefront


@pytest.fixture
def varanasi_page(db):
    return make_storefront("Varanasi", 187)


@pytest.fixture
def agra_page(varanasi_page):
    return make_storefront("Agra", 118, state_page=varanasi_page.get_parent().specific)


@pytest.fixture
def official(varanasi_page):
    return make_official(varanasi_page.district, email="official@varanasi.example")


@pytest.fixture
def agra_official(agra_page):
    return make_official(agra_page.district, email="official@agra.example")
