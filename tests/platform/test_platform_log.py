"""The platform's own changes — companies, memberships, API keys, regulators signing in — are
logged once each, naming who acted, in a public-schema log the database keeps append-only."""

import pytest
from django.db import DatabaseError, InternalError, transaction
from django.test import Client
from django_tenants.utils import schema_context

from accounts.memberships import add_membership, change_membership, remove_membership
from accounts.models import Membership, User
from accounts.roles import ApiScope, Role
from audit.actions import PLATFORM_ACTIONS
from audit.models import PlatformActorKind, PlatformLogEntry
from companies.services import create_company
from guanjia.actors import System
from partners.services import create_api_key, revoke_api_key
from tenants.sites.models import Site
from tests.conftest import PASSWORD, PUBLIC_HOST, host_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def platform_admin(db):
    return User.objects.create_superuser("ops@guanjia.test", PASSWORD, full_name="运维 小李")


def logged_by(call):
    """The entries `call` adds to the platform log."""
    before = set(PlatformLogEntry.objects.values_list("pk", flat=True))
    call()
    return list(PlatformLogEntry.objects.exclude(pk__in=before))


def test_creating_a_company_logs_one_entry_naming_the_admin_who_did(platform_admin):
    (entry,) = logged_by(
        lambda: create_company(
            name="丙物业", slug="gamma", admin_email="boss@gamma.test", by=platform_admin
        )
    )
    company_id = Membership.objects.get(user__email="boss@gamma.test").company_id
    assert (entry.action, entry.object_type, entry.object_id) == (
        "company.created",
        "companies.company",
        company_id,
    )
    assert (entry.actor_kind, entry.actor_user_id, entry.actor_label) == (
        PlatformActorKind.USER,
        platform_admin.pk,
        "运维 小李",
    )
    assert entry.data == {"slug": "gamma", "first_manager": "boss@gamma.test"}


def test_a_command_creating_a_company_is_logged_under_its_name(db):
    (entry,) = logged_by(
        lambda: create_company(
            name="丁物业", slug="delta", admin_email="boss@delta.test", by=System("create_company")
        )
    )
    assert (entry.actor_kind, entry.actor_label) == (PlatformActorKind.SYSTEM, "create_company")


def test_adding_changing_and_removing_a_membership_each_log_one_entry(platform_admin, company_a):
    person = User.objects.create_user("new@alpha.test", PASSWORD)
    (added,) = logged_by(
        lambda: add_membership(user=person, company=company_a, role=Role.GUARD, by=platform_admin)
    )
    membership = Membership.objects.get(user=person)
    membership_id = membership.pk
    (changed,) = logged_by(
        lambda: change_membership(membership, role=Role.SITE_MANAGER, by=platform_admin)
    )
    (removed,) = logged_by(lambda: remove_membership(membership, by=platform_admin))
    assert [(e.action, e.actor_user_id, e.company_id) for e in (added, changed, removed)] == [
        ("membership.added", platform_admin.pk, company_a.pk),
        ("membership.changed", platform_admin.pk, company_a.pk),
        ("membership.removed", platform_admin.pk, company_a.pk),
    ]
    assert changed.data == {"changes": {"role": [Role.GUARD, Role.SITE_MANAGER]}}
    assert removed.object_id == membership_id and not Membership.objects.filter(user=person)


def test_the_same_role_again_or_an_existing_membership_logs_nothing(platform_admin, manager_a):
    membership = Membership.objects.get(user=manager_a)
    company = membership.company
    assert logged_by(lambda: change_membership(membership, role=Role.MANAGER, by=manager_a)) == []
    again = lambda: add_membership(user=manager_a, company=company, role="guard", by=manager_a)  # noqa: E731
    assert logged_by(again) == []


def test_creating_and_revoking_an_api_key_are_logged_without_its_secret(manager_a, company_a):
    issued = []
    (created,) = logged_by(
        lambda: issued.append(
            create_api_key(company=company_a, name="美团柜", scope=ApiScope.READ, by=manager_a)
        )
    )
    key = issued[0].api_key
    (revoked,) = logged_by(lambda: revoke_api_key(key, by=manager_a))
    assert logged_by(lambda: revoke_api_key(key, by=manager_a)) == []  # already revoked
    assert [(e.action, e.object_id, e.actor_user_id) for e in (created, revoked)] == [
        ("api_key.created", key.pk, manager_a.pk),
        ("api_key.revoked", key.pk, manager_a.pk),
    ]
    assert created.data == {"name": "美团柜", "scope": ApiScope.READ}
    secret = issued[0].plaintext.rsplit("_", 1)[1]
    assert secret not in str(created.data) + created.object_label


def test_the_platform_log_refuses_to_be_changed_or_deleted_even_in_sql(manager_a, company_a):
    create_api_key(company=company_a, name="门禁", scope=ApiScope.READ, by=manager_a)
    entry = PlatformLogEntry.objects.get(action="api_key.created")
    for change in (
        lambda: PlatformLogEntry.objects.filter(pk=entry.pk).update(actor_label="别人"),
        lambda: PlatformLogEntry.objects.filter(pk=entry.pk).delete(),
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            change()
    assert PlatformLogEntry.objects.get(pk=entry.pk).actor_label == str(manager_a)


def test_the_platform_log_lives_in_the_public_schema_only(company_a, manager_a):
    create_api_key(company=company_a, name="门禁", scope=ApiScope.READ, by=manager_a)
    with schema_context(company_a.schema_name):
        # From a company's schema it is found through the search path, in public.
        assert PlatformLogEntry.objects.filter(action="api_key.created").count() == 1
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_schema FROM information_schema.tables "
            "WHERE table_name = 'audit_platformlogentry'"
        )
        assert [row[0] for row in cursor.fetchall()] == ["public"]


@pytest.mark.parametrize("on_company_host", [False, True], ids=["platform", "company"])
def test_a_regulators_sign_in_is_logged(regulator_user, company_a, on_company_host):
    browser = Client(HTTP_HOST=host_of(company_a) if on_company_host else PUBLIC_HOST)
    signing_in = lambda: browser.post(  # noqa: E731
        "/accounts/login/", {"username": regulator_user.email, "password": PASSWORD}
    )
    (entry,) = logged_by(signing_in)
    assert (entry.action, entry.actor_user_id, entry.actor_label) == (
        "regulator.signed_in",
        regulator_user.pk,
        str(regulator_user),
    )
    assert entry.object_label == str(regulator_user.regulator)


def test_a_regulator_who_signed_in_still_cannot_write_company_data(
    regulator_user, company_a, site_a, settings
):
    browser = Client(HTTP_HOST=PUBLIC_HOST)
    browser.post("/accounts/login/", {"username": regulator_user.email, "password": PASSWORD})
    assert PlatformLogEntry.objects.filter(action="regulator.signed_in").count() == 1
    assert browser.get("/regulator/").status_code == 200
    settings.PUBLIC_SCHEMA_URLCONF = "tests.platform.test_regulators"
    with pytest.raises(InternalError, match="read-only transaction"):
        browser.get("/insert-site/")
    with schema_context(company_a.schema_name):
        assert not Site.objects.filter(name="探针小区").exists()


def test_company_staff_signing_in_is_not_a_platform_entry(manager_a):
    browser = Client(HTTP_HOST=PUBLIC_HOST)
    assert (
        logged_by(
            lambda: browser.post(
                "/accounts/login/", {"username": manager_a.email, "password": PASSWORD}
            )
        )
        == []
    )


def test_platform_admins_read_the_log_and_cannot_add_change_or_delete(platform_admin, company_a):
    create_api_key(company=company_a, name="门禁", scope=ApiScope.READ, by=platform_admin)
    entry = PlatformLogEntry.objects.get(action="api_key.created")
    admin = Client(HTTP_HOST=PUBLIC_HOST)
    admin.force_login(platform_admin)
    listing = admin.get("/admin/audit/platformlogentry/")
    assert listing.status_code == 200 and "门禁" in listing.text
    assert admin.get("/admin/audit/platformlogentry/add/").status_code == 403
    detail = admin.get(f"/admin/audit/platformlogentry/{entry.pk}/change/")
    assert detail.status_code == 200 and 'name="_save"' not in detail.text
    assert admin.post(f"/admin/audit/platformlogentry/{entry.pk}/delete/").status_code == 403


def test_every_platform_action_reads_in_every_language():
    from django.utils import translation

    with translation.override("en"):
        english = {code: str(words) for code, words in PLATFORM_ACTIONS.items()}
    for language in ("zh-hans", "ja", "ko"):
        with translation.override(language):
            assert all(str(words) != english[code] for code, words in PLATFORM_ACTIONS.items())
