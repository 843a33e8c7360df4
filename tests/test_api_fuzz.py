"""The API fuzzed against its own OpenAPI schema (schemathesis): every operation
gets generated parameters, valid and not, on whichever database the suite runs;
any 5xx, or any answer its schema does not describe (status, media type, body,
headers), fails. The examples are drawn from a fixed seed, so a failure is
reproducible."""

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.utils.encoders import JSONEncoder
from schemathesis.checks import positive_data_acceptance
from schemathesis.config import SchemathesisConfig

# The schema /api/schema/ serves (tests/test_api.py checks that it does), generated
# here because the test database does not exist yet when tests are collected.
# Invalid parameters are refused with the API's own refusals, the ones its schema
# documents: among them an address longer than any request (414).
REFUSALS = ["400", "404", "405", "406", "414", "429"]
config = SchemathesisConfig.from_dict(
    {"checks": {"negative_data_rejection": {"expected-statuses": REFUSALS}}}
)
schema = schemathesis.openapi.from_dict(
    json.loads(
        json.dumps(SchemaGenerator().get_schema(request=None, public=True), cls=JSONEncoder)
    ),
    config=config,
)


@pytest.fixture
def application(valenciennes_demo):
    """The site, with the Valenciennes demo to find (and the sheet's rows to look up).
    Its requests run inside the test's transaction: as Django's test client does,
    the end of a request does not close the connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=40,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@pytest.mark.django_db
def test_the_api_answers_every_request_as_its_schema_says(case, application):
    # Every check but one: a value of the right type that names nothing (region 0)
    # is refused with a 400 saying so, as the site's own filters do, where
    # positive_data_acceptance would want a 2xx or a 404.
    case.call_and_validate(app=application, excluded_checks=[positive_data_acceptance])
