from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from companies.services import ensure_company_template, ensure_public_company


class Command(BaseCommand):
    help = "Migrate the shared schema, the company template and every company; idempotent."

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=verbosity)
        ensure_public_company(domain=settings.PORTAL_DOMAIN)
        ensure_company_template()
        call_command("migrate_schemas", tenant=True, interactive=False, verbosity=verbosity)
