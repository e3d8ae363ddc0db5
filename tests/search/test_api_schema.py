"""schemathesis against /api/v1/openapi.json, in-process through Django's WSGI app: no 5xx,
and every response matches the documented status codes, headers and schemas."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def api_data(catalogue_db, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 0  # the fuzzer must not be throttled
    return catalogue_db


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@pytest.mark.django_db
def test_api_matches_its_openapi_document(case, api_data):
    # Every response check runs. The two input-acceptance heuristics are left out on purpose:
    # an empty parameter (`sort=`, `state=`) means "not set" here, the HTML-form convention
    # the search page relies on, which those checks read as an invalid value accepted.
    case.call_and_validate(
        excluded_checks=[
            schemathesis.checks.negative_data_rejection,
            schemathesis.checks.positive_data_acceptance,
        ]
    )
