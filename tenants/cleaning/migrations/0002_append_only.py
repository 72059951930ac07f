from django.db import migrations

# Cleaning logs are the evidence residents and inspectors rely on: once written, no code path
# (a shell, a bulk update, a future bug) may rewrite or remove one. A correction is a new log.
# The one exception is the retention run, which drops old photos and nothing else: it says so
# for its own transaction (`SET LOCAL guanjia.photo_retention = 'on'`, see
# cleaning.services.retention), and even then only the photo may change, and only to nothing.
# The function lives in the public schema, once for every company; each company's table has
# its own trigger, which cloning copies.
FUNCTION = """
CREATE OR REPLACE FUNCTION public.cleaning_log_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE'
        AND current_setting('guanjia.photo_retention', true) = 'on'
        AND NEW.photo = ''
        AND (to_jsonb(NEW) - 'photo') = (to_jsonb(OLD) - 'photo') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'cleaning logs are append-only: % refused on %', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
"""
TRIGGER = """
CREATE TRIGGER cleaning_log_append_only BEFORE UPDATE OR DELETE ON cleaning_cleaninglog
FOR EACH ROW EXECUTE FUNCTION public.cleaning_log_refuse_change();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("cleaning", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(FUNCTION, migrations.RunSQL.noop),
        migrations.RunSQL(
            TRIGGER, "DROP TRIGGER cleaning_log_append_only ON cleaning_cleaninglog;"
        ),
    ]
