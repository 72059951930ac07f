from django.db import migrations

# The log stays append-only, except that the retention run must remove the entries that name
# a person once that person's data has expired. It says so for its own transaction only
# (`SET LOCAL guanjia.log_retention = 'on'`, see history.services.forget_entries_about), so a
# shell, a bulk delete or a future bug still cannot remove an entry by accident, and nothing
# may ever rewrite one. The setting guards against mistakes, not against someone who may run
# SQL at will (they could drop the trigger too).
#
# The function lives in the public schema, once for every company: each company's migration
# replaces it again with the same body, and going back restores the old body for all.
FUNCTION = """
CREATE OR REPLACE FUNCTION public.history_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('guanjia.log_retention', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'the action log is append-only: % refused on %', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
"""
PREVIOUS = """
CREATE OR REPLACE FUNCTION public.history_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the action log is append-only: % refused on %', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("history", "0002_append_only"),
    ]

    operations = [
        migrations.RunSQL(FUNCTION, PREVIOUS),
    ]
