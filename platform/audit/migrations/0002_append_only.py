from django.db import migrations

# The platform log is append-only in the database too, as each company's log is
# (history/0002_append_only): no shell, bulk update or future bug can rewrite who did what.
FUNCTION = """
CREATE OR REPLACE FUNCTION public.audit_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the platform log is append-only: % refused on %', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
"""
TRIGGER = """
CREATE TRIGGER audit_platformlogentry_append_only
BEFORE UPDATE OR DELETE ON audit_platformlogentry
FOR EACH ROW EXECUTE FUNCTION public.audit_refuse_change();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(FUNCTION, "DROP FUNCTION public.audit_refuse_change();"),
        migrations.RunSQL(
            TRIGGER, "DROP TRIGGER audit_platformlogentry_append_only ON audit_platformlogentry;"
        ),
    ]
