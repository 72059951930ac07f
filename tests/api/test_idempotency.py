"""Creates with an id made by the client (`uuid`): a resend is the first record, a reuse is 409.

Every create that takes a client id — entries (partner API and the guard's phone), visitor
passes, returnees, needs and notices — answers the same id with the same body with the first
record, and the same id with a different body with 409 Conflict naming the id, in the
caller's language, writing nothing. Another company's ids are no concern of this one's.
"""

import datetime
import uuid
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context

from accounts.roles import ApiScope
from tenants.gate.models import (
    Entry,
    EscalationCase,
    IsolationCase,
    NeedRequest,
    Returnee,
    VisitorPass,
)
from tenants.gate.services.isolation import ObservationIn, place_under_observation
from tenants.gate.services.retention import remove_expired_personal_data
from tenants.notices.models import Notice
from tests.conftest import make_gate, make_site
from tests.sites.site_helpers import in_language

pytestmark = pytest.mark.django_db

REUSED = (
    "The id %(uuid)s was already used with different data: nothing was changed. "
    "Use a new id for a new record."
)
REUSED_AT_THE_GATE = (
    "Not recorded: this entry's id %(uuid)s was already used for a different entry. "
    "If this person is not recorded yet, record them again."
)
ID_NUMBER, OTHER_ID_NUMBER = "11010519491231002X", "310105199201014566"
DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Create:
    """A create that takes a client id: where it is sent, and what a resend answers."""

    url: str
    body: dict  # "{gate}", "{site}", "{case}" are the places of the company it is sent to
    resend_status: int
    marker: str  # a value only this body holds, to tell whose record an answer shows


CREATES = {
    "entry": Create(
        "/api/v1/entries/",
        {"gate": "{gate}", "category": "returning", "temperature": 36.6, "name": "王先生",
         "document": ID_NUMBER, "phone": "13812345678", "building": "3号楼", "room": "1201"},
        200,
        "王先生",
    ),
    "visitor pass": Create(
        "/api/v1/visitor-passes/",
        {"gate": "{gate}", "category": "visitor", "name": "赵女士", "phone_number": "15000001234",
         "building": "3号楼", "room": "1201", "health_code": "green"},
        200,
        "赵女士",
    ),
    "returnee": Create(
        "/api/v1/returnees/",
        {"site": "{site}", "name": "陈先生", "document_number": OTHER_ID_NUMBER,
         "phone_number": "13912340001", "building": "5号楼", "room": "302", "came_from": "武汉",
         "arrived_on": "{yesterday}"},
        200,
        "陈先生",
    ),
    "need": Create(
        "/api/v1/needs/",
        {"case": "{case}", "kind": "groceries", "details": "蔬菜和鸡蛋"},
        200,
        "蔬菜和鸡蛋",
    ),
    "notice": Create(
        "/api/v1/notices/",
        {"kind": "prevention", "title": {"zh-hans": "电梯消毒公告"},
         "body": {"zh-hans": "电梯每天消毒四次。"}, "sites": ["{site}"]},
        201,  # as the notices API has always answered a retried create
        "电梯消毒公告",
    ),
}  # fmt: skip
KINDS = list(CREATES)

# The same id sent again with something else changed: each must be refused.
CHANGES = [
    pytest.param("entry", {"temperature": 36.7}, id="entry: another temperature"),
    pytest.param("entry", {"document": OTHER_ID_NUMBER}, id="entry: another ID number"),
    pytest.param("entry", {"phone": "13812345679"}, id="entry: another phone number"),
    pytest.param("entry", {"gate": "{second_gate}"}, id="entry: another gate of the site"),
    pytest.param("entry", {"gate": "{other_site_gate}"}, id="entry: a gate of another site"),
    pytest.param("visitor pass", {"name": "钱先生"}, id="visitor pass: another visitor"),
    pytest.param("returnee", {"phone_number": "13912340002"}, id="returnee: another phone"),
    pytest.param("returnee", {"document_number": ID_NUMBER}, id="returnee: another ID number"),
    pytest.param("need", {"details": "两桶水"}, id="need: other details"),
    pytest.param("need", {"kind": "water"}, id="need: another kind"),
    pytest.param("notice", {"title": {"zh-hans": "垃圾分类"}}, id="notice: another title"),
    pytest.param("notice", {"sites": ["{other_site}"]}, id="notice: another site"),
]

# One change per kind of the value only the first body holds, and of no place.
FIRST_CHANGE = {
    "entry": {"name": "李女士"},
    "visitor pass": {"name": "钱先生"},
    "returnee": {"name": "林女士"},
    "need": {"details": "两桶水"},
    "notice": {"title": {"zh-hans": "垃圾分类"}},
}


def fill(value, places):
    """A body with its places ("{gate}", "{site}", "{case}", "{yesterday}") filled in."""
    if isinstance(value, dict):
        return {key: fill(item, places) for key, item in value.items()}
    if isinstance(value, list):
        return [fill(item, places) for item in value]
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return getattr(places, value[1:-1])
    return value


def request(kind: str, places, key: str, /, **change) -> tuple[str, dict]:
    create = CREATES[kind]
    return create.url, {**fill({**create.body, **change}, places), "uuid": key}


def state(company) -> dict:
    """Every row a create could write or change, with all its values."""
    models = (Entry, EscalationCase, VisitorPass, Returnee, IsolationCase, NeedRequest, Notice)
    with schema_context(company.schema_name):
        found = {model.__name__: list(model.objects.order_by("pk").values()) for model in models}
        found["postings"] = list(Notice.sites.through.objects.order_by("pk").values())
    return found


def a_case(company, site) -> int:
    """An isolation case at the site, for needs to be noted on."""
    with tenant_context(company):
        observed = ObservationIn(
            name="刘阿姨",
            building="2号楼",
            room="101",
            phone="13687654321",
            starts_on=timezone.localdate() - DAY,
        )
        return place_under_observation(site, observed, by=None).pk  # fmt: skip


@pytest.fixture
def places_a(company_a, site_a, gate_a):
    other_site = make_site(company_a, name="紫云小区")
    return SimpleNamespace(
        gate=gate_a.pk,
        second_gate=make_gate(company_a, site_a, name="北门").pk,
        other_site=other_site.pk,
        other_site_gate=make_gate(company_a, other_site, name="西门").pk,
        site=site_a.pk,
        case=a_case(company_a, site_a),
        yesterday=(timezone.localdate() - DAY).isoformat(),
    )


@pytest.fixture
def places_b(company_b, site_b, gate_b):
    return SimpleNamespace(
        gate=gate_b.pk,
        site=site_b.pk,
        case=a_case(company_b, site_b),
        yesterday=(timezone.localdate() - DAY).isoformat(),
    )


def created(response) -> dict:
    assert response.status_code == 201, response.content
    return response.json()


def conflict(response, key: str, language: str) -> None:
    """A 409 in the API's error shape, naming the id in the caller's language, and no record."""
    assert response.status_code == 409, response.content
    message = in_language(language, REUSED, uuid=key)
    assert response.json() == {"detail": message, "errors": {"uuid": [message]}}


# Over the partner API


@pytest.mark.parametrize("kind", KINDS)
def test_a_create_sent_again_with_the_same_body_answers_with_the_first_record(
    writer, company_a, places_a, kind
):
    url, body = request(kind, places_a, str(uuid.uuid4()))
    first = created(writer.post(url, body, format="json"))
    before = state(company_a)
    again = writer.post(url, body, format="json")
    assert again.status_code == CREATES[kind].resend_status, again.content
    assert again.json() == first
    assert state(company_a) == before


@pytest.mark.parametrize(("kind", "change"), CHANGES)
@pytest.mark.parametrize("language", ["zh-hans", "ja"])
def test_the_same_id_with_a_different_body_is_a_conflict_naming_the_id_and_changes_nothing(
    writer, company_a, places_a, kind, change, language
):
    key = str(uuid.uuid4())
    url, body = request(kind, places_a, key)
    first = created(writer.post(url, body, format="json"))
    before = state(company_a)
    url, changed = request(kind, places_a, key, **change)
    conflict(writer.post(url, changed, format="json", HTTP_ACCEPT_LANGUAGE=language), key, language)
    assert state(company_a) == before
    # The first record is still the answer to its own body.
    assert writer.post(url, body, format="json").json() == first


@pytest.mark.parametrize("kind", KINDS)
def test_a_record_made_before_ids_were_checked_still_answers_any_resend_with_itself(
    writer, company_a, places_a, kind
):
    """Kept without a fingerprint, an old record cannot tell another body from its own: it is
    answered as a resend, as before, so a phone's queue kept across the upgrade is answered."""
    key = str(uuid.uuid4())
    url, body = request(kind, places_a, key)
    first = created(writer.post(url, body, format="json"))
    with schema_context(company_a.schema_name):
        model = {"entry": Entry, "visitor pass": VisitorPass, "returnee": Returnee,
                 "need": NeedRequest, "notice": Notice}[kind]  # fmt: skip
        model.objects.update(request_hash="")
    before = state(company_a)
    url, changed = request(kind, places_a, key, **FIRST_CHANGE[kind])
    again = writer.post(url, changed, format="json")
    assert again.status_code == CREATES[kind].resend_status, again.content
    assert again.json() == first
    assert state(company_a) == before


@pytest.mark.parametrize("kind", KINDS)
def test_another_company_reusing_an_id_gets_its_own_record_and_sees_nothing_of_the_first(
    writer, api_for, api_key_for, company_a, company_b, places_a, places_b, kind
):
    key = str(uuid.uuid4())
    url, body = request(kind, places_a, key)
    created(writer.post(url, body, format="json"))
    before = state(company_a)
    beta = api_for(company_b, key=api_key_for(company_b, ApiScope.READ_WRITE))
    url, theirs = request(kind, places_b, key, **FIRST_CHANGE[kind])
    response = beta.post(url, theirs, format="json")
    assert created(response)["uuid"] == key
    assert CREATES[kind].marker not in response.content.decode()
    assert state(company_a) == before


# Over the guard's phone


PHONE_PATH = "/m/gate/entries/"


AN_HOUR_AGO = (timezone.now() - datetime.timedelta(hours=1)).replace(microsecond=123000)


def resident(gate, key: str, **fields) -> dict:
    """An entry as the phone's queue holds it: with the time it was recorded, to the millisecond."""
    return {"uuid": key, "gate": gate.pk, "category": "resident", "temperature": "36.5",
            "health_code": "none", "recorded_at": AN_HOUR_AGO.isoformat(), **fields}  # fmt: skip


def test_the_guards_phone_resending_an_entry_gets_the_first_record_and_records_nothing(
    phone, company_a, gate_a
):
    sent = resident(gate_a, str(uuid.uuid4()))
    first = phone.post(PHONE_PATH, sent, content_type="application/json")
    assert first.status_code == 201, first.content
    before = state(company_a)
    again = phone.post(PHONE_PATH, sent, content_type="application/json")
    assert (again.status_code, again.json()) == (200, {**first.json(), "created": False})
    assert state(company_a) == before


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"temperature": "38.5"}, id="another temperature"),
        pytest.param(
            {"category": "courier", "name": "快递员", "phone": "13900001111"},
            id="another entrant",
        ),
        pytest.param(
            {"recorded_at": (AN_HOUR_AGO + datetime.timedelta(minutes=1)).isoformat()},
            id="another time",
        ),
    ],
)
def test_the_guards_phone_sending_an_id_again_with_another_entry_gets_a_conflict_it_drops(
    phone, company_a, gate_a, change
):
    key = str(uuid.uuid4())
    sent = resident(gate_a, key)
    assert phone.post(PHONE_PATH, sent, content_type="application/json").status_code == 201
    before = state(company_a)
    response = phone.post(PHONE_PATH, {**sent, **change}, content_type="application/json")
    assert response.status_code == 409, response.content
    assert response.json() == {
        "detail": in_language("zh-hans", REUSED_AT_THE_GATE, uuid=key),
        "errors": {"uuid": [in_language("zh-hans", REUSED, uuid=key)]},
    }
    assert state(company_a) == before  # no second entry, and no escalation for the fever


def test_an_entry_sent_by_the_partner_api_and_reused_by_a_phone_is_a_conflict(
    writer, phone, company_a, places_a, gate_a
):
    key = str(uuid.uuid4())
    url, body = request("entry", places_a, key)
    created(writer.post(url, body, format="json"))
    before = state(company_a)
    response = phone.post(PHONE_PATH, resident(gate_a, key), content_type="application/json")
    assert response.status_code == 409, response.content
    assert state(company_a) == before


# In the portal, and after the retention period


def test_a_portal_form_sent_again_with_other_data_says_so_on_the_form(
    client_for, company_a, manager_a, places_a
):
    portal = client_for(company_a, manager_a)
    url = f"/isolation/{places_a.case}/needs/new/"
    key = str(uuid.uuid4())
    assert portal.post(url, {"uuid": key, "kind": "water"}).status_code == 302
    before = state(company_a)
    again = portal.post(url, {"uuid": key, "kind": "groceries", "details": "米"})
    assert again.status_code == 400
    assert in_language("zh-hans", REUSED, uuid=key) in again.content.decode()
    assert state(company_a) == before


def test_after_the_retention_period_no_fingerprint_of_the_numbers_is_kept(
    writer, company_a, places_a
):
    url, body = request("entry", places_a, str(uuid.uuid4()))
    first = created(writer.post(url, body, format="json"))
    with tenant_context(company_a):
        remove_expired_personal_data(by=None, now=timezone.now() + 400 * DAY)
        [entry] = Entry.objects.filter(pk=first["id"])
        assert (entry.document_number, entry.request_hash) == ("", "")
    # A very late resend is still the first entry, without its numbers now.
    again = writer.post(url, body, format="json")
    assert (again.status_code, again.json()["id"]) == (200, first["id"])


@pytest.mark.parametrize("kind", KINDS)
def test_the_api_schema_says_a_reused_id_answers_409(client_for, company_a, kind):
    schema = client_for(company_a).get("/api/schema/", {"format": "json", "lang": "en"}).json()
    body = schema["paths"][CREATES[kind].url]["post"]["requestBody"]["content"]
    name = body["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    described = schema["components"]["schemas"][name]["properties"]["uuid"]["description"]
    assert "the same id with different data answers 409 Conflict" in described
