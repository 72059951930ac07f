"""Rotating the personal-data keys: after `rotate_personal_data` the old key can be dropped."""

import io

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context

from guanjia import encryption
from tenants.gate.models import Entry, IsolationCase, Returnee
from tests.gate.test_personal_data import E164, VALID_ID, raw_row, returnee, returning

NEW_INDEX_KEY = "a-new-index-key-of-at-least-thirty-two-characters"


@pytest.fixture
def keys():
    """Run the rest of the test under other keys; each call replaces them."""
    overrides = []

    def use(*fernet_keys, index_key=settings.PERSONAL_DATA_INDEX_KEY):
        override = override_settings(
            PERSONAL_DATA_KEYS=list(fernet_keys), PERSONAL_DATA_INDEX_KEY=index_key
        )
        override.enable()
        overrides.append(override)
        encryption.forget_keys()

    yield use
    for override in reversed(overrides):
        override.disable()
    encryption.forget_keys()


def rotate() -> str:
    out = io.StringIO()
    call_command("rotate_personal_data", stdout=out)
    return out.getvalue()


def test_after_rotation_the_numbers_read_with_the_new_key_alone(keys, company_a, gate_a):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    keys(old)
    with tenant_context(company_a):
        entry = returning(gate_a)
        before = raw_row("gate_entry", entry.pk)
    keys(new, old)
    rotate()
    keys(new)
    with schema_context(company_a.schema_name):
        entry = Entry.objects.get(pk=entry.pk)
        assert (entry.document_number, entry.phone) == (VALID_ID, E164)
        assert raw_row("gate_entry", entry.pk) != before


def test_a_new_index_key_finds_the_same_people(keys, company_a, site_a, gate_a):
    key = Fernet.generate_key().decode()
    keys(key)
    with tenant_context(company_a):
        entry = returning(gate_a)
        registered = returnee(site_a, arrived_on=timezone.localdate())
    keys(key, index_key=NEW_INDEX_KEY)
    rotate()
    found_by = encryption.blind_index(VALID_ID)
    with schema_context(company_a.schema_name):
        assert list(Entry.objects.filter(document_hash=found_by)) == [entry]
        assert list(Returnee.objects.filter(document_hash=found_by)) == [registered]
        assert IsolationCase.objects.filter(document_hash=found_by).count() == 1


def test_every_companys_numbers_are_rotated(keys, company_a, company_b, gate_a, gate_b):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    keys(old)
    with tenant_context(company_b):
        returning(gate_b)
    with tenant_context(company_a):
        returning(gate_a)
    keys(new, old)
    output = rotate()
    keys(new)
    for company in (company_a, company_b):
        assert f"{company.schema_name}: 1 rows rewritten" in output
        with schema_context(company.schema_name):
            assert Entry.objects.get().document_number == VALID_ID
