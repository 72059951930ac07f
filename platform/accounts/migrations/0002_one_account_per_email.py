import django.db.models.functions.text
from django.db import migrations, models


def refuse_accounts_differing_by_case(apps, schema_editor):
    """Stop with the addresses to merge, rather than fail on the constraint with no names."""
    User = apps.get_model("accounts", "User")
    clashes = (
        User.objects.annotate(address=django.db.models.functions.text.Lower("email"))
        .values("address")
        .annotate(accounts=models.Count("id"))
        .filter(accounts__gt=1)
        .values_list("address", flat=True)
    )
    if clashes:
        raise RuntimeError(
            "These addresses belong to more than one account, differing only by letter case; "
            "merge or rename them in /admin/, then migrate again: " + ", ".join(sorted(clashes))
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("regulators", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(refuse_accounts_differing_by_case, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("email"),
                name="one_account_per_email",
                violation_error_message="An account with this e-mail address already exists.",
            ),
        ),
    ]
