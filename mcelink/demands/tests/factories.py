import factory

from mcelink.companies.tests.factories import BuyerFactory, SupplierFactory
from mcelink.demands.models import Demand, Invitation


class DemandFactory(factory.django.DjangoModelFactory):
    """A draft demand written straight to the table; tests of the workflow move it with the services."""

    class Meta:
        model = Demand

    buyer = factory.SubFactory(BuyerFactory)
    title = factory.Sequence(lambda n: f"시험 수요 {n}")
    summary = "요약: 시험용 수요"
    specification = "사양: 시험용"


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    demand = factory.SubFactory(DemandFactory)
    supplier = factory.SubFactory(SupplierFactory)
