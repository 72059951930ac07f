from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from companies.services import create_company, portal_url_for
from guanjia.actors import System


class Command(BaseCommand):
    help = "Create a property company with its own schema, portal domain and first manager."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="Company name, e.g. 天山物业")
        parser.add_argument("--slug", required=True, help="Short name used in the portal address")
        parser.add_argument("--admin-email", required=True, help="E-mail of the first manager")

    def handle(self, *args, name, slug, admin_email, **options):
        try:
            company = create_company(
                name=name, slug=slug, admin_email=admin_email, by=System("create_company")
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"{company.name}: {portal_url_for(company)}"))
