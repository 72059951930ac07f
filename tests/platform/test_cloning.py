"""A new company's schema is an exact copy of the template, names and migration records included."""

from django.db import connection
from django_tenants.utils import schema_context

from companies.cloning import clone_schema
from tenants.sites.models import Site

CATALOG = {
    "columns": """
        SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
               a.attidentity, pg_get_expr(d.adbin, d.adrelid)
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE c.relnamespace = %s::regnamespace AND c.relkind = 'r'
          AND a.attnum > 0 AND NOT a.attisdropped ORDER BY 1, a.attnum""",
    "constraints": """
        SELECT c.relname, con.conname, pg_get_constraintdef(con.oid) FROM pg_constraint con
        JOIN pg_class c ON c.oid = con.conrelid
        WHERE con.connamespace = %s::regnamespace AND con.contype <> 'n' ORDER BY 1, 2""",
    "indexes": """
        SELECT c.relname, pg_get_indexdef(c.oid) FROM pg_class c
        WHERE c.relnamespace = %s::regnamespace AND c.relkind = 'i' ORDER BY 1""",
    "triggers": """
        SELECT c.relname, pg_get_triggerdef(t.oid) FROM pg_trigger t
        JOIN pg_class c ON c.oid = t.tgrelid
        WHERE c.relnamespace = %s::regnamespace AND NOT t.tgisinternal ORDER BY 1, 2""",
    "migrations": "SELECT app, name FROM {schema}.django_migrations ORDER BY id",
}


def describe(schema: str) -> dict:
    connection.set_schema_to_public()
    described = {}
    with connection.cursor() as cursor:
        for what, sql in CATALOG.items():
            cursor.execute(sql.format(schema=schema), [schema] if "%s" in sql else [])
            rows = [tuple(str(v).replace(f"{schema}.", "<schema>.") for v in row) for row in cursor]
            described[what] = rows
    return described


def test_a_cloned_schema_matches_the_template_in_every_table_constraint_and_index(db):
    clone_schema("company_template", "clone_check")
    template, clone = describe("company_template"), describe("clone_check")
    assert template["columns"] and template["constraints"] and template["indexes"]
    assert template["triggers"]
    assert clone == template


def test_a_cloned_schema_accepts_new_rows_after_the_copied_migration_records(db):
    clone_schema("company_template", "clone_rows")
    with schema_context("clone_rows"):
        site = Site.objects.create(
            name="新小区", kind="compound", district="xuhui", sub_district="湖南路街道",
            address="武康路 1 号", households=10,
        )  # fmt: skip
        assert Site.objects.get().pk == site.pk
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO clone_rows.django_migrations (app, name, applied) "
                       "VALUES ('probe', 'x', now()) RETURNING id")  # fmt: skip
        new_id = cursor.fetchone()[0]
        cursor.execute("SELECT max(id) FROM company_template.django_migrations")
        assert new_id > cursor.fetchone()[0]
