"""The API keeps the contract its OpenAPI schema states, under generated valid and invalid input.

Schemathesis reads the schema the server publishes and sends every operation requests made
from it — valid ones, and ones that break the schema on purpose — to the real application on
real PostgreSQL, inside the test's transaction, as a partner app holding a read-write key.
Every answer must be a documented status with a body of the documented shape; no input may
give a server error; an invalid request must be refused.
"""

import json
import re

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import positive_data_acceptance

from accounts.roles import ApiScope
from tests.conftest import host_of, make_gate, make_notice, make_person, make_shift, shanghai

# Enough cases per operation to reach every parameter and error path of this API in about a
# minute and a half on two cores; a fixed seed makes a failure reproducible from the log.
EXAMPLES_PER_OPERATION = 25


@pytest.fixture
def seeded_company(company_a, site_a, gate_a, person_a, entry_a, need_a, visitorpass_a):
    """Alpha with one of each record, so generated ids sometimes name a real row."""
    make_shift(company_a, gate_a, person_a, shanghai(2026, 12, 3, 6), shanghai(2026, 12, 3, 14))
    make_gate(company_a, site_a, name="西门")
    make_person(company_a, name="王保安")
    make_notice(company_a, site_a)
    return company_a


def published_schema() -> dict:
    """The OpenAPI document /api/schema/ serves, built the way the view builds it."""
    generator = SchemaGenerator()
    return json.loads(json.dumps(generator.get_schema(request=None, public=True), default=str))


# A request that the schema allows may still be refused for a reason a schema cannot state.
# Each such reason is named here, by the English message the API gives for it; any other
# refusal of schema-valid data is a failure.
EXPLAINED_REFUSALS = {
    # An id that names no row the caller may see: generated ids are numbers like 0 or 57284291.
    "unknown id": re.compile(r'^Invalid pk ".*" - object does not exist\.$'),
    "unknown id in a filter": re.compile(
        r"^Select a valid choice\. That choice is not one of the available choices\.$"
    ),
    # Dates and times lie in a window around today (listed in the API's description); a
    # schema's date format cannot say "within the last 60 days".
    "date outside its window": re.compile(r"^Enter a (date|time) between .+ and .+\.$"),
    "period that ends before it starts": re.compile(
        r"^The end of the period must come after its start\.$"
    ),
    # PostgreSQL cannot store a NUL character or half of a surrogate pair; a JSON string may
    # hold either, and JSON Schema has no type for "text PostgreSQL can store".
    # A filter's text in the query string is checked by Django's form field, in its own words.
    "unstorable text": re.compile(
        r"^(Text may not contain a NUL character or a lone surrogate"
        r"|Null characters are not allowed)\.$"
    ),
    # Mobile numbers are checked by phonenumbers against real numbering plans.
    "not a real phone number": re.compile(r"^.+ is not a valid phone number\.$"),
    # Names are unique within a company or a site; hypothesis repeats short names like "0".
    "name already used": re.compile(r"^This (company|site) already has an? .+ called .+\.$"),
    "person already on duty by that name": re.compile(r"^Someone on duty is already called .+$"),
    "shift already booked": re.compile(r"^.+ already has a shift at .+\.$"),
    # A notice needs a site or a gate; each list alone may be empty.
    "notice posted nowhere": re.compile(r"^Post the notice at one site or gate at least\.$"),
    # Rules that tie one field to another, which a JSON Schema of each field cannot state.
    "closed gate without a reason": re.compile(r"^Say why the gate is closed\.$"),
    "opening hours that start when they end": re.compile(
        r"^.+ starts and ends at the same time\.$"
    ),
    "isolation ended outside its days": re.compile(
        r"^The end must be between the start and today\.$"
    ),
    # A step the record's state no longer allows: closing twice, handing over twice.
    "record already past that step": re.compile(
        r"^(This request is already closed|This case is already closed"
        r"|This case has already been handed over|Hand the person over before closing the case"
        r"|This isolation has already ended|This pass has already been used)\.$"
    ),
}


# Operations a manager does in person, signed in: no API key may, whatever its scope, and the
# schema says so in each operation's description.
MANAGER_SESSION_ONLY = {
    "/api/v1/entries/{id}/reveal/",
    "/api/v1/returnees/{id}/reveal/",
    "/api/v1/isolation-cases/{id}/reveal/",
    "/api/v1/sites/{id}/entry-policy/level/",
}


def explained(message: str) -> bool:
    return any(pattern.match(message) for pattern in EXPLAINED_REFUSALS.values())


def messages_in(errors) -> list[str]:
    if isinstance(errors, str):
        return [errors]
    if isinstance(errors, list):
        return [message for item in errors for message in messages_in(item)]
    if isinstance(errors, dict):
        return [message for item in errors.values() for message in messages_in(item)]
    return [str(errors)]


@schemathesis.check
def valid_data_accepted_unless_explained(ctx, response, case):
    """Schemathesis' positive-data check, excusing only the refusals named above.

    A 404 is an id in the path that names no row; a 409 is a client id that hypothesis made
    again for another body, which the API must refuse (tests/api/test_idempotency.py).
    """
    if response.status_code == 403 and case.operation.path in MANAGER_SESSION_ONLY:
        return None
    if response.status_code == 400:
        errors = response.json().get("errors", {})
        if errors and all(explained(message) for message in messages_in(errors)):
            return None
    return positive_data_acceptance(ctx, response, case)


schema = schemathesis.openapi.from_dict(
    published_schema(),
    config=SchemathesisConfig.from_dict(
        {
            "seed": 20200324,
            "checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "404", "409"]}},
            "generation": {"mode": "all"},
        }
    ),
)
schema.app = WSGIHandler()


@pytest.fixture
def partner_headers(seeded_company, api_key_for):
    """A partner app with a read-write key, on alpha's host."""
    key = api_key_for(seeded_company, ApiScope.READ_WRITE)
    # Django's test client does the same: a request must not close the connection that holds
    # the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield {
        "Host": host_of(seeded_company),
        "Authorization": f"Api-Key {key}",
        "Accept-Language": "en",
    }
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_keeps_its_contract(case, partner_headers):
    case.call_and_validate(
        headers=partner_headers,
        excluded_checks=[positive_data_acceptance],
        additional_checks=[valid_data_accepted_unless_explained],
    )
