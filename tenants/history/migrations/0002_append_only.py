from django.db import migrations

# The log is append-only in the database too, so no code path (a shell, a bulk update, a
# future bug) can rewrite who did what. The function lives in the public schema, once for
# every company; each company's table has its own trigger, which cloning copies.
FUNCTION = """
CREATE OR REPLACE FUNCTION public.history_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the action log is append-only: % refused on %', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
"""
TRIGGER = """
CREATE TRIGGER history_logentry_append_only BEFORE UPDATE OR DELETE ON history_logentry
FOR EACH ROW EXECUTE FUNCTION public.history_refuse_change();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("history", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(FUNCTION, migrations.RunSQL.noop),
        migrations.RunSQL(
            TRIGGER, "DROP TRIGGER history_logentry_append_only ON history_logentry;"
        ),
    ]
