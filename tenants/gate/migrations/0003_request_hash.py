from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("gate", "0002_rules_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="entry",
            name="request_hash",
            field=models.CharField(
                blank=True,
                default="",
                editable=False,
                max_length=64,
                verbose_name="request fingerprint",
            ),
        ),
        migrations.AddField(
            model_name="needrequest",
            name="request_hash",
            field=models.CharField(
                blank=True,
                default="",
                editable=False,
                max_length=64,
                verbose_name="request fingerprint",
            ),
        ),
        migrations.AddField(
            model_name="returnee",
            name="request_hash",
            field=models.CharField(
                blank=True,
                default="",
                editable=False,
                max_length=64,
                verbose_name="request fingerprint",
            ),
        ),
        migrations.AddField(
            model_name="visitorpass",
            name="request_hash",
            field=models.CharField(
                blank=True,
                default="",
                editable=False,
                max_length=64,
                verbose_name="request fingerprint",
            ),
        ),
    ]
