from django.db import migrations, models

import tenants.sites.models.site


def give_each_site_its_own_token(apps, schema_editor):
    Site = apps.get_model("sites", "Site")
    for site in Site.objects.all():
        site.board_token = tenants.sites.models.site.new_board_token()
        site.save(update_fields=["board_token"])


class Migration(migrations.Migration):
    dependencies = [
        ("sites", "0002_facility_gate_gatestatuschange_responsibleunit_and_more"),
    ]

    operations = [
        # Added without uniqueness first: a callable default gives every existing row the same value.
        migrations.AddField(
            model_name="site",
            name="board_token",
            field=models.CharField(editable=False, max_length=32, null=True, verbose_name="public board key"),
        ),
        migrations.RunPython(give_each_site_its_own_token, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="site",
            name="board_token",
            field=models.CharField(
                default=tenants.sites.models.site.new_board_token,
                editable=False,
                max_length=32,
                unique=True,
                verbose_name="public board key",
            ),
        ),
    ]
