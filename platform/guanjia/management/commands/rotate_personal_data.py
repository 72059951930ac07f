from django.core.management.base import BaseCommand

from guanjia.key_rotation import rotate_personal_data


class Command(BaseCommand):
    help = (
        "Re-encrypt ID, passport and phone numbers under the first of PERSONAL_DATA_KEYS and "
        "recompute their keyed hashes with PERSONAL_DATA_INDEX_KEY, in every company's schema."
    )

    def handle(self, *args, **options):
        counts = rotate_personal_data()
        for schema_name, rewritten in counts.items():
            if rewritten or options["verbosity"] > 1:
                self.stdout.write(f"{schema_name}: {rewritten} rows rewritten")
        self.stdout.write(f"Rewritten {sum(counts.values())} rows in {len(counts)} schemas.")
