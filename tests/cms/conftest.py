import pytest

from tests.factories import StateFactory
from tests.factories.cms import make_district_page, make_home, make_state_page


@pytest.fixture
def home(db):
    return make_home()


@pytest.fixture
def up_page(home):
    return make_state_page(home, StateFactory())


@pytest.fixture
def varanasi_page(up_page):
    from tests.factories import DistrictFactory

    return make_district_page(
        up_page, DistrictFactory(state=up_page.state, name="Varanasi", slug="varanasi")
    )


@pytest.fixture
def agra_page(up_page):
    from tests.factories import DistrictFactory

    return make_district_page(
        up_page, DistrictFactory(state=up_page.state, name="Agra", slug="agra")
    )
