from django.db import migrations

# The gate look-up kept in each process (services/gates.py) is only as good as the version
# that makes it old. Python signals renewed it for saves made through models, but not for
# QuerySet.update(), bulk_create, raw SQL, a data migration or another program. The database
# itself now renews it after any statement that writes to a table the look-up reads, so no
# write path can leave a worker admitting under rights that are gone.
#
# An UPDATE, not an upsert: the row exists from migration 0002 (and is copied into every new
# company), and cloning copies the template's rows after its triggers, which an insert here
# would collide with. The schema is the one written to, whatever the writer's search path.
FUNCTION = """
CREATE OR REPLACE FUNCTION public.gate_renew_rules_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('UPDATE %I.gate_rulesversion SET token = gen_random_uuid()', TG_TABLE_SCHEMA);
    RETURN NULL;
END;
$$;
"""
# What the look-up reads: gates, sites, their assigned staff, entry policies, shifts, people.
TABLES = (
    "sites_gate",
    "sites_site",
    "sites_site_assigned_users",
    "gate_entrypolicy",
    "rosters_shift",
    "rosters_dutyperson",
)
TRIGGER = (
    "CREATE TRIGGER gate_rules_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
    "FOR EACH STATEMENT EXECUTE FUNCTION public.gate_renew_rules_version();"
)


class Migration(migrations.Migration):
    dependencies = [
        ("gate", "0004_entry_personal_removed"),
        ("rosters", "0002_encrypt_dutyperson_phone"),
        ("sites", "0004_gate_visitor_token"),
    ]

    operations = [
        migrations.RunSQL(FUNCTION, migrations.RunSQL.noop),
        *(
            migrations.RunSQL(
                TRIGGER.format(table=table), f"DROP TRIGGER gate_rules_changed ON {table};"
            )
            for table in TABLES
        ),
    ]
