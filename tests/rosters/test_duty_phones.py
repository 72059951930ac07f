"""People on duty's phone numbers: encrypted at rest like the gate's personal data, shown in
full to managers and site managers, masked to everyone else, and converted when migrating."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django_tenants.utils import schema_context

from accounts.roles import ApiScope, Role
from guanjia.encryption import decrypt
from tenants.rosters.models import DutyPerson
from tests.conftest import make_person

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
PLAIN = "0001_initial"
ENCRYPTED = "0002_encrypt_dutyperson_phone"


def raw_phones(company) -> dict[str, str]:
    """What the database itself holds in the phone column, by person."""
    with schema_context(company.schema_name), connection.cursor() as cursor:
        cursor.execute("SELECT name, phone FROM rosters_dutyperson")
        return dict(cursor.fetchall())


def migrate_rosters(company, migration: str) -> None:
    """Take the company's schema to a rosters migration, forwards or backwards."""
    with schema_context(company.schema_name):
        # Rows written in the test's own transaction get their foreign keys checked at its
        # end, and ALTER TABLE refuses a table with checks pending: make them as rows are
        # written. (Rows from earlier transactions, as in production, have none pending.)
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        MigrationExecutor(connection).migrate([("rosters", migration)])


def test_a_phone_number_is_not_stored_in_clear(company_a):
    make_person(company_a, name="赵志愿", phone="138 1234 5678")
    make_person(company_a, name="Ken Sato", phone="+81 90-1234-5678")
    make_person(company_a, name="钱志愿")
    raw = raw_phones(company_a)
    for stored in (raw["赵志愿"], raw["Ken Sato"]):
        assert not any(digits in stored for digits in ("12345678", "1234 5678", "1234-5678"))
    assert decrypt(raw["赵志愿"]) == "+8613812345678"
    assert decrypt(raw["Ken Sato"]) == "+819012345678"
    assert raw["钱志愿"] == ""
    with schema_context(company_a.schema_name):
        assert DutyPerson.objects.get(name="赵志愿").phone == "+8613812345678"


def test_a_changed_phone_number_is_stored_encrypted_too(api_for, company_a, manager_a, person_a):
    response = api_for(company_a, manager_a).patch(
        f"/api/v1/people/{person_a.pk}/", {"phone": "139 0000 1111"}, format="json"
    )
    assert response.status_code == 200 and response.json()["phone"] == "+8613900001111"
    stored = raw_phones(company_a)["李志愿"]
    assert "13900001111" not in stored and decrypt(stored) == "+8613900001111"


def test_managers_and_site_managers_see_phone_numbers_on_the_people_page_others_masked(
    client_for, make_member, company_a, manager_a
):
    make_person(company_a, name="王保安", kind="paid_guard", phone="13916000001")
    pages = {
        role: client_for(company_a, user).get("/people/", **EN).text
        for role, user in {
            "manager": manager_a,
            "site_manager": make_member(company_a, Role.SITE_MANAGER),
            "viewer": make_member(company_a, Role.VIEWER),
        }.items()
    }
    shown = {role: ("13916000001" in page, "139****0001" in page) for role, page in pages.items()}
    assert shown == {
        "manager": (True, False),
        "site_manager": (True, False),
        "viewer": (False, True),
    }


def test_a_manager_edits_a_phone_number_as_people_write_it(client_for, company_a, manager_a):
    person = make_person(company_a, name="王保安", kind="paid_guard", phone="13916000001")
    client = client_for(company_a, manager_a)
    form = client.get(f"/people/{person.pk}/edit/", **EN).text
    assert 'type="tel"' in form and 'value="13916000001"' in form
    response = client.post(
        f"/people/{person.pk}/edit/",
        {"kind": "paid_guard", "name": "王保安", "phone": "139 1600 0009", "active": "on"},
        **EN,
    )
    assert response.status_code == 302
    assert decrypt(raw_phones(company_a)["王保安"]) == "+8613916000009"


def test_partners_and_viewers_read_phone_numbers_masked_through_the_api(
    api_for, api_key_for, make_member, company_a
):
    person = make_person(company_a, name="赵志愿", phone="13812345678")
    readers = {
        "viewer": api_for(company_a, make_member(company_a, Role.VIEWER)),
        "partner_read_write": api_for(company_a, key=api_key_for(company_a, ApiScope.READ_WRITE)),
    }
    for client in readers.values():
        listed = client.get("/api/v1/people/").json()["results"][0]["phone"]
        one = client.get(f"/api/v1/people/{person.pk}/").json()["phone"]
        assert (listed, one) == ("138****5678", "138****5678")


def test_the_migration_encrypts_numbers_kept_in_clear_and_going_back_decrypts_them(
    company_a, make_member
):
    guard = make_member(company_a, Role.GUARD)
    migrate_rosters(company_a, PLAIN)
    with schema_context(company_a.schema_name), connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO rosters_dutyperson (kind, name, phone, active, created_at, user_id)"
            " VALUES ('volunteer', %s, %s, true, now(), %s)",
            [
                ("赵志愿", "+8613812345678", None),
                ("Ken Sato", "+819012345678", None),
                ("钱志愿", "", None),
                ("孙保安", "+8613916000001", guard.pk),
            ],
        )
    migrate_rosters(company_a, ENCRYPTED)
    raw = raw_phones(company_a)
    assert "13812345678" not in raw["赵志愿"] and "9012345678" not in raw["Ken Sato"]
    with schema_context(company_a.schema_name):
        phones = dict(DutyPerson.objects.values_list("name", "phone"))
    assert phones == {
        "赵志愿": "+8613812345678",
        "Ken Sato": "+819012345678",
        "钱志愿": "",
        "孙保安": "+8613916000001",
    }
    migrate_rosters(company_a, PLAIN)
    assert raw_phones(company_a) == phones
    migrate_rosters(company_a, ENCRYPTED)
