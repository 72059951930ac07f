# People on duty's phone numbers are encrypted at rest, like the gate's personal data.
#
# django-tenants runs this once in every company's schema. The numbers are copied into a new
# encrypted column in batches, then the plain column is dropped and the new one takes its name.
# Both directions need PERSONAL_DATA_KEYS; going back writes the numbers in clear again.

from django.db import migrations

import guanjia.encryption

BATCH = 500


def copy_phones(people, source: str, target: str) -> None:
    """Copy every non-empty number from one column to the other, BATCH rows at a time.

    The encrypted column's field encrypts on write and decrypts on read, so copying the value
    through the (historical) model is all the conversion there is.
    """
    rows = people.objects.exclude(**{source: ""}).only("pk", source).order_by("pk")
    batch = []
    for person in rows.iterator(chunk_size=BATCH):
        setattr(person, target, getattr(person, source))
        batch.append(person)
        if len(batch) == BATCH:
            people.objects.bulk_update(batch, [target])
            batch = []
    if batch:
        people.objects.bulk_update(batch, [target])


def encrypt_phones(apps, schema_editor):
    copy_phones(apps.get_model("rosters", "DutyPerson"), "phone", "phone_encrypted")


def decrypt_phones(apps, schema_editor):
    copy_phones(apps.get_model("rosters", "DutyPerson"), "phone_encrypted", "phone")


class Migration(migrations.Migration):
    dependencies = [
        ("rosters", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="dutyperson",
            name="phone_encrypted",
            field=guanjia.encryption.EncryptedField(
                blank=True, default="", verbose_name="mobile number"
            ),
            preserve_default=False,
        ),
        migrations.RunPython(encrypt_phones, decrypt_phones),
        migrations.RemoveField(
            model_name="dutyperson",
            name="phone",
        ),
        migrations.RenameField(
            model_name="dutyperson",
            old_name="phone_encrypted",
            new_name="phone",
        ),
    ]
