from django.core.management.base import BaseCommand

from devtools import demo


class Command(BaseCommand):
    help = "Load the demo companies, sites, users and regulator (once)."

    def handle(self, *args, **options):
        if demo.load():
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        else:
            self.stdout.write("Demo data already present.")
