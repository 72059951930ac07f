"""The visitors' public form counts the passes it issues, per address and per mobile number, and
the forms sent back with mistakes apart: one compound's Wi-Fi serves a whole evening's visitors,
a refusal is a clear 429 in the visitor's language, and a refused form makes no pass."""

import uuid

import pytest
from django_tenants.utils import schema_context

from tenants.gate.models import VisitorPass
from tenants.history.models import ActorKind, LogEntry
from tests.sites.site_helpers import in_language

pytestmark = pytest.mark.django_db

NETWORK_FULL = "Too many registrations from this network. Please wait a while or ask the guard."
NUMBER_FULL = "This mobile number has had as many passes as it may for now. Please ask the guard."
TOO_MANY_MISTAKES = (
    "Too many forms with mistakes were sent from this network. Please wait a while or ask "
    "the guard."
)
COMPOUND_WIFI = "203.0.113.7"
MOBILE_DATA = "198.51.100.24"


def visitor(number: int = 0, **fields) -> dict:
    """A visitor's filled-in form: a new phone number for each `number`."""
    return {"uuid": str(uuid.uuid4()), "category": "visitor", "name": "山田花子",
            "phone": f"1381234{number:04d}", "building": "3", "room": "201",
            "health_code": "green", **fields}  # fmt: skip


def with_a_mistake() -> dict:
    return visitor(name="")


@pytest.fixture
def send(client_for, company_a, gate_a):
    """send(form, address): the visitor form posted from that address, in Chinese unless asked."""
    client = client_for(company_a)

    def post(form: dict, address: str = COMPOUND_WIFI, language: str = "zh-hans"):
        return client.post(
            f"/visit/{gate_a.visitor_token}/",
            form,
            REMOTE_ADDR=address,
            HTTP_ACCEPT_LANGUAGE=language,
        )

    return post


def passes(company) -> int:
    with schema_context(company.schema_name):
        return VisitorPass.objects.count()


def refused_with(response, message: str, language: str = "zh-hans") -> bool:
    return response.status_code == 429 and in_language(language, message) in (
        response.content.decode()
    )


def test_an_evenings_visitors_on_one_wifi_all_get_passes_despite_others_mistakes(send, company_a):
    answers = []
    for number in range(40):
        if number % 4 == 0:
            answers.append(send(with_a_mistake()).status_code)
        answers.append(send(visitor(number)).status_code)
    assert answers.count(302) == 40
    assert answers.count(400) == 10
    assert passes(company_a) == 40


def test_mistakes_from_one_address_are_limited_apart_from_the_passes_it_gets(
    send, company_a, settings
):
    settings.VISITOR_INVALID_POSTS_PER_ADDRESS = "3/h"
    settings.VISITOR_PASSES_PER_ADDRESS = "10/h"
    for number in range(5):
        assert send(visitor(number)).status_code == 302  # passes do not count as mistakes
    assert [send(with_a_mistake()).status_code for _ in range(3)] == [400, 400, 400]

    refused = send(with_a_mistake())
    assert refused_with(refused, TOO_MANY_MISTAKES)
    assert int(refused["Retry-After"]) > 0
    assert refused_with(send(visitor(6)), TOO_MANY_MISTAKES)
    # Another network is not held back by this one's mistakes.
    assert send(visitor(7), address=MOBILE_DATA).status_code == 302
    assert passes(company_a) == 6


def test_an_address_that_reached_its_passes_is_refused_and_no_pass_is_made(
    send, company_a, settings
):
    settings.VISITOR_PASSES_PER_ADDRESS = "3/h"
    assert [send(visitor(number)).status_code for number in range(3)] == [302, 302, 302]

    refused = send(visitor(3), language="ja")
    assert refused_with(refused, NETWORK_FULL, "ja")
    assert 'class="send"' not in refused.content.decode()  # no form to send again
    assert passes(company_a) == 3
    assert send(visitor(3), address=MOBILE_DATA).status_code == 302


def test_a_mobile_number_that_reached_its_passes_is_refused_from_any_address(
    send, company_a, settings
):
    settings.VISITOR_PASSES_PER_PHONE = "2/d"
    assert send(visitor(phone="13812345678")).status_code == 302
    assert send(visitor(phone="+86 138 1234 5678"), address=MOBILE_DATA).status_code == 302

    refused = send(visitor(phone="138-1234-5678"), address="192.0.2.50", language="ko")
    assert refused_with(refused, NUMBER_FULL, "ko")
    assert passes(company_a) == 2
    # Other visitors on the same networks still get theirs.
    assert send(visitor(phone="13912345678"), address=MOBILE_DATA).status_code == 302


def test_pressing_send_twice_gives_one_pass_and_counts_it_once(send, company_a, settings):
    settings.VISITOR_PASSES_PER_PHONE = "1/d"
    form = visitor()
    first, again = send(form), send(form)
    assert (first.status_code, again.status_code) == (302, 302)
    assert first["Location"] == again["Location"]
    assert passes(company_a) == 1
    assert refused_with(send(visitor()), NUMBER_FULL)


def test_a_pass_from_the_public_form_is_logged_under_the_form_not_the_visitor(send, company_a):
    assert send(visitor()).status_code == 302
    with schema_context(company_a.schema_name):
        entry = LogEntry.objects.get(action="visitor_pass.created")
    assert (entry.actor_kind, entry.actor_user_id, entry.actor_label) == (
        ActorKind.SYSTEM,
        None,
        "visitor_form",
    )
    assert entry.data == {"category": "visitor", "source": "form"}
