"""What a regulator may read: the companies with sites in its jurisdiction, and those sites."""

from dataclasses import dataclass

from django_tenants.utils import get_public_schema_name, schema_context

from companies.models import Company
from regulators.models import Regulator
from tenants.sites.models import Site


@dataclass(frozen=True)
class SupervisedCompany:
    """A company seen by a regulator, with only its sites inside the jurisdiction."""

    company: Company
    sites: list[Site]

    @property
    def households(self) -> int:
        return sum(site.households for site in self.sites)


def supervised_companies(regulator: Regulator) -> list[SupervisedCompany]:
    found = []
    for company in Company.objects.exclude(schema_name=get_public_schema_name()):
        sites = sites_in_jurisdiction(regulator, company)
        if sites:
            found.append(SupervisedCompany(company, sites))
    return found


def sites_in_jurisdiction(regulator: Regulator, company: Company) -> list[Site]:
    with schema_context(company.schema_name):
        return list(Site.objects.filter(district__in=regulator.districts).order_by("name"))
