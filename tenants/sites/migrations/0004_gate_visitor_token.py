from django.db import migrations, models

import tenants.sites.models.site


def give_each_gate_its_own_token(apps, schema_editor):
    Gate = apps.get_model("sites", "Gate")
    for gate in Gate.objects.all():
        gate.visitor_token = tenants.sites.models.site.new_board_token()
        gate.save(update_fields=["visitor_token"])


class Migration(migrations.Migration):
    dependencies = [
        ("sites", "0003_site_board_token"),
    ]

    operations = [
        # Added without uniqueness first: a callable default gives every existing row the same value.
        migrations.AddField(
            model_name="gate",
            name="visitor_token",
            field=models.CharField(editable=False, max_length=32, null=True, verbose_name="visitor form key"),
        ),
        migrations.RunPython(give_each_gate_its_own_token, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="gate",
            name="visitor_token",
            field=models.CharField(
                default=tenants.sites.models.site.new_board_token,
                editable=False,
                max_length=32,
                unique=True,
                verbose_name="visitor form key",
            ),
        ),
    ]
